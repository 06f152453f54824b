/**
 * Applying a baseline to a report: findings that match an entry leave the results (and the
 * counts, and so the exit code) for `baseline.suppressedFindings`; entries that matched nothing
 * are stale.
 */
import type {FileResult, Finding} from '../findings/finding.js'
import {findingFingerprint} from '../findings/fingerprint.js'
import {severityCounts} from '../findings/severity-counts.js'
import type {LintReport} from '../lint/lint-report.js'
import {baselineKey, type Baseline, type BaselineEntry} from './baseline.js'

export interface BaselineSummary {
  /** How many findings the baseline suppressed. */
  suppressed: number
  /** Entries that matched no finding of the run (of its slice, when `partial`), in baseline order. */
  stale: BaselineEntry[]
  /**
   * The run linted one slice of the inputs (`--shard`): an entry may match findings of another
   * slice, so `stale` only says what this slice did not match, and counts are per slice.
   * `wsktrace merge --baseline` decides both over all slices.
   */
  partial?: boolean
  /** The suppressed findings themselves, in report order. */
  suppressedFindings: Finding[]
}

/**
 * The report with the baseline applied. Findings are taken in report order (files by path, then
 * each file's findings in order) and each entry suppresses the first `count` findings with its
 * rule and fingerprint; later ones stay in the report.
 */
export function applyBaseline(report: LintReport, baseline: Baseline, options: {partial?: boolean} = {}): LintReport {
  const left = new Map<string, number>()
  for (const entry of baseline.entries) {
    const key = baselineKey(entry.ruleId, entry.fingerprint)
    left.set(key, (left.get(key) ?? 0) + entry.count)
  }
  const matched = new Set<string>()
  const suppressedFindings: Finding[] = []
  const results = report.results.map((result): FileResult => {
    if (result.findings.length === 0) return result
    const kept: Finding[] = []
    for (const finding of result.findings) {
      const key = baselineKey(finding.ruleId, findingFingerprint(finding))
      const n = left.get(key) ?? 0
      if (n > 0) {
        left.set(key, n - 1)
        matched.add(key)
        suppressedFindings.push(finding)
      } else {
        kept.push(finding)
      }
    }
    return kept.length === result.findings.length ? result : {...result, findings: kept, ...severityCounts(kept)}
  })
  const stale = baseline.entries.filter((entry) => !matched.has(baselineKey(entry.ruleId, entry.fingerprint)))
  return {
    ...sumCounts(results),
    results,
    fatalErrors: report.fatalErrors,
    baseline: {suppressed: suppressedFindings.length, stale, ...(options.partial ? {partial: true} : {}), suppressedFindings},
  }
}

/**
 * The report as it was before a baseline was applied: suppressed findings back in their files
 * (by line, then rule, as the replay orders them), counts recomputed, no baseline summary.
 */
export function withoutBaseline(report: LintReport): LintReport {
  const suppressed = report.baseline?.suppressedFindings ?? []
  if (report.baseline === undefined) return report
  const byFile = new Map<string, Finding[]>()
  for (const f of suppressed) {
    const list = byFile.get(f.file)
    if (list === undefined) byFile.set(f.file, [f])
    else list.push(f)
  }
  const results = report.results.map((result): FileResult => {
    const back = byFile.get(result.file)
    if (back === undefined) return result
    const findings = [...result.findings, ...back].sort((a, b) => a.line - b.line || compare(a.ruleId, b.ruleId))
    return {...result, findings, ...severityCounts(findings)}
  })
  const {baseline: _dropped, ...rest} = report
  return {...rest, ...sumCounts(results), results}
}

function sumCounts(results: readonly FileResult[]): {errorCount: number; warningCount: number; infoCount: number} {
  let errorCount = 0
  let warningCount = 0
  let infoCount = 0
  for (const r of results) {
    errorCount += r.errorCount
    warningCount += r.warningCount
    infoCount += r.infoCount
  }
  return {errorCount, warningCount, infoCount}
}

/** The replay's own tie-break (finding-builder's `sorted()`): ruleId by localeCompare. */
function compare(a: string, b: string): number {
  return a.localeCompare(b)
}
