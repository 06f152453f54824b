/**
 * `--format github`: GitHub Actions workflow commands, one per finding, so that a workflow step
 * running `wsktrace lint` annotates the trace files in the run summary and pull request:
 *
 *     ::error file=traces/a.jsonl,line=7,title=accept-event-reject-wsk-closes::WskCloseSocket on …
 *
 * error → `::error`, warning → `::warning`, info → `::notice`; a fatal file error is an `::error`
 * without a title. Nothing else is printed (no summary), so every line is a command.
 */
import type {FatalFileError, Finding} from '../findings/finding.js'
import type {Severity} from '../rules/rule-meta.js'
import type {LintReport} from '../lint/lint-report.js'
import {findingText, witnessLine} from './finding-text.js'
import type {FormatterContext} from './index.js'
import {posixRelativePath} from './posix-path.js'

const COMMAND: Record<Severity, string> = {error: 'error', warning: 'warning', info: 'notice'}

/** A command's message, escaped as @actions/core does (`%`, CR and LF). */
export function escapeGithubData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
}

/** A command property value: as data, and also `:` and `,`, which end a property. */
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replaceAll(':', '%3A').replaceAll(',', '%2C')
}

function command(name: string, properties: [string, string | number | undefined][], message: string): string {
  const props = properties
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeGithubProperty(String(value))}`)
    .join(',')
  return `::${name}${props === '' ? '' : ` ${props}`}::${escapeGithubData(message)}`
}

/** The message, then the witness steps on the following lines of the annotation. */
function annotationText(f: Finding): string {
  if (f.witness.length === 0) return findingText(f)
  return [findingText(f), 'witness:', ...f.witness.map((step) => `  ${witnessLine(step)}`)].join('\n')
}

function findingCommand(f: Finding, file: string | undefined): string {
  // Standard input has no file to annotate: the line alone would point nowhere.
  const line = file === undefined ? undefined : f.line
  return command(COMMAND[f.severity], [['file', file], ['line', line], ['title', f.ruleId]], annotationText(f))
}

function fatalCommand(fatal: FatalFileError, cwd: string): string {
  const file = posixRelativePath(fatal.file, cwd)
  return command('error', [['file', file], ['line', file === undefined ? undefined : fatal.line]], fatal.message)
}

export function formatGithub(report: LintReport, ctx: FormatterContext): string {
  const lines: string[] = []
  for (const result of report.results) {
    const file = posixRelativePath(result.file, ctx.cwd)
    for (const f of result.findings) lines.push(findingCommand(f, file))
  }
  for (const fatal of report.fatalErrors) lines.push(fatalCommand(fatal, ctx.cwd))
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}
