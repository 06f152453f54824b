import {describe, expect, it} from 'vitest'
import {MACHINES, CREATION_STATES} from '../../src/model/machines/index.js'
import {RULES, getRule} from '../../src/rules/index.js'

/** Rules reported outside machine tables: the trace's own structure, not the WSK contract. */
const DIRECT_RULES = new Set(['invalid-record'])

describe('machine tables', () => {
  for (const m of MACHINES) {
    describe(m.def.name, () => {
      it('names only rules and message ids that exist', () => {
        for (const t of m.def.transitions) {
          if (!t.violates) continue
          const rule = getRule(t.violates.rule)
          expect(rule, `${m.def.name}: unknown rule ${t.violates.rule}`).toBeDefined()
          expect(rule!.messages[t.violates.message ?? 'default'], `${t.violates.rule}: message ${t.violates.message}`).toBeTypeOf('string')
        }
      })

      it('reaches every state from a creation state', () => {
        const start = CREATION_STATES[m.def.name] ?? [m.def.initial]
        const seen = new Set<string>(start)
        let grew = true
        while (grew) {
          grew = false
          for (const t of m.def.transitions) {
            const from = t.from === '*' ? Object.keys(m.def.states) : t.from
            if (t.to !== undefined && !seen.has(t.to) && from.some((s) => seen.has(s))) {
              seen.add(t.to)
              grew = true
            }
          }
        }
        expect([...Object.keys(m.def.states)].filter((s) => !seen.has(s))).toEqual([])
      })

      it('never leaves a terminal state except by a new generation', () => {
        for (const t of m.def.transitions) {
          if (t.to === undefined || t.from === '*') continue
          for (const s of t.from) if (m.terminal[m.S[s]!]) expect(t.to, `${m.def.name}: ${s} --${t.on}--> ${t.to}`).toBe(s)
        }
      })

      it('uses every declared event', () => {
        const used = new Set(m.def.transitions.map((t) => t.on))
        expect(Object.keys(m.def.events).filter((e) => !used.has(e))).toEqual([])
      })
    })
  }

  it('every rule of the product is decided by some table row (or is a trace-structure rule)', () => {
    const decided = new Set(MACHINES.flatMap((m) => m.def.transitions.flatMap((t) => (t.violates ? [t.violates.rule] : []))))
    const undecided = RULES.map((r) => r.id).filter((id) => !decided.has(id) && !DIRECT_RULES.has(id))
    expect(undecided).toEqual([])
  })
})
