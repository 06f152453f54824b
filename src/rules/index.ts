// STUB (owner: rules metadata). Registry of every rule.
import type {RuleMeta} from './rule-meta.js'

export const RULES: readonly RuleMeta[] = []
export const RULES_BY_ID: ReadonlyMap<string, RuleMeta> = new Map(RULES.map((r) => [r.id, r]))
export function getRule(id: string): RuleMeta | undefined {
  return RULES_BY_ID.get(id)
}
