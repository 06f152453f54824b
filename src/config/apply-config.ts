/**
 * What the configuration changes in a run: the options the replay gets, and the rule levels,
 * applied to each file's findings after its replay.
 */
import type {FileResult, Finding} from '../findings/finding.js'
import {severityCounts} from '../findings/severity-counts.js'
import type {LintOptions} from '../lint/lint-options.js'
import {getRule} from '../rules/index.js'
import type {Severity} from '../rules/rule-meta.js'
import type {ResolvedConfig, RuleLevel} from './config.js'

const RANK: Readonly<Record<Severity, number>> = {info: 0, warning: 1, error: 2}
const BY_RANK: readonly Severity[] = ['info', 'warning', 'error']

/** The replay's options from the configuration; a command-line `--dispatch-budget` wins over the file. */
export function lintOptionsOf(config: ResolvedConfig, dispatchBudgetUs?: number): LintOptions {
  return {
    dispatchBudgetUs: dispatchBudgetUs ?? config.dispatchBudgetUs,
    endOfTrace: config.endOfTrace,
    ...(config.mappings.length > 0 ? {mappings: config.mappings} : {}),
  }
}

/**
 * The severity a finding gets under a configured level, or undefined when the level is `off`.
 *
 * A finding may be milder than its rule's default when its evidence is weaker (an unknown wait
 * target, a capture that did not prove the session ended) or, for a few rules, more severe (a
 * double free under a rule whose default is warning). The level is a ceiling: no finding of the
 * rule is more severe than it. When it is above the rule's default, every finding is raised by
 * as many steps, so the weak-evidence ones stay a step below: default warning set to error makes
 * warnings errors and the softened infos warnings; default error set to error changes nothing
 * (a softened warning stays a warning); default error set to warning makes everything a warning.
 */
export function leveledSeverity(severity: Severity, ruleDefault: Severity, level: RuleLevel): Severity | undefined {
  if (level === 'off') return undefined
  const raise = Math.max(0, RANK[level] - RANK[ruleDefault])
  return BY_RANK[Math.min(RANK[level], RANK[severity] + raise)]
}

/**
 * The file's findings under the configured rule levels, counts recomputed. The result is a new
 * object when anything changed; findings are copied only when their severity changes.
 */
export function applyRuleLevels(result: FileResult, levels: Readonly<Record<string, RuleLevel>>): FileResult {
  let changed = false
  const findings: Finding[] = []
  for (const f of result.findings) {
    const level = Object.hasOwn(levels, f.ruleId) ? levels[f.ruleId] : undefined
    const rule = level !== undefined ? getRule(f.ruleId) : undefined
    if (level === undefined || rule === undefined) {
      findings.push(f)
      continue
    }
    const severity = leveledSeverity(f.severity, rule.severity, level)
    if (severity === f.severity) findings.push(f)
    else {
      changed = true
      if (severity !== undefined) findings.push({...f, severity})
    }
  }
  return changed ? {...result, findings, ...severityCounts(findings)} : result
}
