/**
 * `--format junit`: JUnit XML, so that CI systems (Jenkins, GitLab, Azure Pipelines, …) show
 * traces as tests. One `<testsuite>` per folder, one `<testcase>` per trace file, one `<failure>`
 * per error finding; warnings and infos go to the test case's `<system-out>`, and a file that could
 * not be read is an `<error>`.
 */
import path from 'node:path'
import type {FatalFileError, FileResult, Finding} from '../findings/finding.js'
import type {LintReport} from '../lint/lint-report.js'
import {findingText, witnessLine} from './finding-text.js'
import type {FormatterContext} from './index.js'
import {posixRelativePath} from './posix-path.js'
import {escapeXmlAttribute as attr, escapeXmlText as text} from './xml-escape.js'

/** Longest message in a `<failure message="…">` attribute: the full text is in the element. */
export const FAILURE_MESSAGE_MAX = 200

interface TestCase {
  classname: string
  name: string
  file?: string
  result?: FileResult
  fatal?: FatalFileError
}

/** Cuts at `max` characters (an ellipsis marking the cut), never inside a surrogate pair. */
export function shorten(s: string, max: number): string {
  if (s.length <= max) return s
  let end = max - 1
  const last = s.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${s.slice(0, end)}…`
}

function testCaseOf(file: string, cwd: string): TestCase {
  const relative = posixRelativePath(file, cwd)
  if (relative === undefined) return {classname: 'stdin', name: '<stdin>'}
  const slash = relative.lastIndexOf('/')
  return {classname: slash < 0 ? '.' : relative.slice(0, slash), name: relative.slice(slash + 1), file: relative}
}

/** `line <n>: [<label>: ]<message>`, then the witness steps indented. */
function findingBody(f: Finding, label = ''): string {
  const lines = [`line ${f.line}: ${label}${findingText(f)}`]
  if (f.witness.length > 0) {
    lines.push('witness:')
    for (const step of f.witness) lines.push(`  ${witnessLine(step)}`)
  }
  return lines.join('\n')
}

function fatalText(fatal: FatalFileError): string {
  return fatal.line === undefined ? fatal.message : `line ${fatal.line}: ${fatal.message}`
}

function testCaseXml(tc: TestCase): string[] {
  const file = tc.file === undefined ? '' : ` file="${attr(tc.file)}"`
  const open = `    <testcase classname="${attr(tc.classname)}" name="${attr(tc.name)}"${file} time="0"`
  const children: string[] = []
  const others: string[] = []
  for (const f of tc.result?.findings ?? []) {
    if (f.severity === 'error') {
      const message = `${f.ruleId}: ${shorten(f.message, FAILURE_MESSAGE_MAX)}`
      children.push(`      <failure message="${attr(message)}" type="${attr(f.ruleId)}">${text(findingBody(f))}</failure>`)
    } else {
      others.push(findingBody(f, `${f.severity} ${f.ruleId}: `))
    }
  }
  if (tc.fatal) {
    children.push(`      <error message="${attr(shorten(tc.fatal.message, FAILURE_MESSAGE_MAX))}" type="fatal">${text(fatalText(tc.fatal))}</error>`)
  }
  if (others.length > 0) children.push(`      <system-out>${text(others.join('\n'))}</system-out>`)
  if (children.length === 0) return [`${open}/>`]
  return [`${open}>`, ...children, '    </testcase>']
}

function counts(cases: readonly TestCase[]): string {
  const failures = cases.filter((tc) => tc.result?.findings.some((f) => f.severity === 'error')).length
  const errors = cases.filter((tc) => tc.fatal !== undefined).length
  return `tests="${cases.length}" failures="${failures}" errors="${errors}" time="0"`
}

/**
 * The counts are of test cases (a trace with three error findings is one failed test with three
 * `<failure>` elements). wsktrace does not time files: every `time` is 0.
 */
export function formatJunit(report: LintReport, ctx: FormatterContext): string {
  const suites = new Map<string, TestCase[]>()
  const add = (tc: TestCase) => {
    const suite = suites.get(tc.classname)
    if (suite) suite.push(tc)
    else suites.set(tc.classname, [tc])
  }
  const attached = new Set<FatalFileError>()
  for (const result of report.results) {
    if (result.fatal) attached.add(result.fatal)
    add({...testCaseOf(result.file, ctx.cwd), result, fatal: result.fatal})
  }
  // Patterns that matched nothing have no result: each is a test case in error, named as typed.
  for (const fatal of report.fatalErrors) {
    if (attached.has(fatal)) continue
    const typed = fatal.file.split(path.sep).join('/')
    const slash = typed.lastIndexOf('/')
    add({classname: slash < 0 ? '.' : typed.slice(0, slash), name: typed.slice(slash + 1), fatal})
  }

  const all = [...suites.values()].flat()
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="wsktrace" ${counts(all)}>`]
  for (const [name, cases] of suites) {
    lines.push(`  <testsuite name="${attr(name)}" ${counts(cases)}>`)
    for (const tc of cases) lines.push(...testCaseXml(tc))
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}
