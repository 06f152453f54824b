import type {Finding} from './finding.js'

/** A FileResult's counts, for findings that changed after the replay (rule levels, a baseline). */
export function severityCounts(findings: readonly Finding[]): {errorCount: number; warningCount: number; infoCount: number} {
  let errorCount = 0
  let warningCount = 0
  let infoCount = 0
  for (const f of findings) {
    if (f.severity === 'error') errorCount++
    else if (f.severity === 'warning') warningCount++
    else infoCount++
  }
  return {errorCount, warningCount, infoCount}
}
