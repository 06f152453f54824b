/**
 * `wsktrace merge` for JSON reports: the reports of the shards of one run (`lint --shard K/N`)
 * become the report the unsharded run would have printed — results sorted by path, counts
 * summed, each pattern that matched nothing reported once.
 */
import {withoutBaseline, type BaselineSummary} from '../baseline/apply-baseline.js'
import {baselineKey, type BaselineEntry} from '../baseline/baseline.js'
import {ConfigError} from '../config/config-error.js'
import type {FatalFileError, FileResult} from '../findings/finding.js'
import {comparePaths} from '../lint/lint-paths.js'
import {buildReport, type LintReport} from '../lint/lint-report.js'

export interface NamedReport {
  name: string
  report: LintReport
}

const fatalKey = (f: FatalFileError): string => JSON.stringify([f.file, f.line ?? null, f.message])

/**
 * One report from several. A file reported by two inputs is an error (the inputs overlap: not
 * the shards of one run). A report's fatal errors that belong to none of its files are the
 * patterns that matched nothing: every shard reports them, the merged report once.
 * Baseline summaries are combined: suppressed counts add up, a stale entry is one no shard
 * matched. Pass `restoreSuppressed` to get the findings before any baseline (to apply one
 * baseline over all shards).
 */
export function mergeReports(inputs: readonly NamedReport[], options: {restoreSuppressed?: boolean} = {}): LintReport {
  const owner = new Map<string, string>()
  const results: FileResult[] = []
  const expansionErrors = new Map<string, FatalFileError>()
  const withBaseline = inputs.filter((input) => input.report.baseline !== undefined)
  if (!options.restoreSuppressed && withBaseline.length > 0 && withBaseline.length < inputs.length) {
    const without = inputs.find((input) => input.report.baseline === undefined)!
    throw new ConfigError([`${without.name}: made without a baseline while ${withBaseline[0]!.name} was made with one: lint every shard alike, or pass --baseline to merge`])
  }
  for (const input of inputs) {
    const report = options.restoreSuppressed ? withoutBaseline(input.report) : input.report
    const own = new Set<string>()
    for (const result of report.results) {
      const previous = owner.get(result.file)
      if (previous !== undefined) throw new ConfigError([`${input.name}: ${result.file} is also in ${previous}: the reports overlap (were they made with the same --shard K/N and paths?)`])
      owner.set(result.file, input.name)
      results.push(result)
      if (result.fatal) own.add(fatalKey(result.fatal))
    }
    for (const fatal of report.fatalErrors) {
      const key = fatalKey(fatal)
      if (!own.has(key) && !expansionErrors.has(key)) expansionErrors.set(key, fatal)
    }
  }
  results.sort((a, b) => comparePaths(a.file, b.file))
  const merged = buildReport(results, [...expansionErrors.values()])
  if (options.restoreSuppressed || withBaseline.length === 0) return merged
  return {...merged, baseline: mergeBaselines(withBaseline.map((input) => input.report.baseline!))}
}

function mergeBaselines(summaries: readonly BaselineSummary[]): BaselineSummary {
  // Stale overall: stale in every slice (matched by none).
  const staleIn = new Map<string, {entry: BaselineEntry; n: number}>()
  for (const summary of summaries) {
    for (const entry of summary.stale) {
      const key = baselineKey(entry.ruleId, entry.fingerprint)
      const seen = staleIn.get(key)
      if (seen === undefined) staleIn.set(key, {entry, n: 1})
      else seen.n++
    }
  }
  const stale = [...staleIn.values()].filter((s) => s.n === summaries.length).map((s) => s.entry)
  const suppressedFindings = summaries.flatMap((s) => s.suppressedFindings)
  // Stable: each file's suppressed findings come from one report, in order.
  suppressedFindings.sort((a, b) => comparePaths(a.file, b.file))
  const partial = summaries.some((s) => s.partial === true)
  return {suppressed: suppressedFindings.length, stale, ...(partial ? {partial: true} : {}), suppressedFindings}
}
