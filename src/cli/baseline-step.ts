/** `--baseline` / `--write-baseline`, shared by `lint` and `merge`. */
import path from 'node:path'
import {applyBaseline, withoutBaseline} from '../baseline/apply-baseline.js'
import {baselineText, readBaseline, recordBaseline, type LocatedFinding} from '../baseline/baseline.js'
import type {LintReport} from '../lint/lint-report.js'
import {writeOutputFile} from './output-file.js'

export interface BaselineFlags {
  baseline?: string
  writeBaseline?: string
  /** The run saw one slice of the inputs (`--shard`). */
  partial?: boolean
}

function* allFindings(report: LintReport): Generator<LocatedFinding> {
  for (const result of report.results) for (const finding of result.findings) yield {file: result.file, finding}
}

/**
 * The report with the baseline applied. `--write-baseline` records every current finding
 * (those a previous baseline suppressed included) and then applies what it wrote, so the run
 * reports none of them. Returns the lines to say on stderr.
 */
export async function baselineStep(report: LintReport, flags: BaselineFlags, cwd: string): Promise<{report: LintReport; notes: string[]}> {
  if (flags.writeBaseline !== undefined) {
    const all = withoutBaseline(report)
    const target = path.resolve(cwd, flags.writeBaseline)
    const baseline = recordBaseline(allFindings(all), path.dirname(target))
    await writeOutputFile(flags.writeBaseline, baselineText(baseline), cwd)
    const applied = applyBaseline(all, baseline)
    const n = applied.baseline!.suppressed
    const entries = baseline.entries.length
    return {report: applied, notes: [`${flags.writeBaseline}: recorded ${n} ${n === 1 ? 'finding' : 'findings'} in ${entries} ${entries === 1 ? 'entry' : 'entries'}`]}
  }
  if (flags.baseline === undefined) return {report, notes: []}
  const baseline = await readBaseline(path.resolve(cwd, flags.baseline), flags.baseline)
  const applied = applyBaseline(withoutBaseline(report), baseline, {partial: flags.partial === true})
  return {report: applied, notes: flags.partial ? [] : staleNotes(applied, flags.baseline)}
}

/** One warning line per baseline entry that matched nothing. */
export function staleNotes(report: LintReport, baselineName: string): string[] {
  return (report.baseline?.stale ?? []).map(
    (entry) =>
      `${baselineName}: warning: stale entry: ${entry.ruleId} (fingerprint ${entry.fingerprint}, recorded ${entry.count}× from ${entry.file}) matched no finding; --write-baseline drops it`,
  )
}
