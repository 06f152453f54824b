import path from 'node:path'
import pc from 'picocolors'
import type {FatalFileError, Finding, WitnessStep} from '../findings/finding.js'
import type {Severity} from '../rules/rule-meta.js'
import {eventsReplayed, type LintReport} from '../lint/lint-report.js'
import type {FormatterContext} from './index.js'

type Colors = ReturnType<typeof pc.createColors>

/** A cell: the text that sets the column width, and how it looks once coloured. */
interface Cell {
  text: string
  paint?: (s: string) => string
}

/** Joins rows of cells into aligned lines: columns separated by two spaces, `right` columns right-aligned, no trailing blanks. */
function table(rows: Cell[][], right: ReadonlySet<number>, indent: string): string[] {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.text.length)))
  return rows.map((row) => {
    const last = row.length - 1
    const parts = row.map((cell, i) => {
      const painted = cell.paint ? cell.paint(cell.text) : cell.text
      const pad = ' '.repeat(widths[i]! - cell.text.length)
      if (right.has(i)) return pad + painted
      return i === last ? painted : painted + pad
    })
    return (indent + parts.join('  ')).trimEnd()
  })
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** Shown path: `<stdin>` for `-`, else relative to cwd (as typed when it leaves cwd's drive). */
export function displayPath(file: string, cwd: string): string {
  if (file === '-') return '<stdin>'
  const relative = path.relative(cwd, path.resolve(cwd, file))
  return relative === '' ? file : relative
}

/** One line: messages are printed on one row, whatever they contain. */
function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ')
}

function severityPaint(c: Colors, severity: Severity): (s: string) => string {
  return severity === 'error' ? c.red : severity === 'warning' ? c.yellow : c.blue
}

/** Witness steps, indented under their finding: `↳ line  event  tid N  detail  [role]`, first three columns aligned. */
function witnessLines(c: Colors, witness: readonly WitnessStep[]): string[] {
  const lineWidth = Math.max(0, ...witness.map((step) => String(step.line).length))
  const rows = witness.map((step): Cell[] => {
    const detail = oneLine(step.detail ?? '')
    const role = step.role ? `[${oneLine(step.role)}]` : ''
    const tail = [detail, role].filter((s) => s !== '').join('  ')
    return [
      {text: `↳ ${String(step.line).padStart(lineWidth)}`, paint: c.dim},
      {text: oneLine(step.event)},
      {text: `tid ${step.tid}`, paint: c.dim},
      {text: tail, paint: (s) => (role === '' ? s : s.slice(0, s.length - role.length) + c.dim(role))},
    ]
  })
  return table(rows, new Set(), '      ')
}

function fileBlock(c: Colors, file: string, findings: readonly Finding[], cwd: string): string[] {
  const rows = findings.map((f): Cell[] => [
    {text: String(f.line), paint: c.dim},
    {text: f.severity, paint: severityPaint(c, f.severity)},
    {text: oneLine(f.message)},
    {text: f.ruleId, paint: c.dim},
  ])
  const findingLines = table(rows, new Set([0]), '  ')
  const out = [c.underline(displayPath(file, cwd))]
  findings.forEach((f, i) => {
    out.push(findingLines[i]!)
    if (f.inconclusive) out.push(`      ${c.yellow('inconclusive:')} ${oneLine(f.inconclusive)}`)
    out.push(...witnessLines(c, f.witness ?? []))
  })
  return out
}

/** `<file>[:<line>]: fatal: <message>`, the one line a fatal error gets (also used by the CLI on stderr). */
export function formatFatalLine(fatal: FatalFileError, cwd: string, color = false): string {
  const c = pc.createColors(color)
  const where = displayPath(fatal.file, cwd) + (fatal.line === undefined ? '' : `:${fatal.line}`)
  return `${where}: ${c.red('fatal')}: ${oneLine(fatal.message)}`
}

/**
 * ESLint's `stylish` look: per file with findings, its path, then one aligned row per finding
 * (`line  severity  message  ruleId`) with its witness under it; then one line per fatal error;
 * then the summary.
 */
export function formatStylish(report: LintReport, ctx: FormatterContext): string {
  const c = pc.createColors(ctx.color)
  const lines: string[] = []
  for (const result of report.results) {
    if (result.findings.length === 0) continue
    lines.push(...fileBlock(c, result.file, result.findings, ctx.cwd), '')
  }
  if (report.fatalErrors.length > 0) {
    for (const fatal of report.fatalErrors) lines.push(formatFatalLine(fatal, ctx.cwd, ctx.color))
    lines.push('')
  }
  const problems = report.errorCount + report.warningCount + report.infoCount
  if (problems > 0) {
    const paint = report.errorCount > 0 ? c.red : report.warningCount > 0 ? c.yellow : c.blue
    const counts = `${plural(report.errorCount, 'error')}, ${plural(report.warningCount, 'warning')}, ${plural(report.infoCount, 'info')}`
    lines.push(c.bold(paint(`✖ ${plural(problems, 'problem')} (${counts})`)))
  }
  if (report.fatalErrors.length > 0) lines.push(c.bold(c.red(`✖ ${plural(report.fatalErrors.length, 'fatal error')}`)))
  if (report.baseline !== undefined) lines.push(c.dim(`${plural(report.baseline.suppressed, 'finding')} suppressed by the baseline`))
  lines.push(c.dim(`${plural(eventsReplayed(report), 'event')} replayed in ${plural(report.results.length, 'file')}`))
  return `${lines.join('\n')}\n`
}
