import type {BaselineSummary} from '../baseline/apply-baseline.js'
import type {FatalFileError, FileResult} from '../findings/finding.js'

/** Everything one lint run produced: what the formatters print and what the exit code is computed from. */
export interface LintReport {
  /** One entry per trace file linted, sorted by path. Files with no findings are included. */
  results: FileResult[]
  /** Sum of the files' `errorCount` (findings only; fatal errors are counted in `fatalErrors`). */
  errorCount: number
  warningCount: number
  infoCount: number
  /**
   * Every fatal problem of the run: patterns that matched no file (no `FileResult` exists for
   * them) first, then the `fatal` of each result, in file order. Any entry means exit code 2.
   */
  fatalErrors: FatalFileError[]
  /** Set when a baseline was applied (`--baseline`): what it suppressed, and its entries that matched nothing. */
  baseline?: BaselineSummary
}

/** Builds a report from file results and the path-expansion errors; counts are summed from the results. */
export function buildReport(results: FileResult[], expansionErrors: FatalFileError[] = []): LintReport {
  let errorCount = 0
  let warningCount = 0
  let infoCount = 0
  const fatalErrors = [...expansionErrors]
  for (const result of results) {
    errorCount += result.errorCount
    warningCount += result.warningCount
    infoCount += result.infoCount
    if (result.fatal) fatalErrors.push(result.fatal)
  }
  return {results, errorCount, warningCount, infoCount, fatalErrors}
}

/** `--quiet`: keeps error findings only; warnings and infos leave the output and the counts. Fatal errors stay. */
export function errorsOnly(report: LintReport): LintReport {
  const results = report.results.map((result): FileResult => {
    const findings = result.findings.filter((f) => f.severity === 'error')
    return {...result, findings, warningCount: 0, infoCount: 0}
  })
  return {...report, results, warningCount: 0, infoCount: 0}
}

/** ESLint's exit codes: 2 for any fatal problem, 1 for errors or warnings over `maxWarnings` (-1 = unlimited), else 0. */
export function exitCodeOf(report: LintReport, maxWarnings = -1): 0 | 1 | 2 {
  if (report.fatalErrors.length > 0) return 2
  if (report.errorCount > 0) return 1
  if (maxWarnings >= 0 && report.warningCount > maxWarnings) return 1
  return 0
}

/** Total events replayed over all files. */
export function eventsReplayed(report: LintReport): number {
  return report.results.reduce((n, r) => n + r.events, 0)
}
