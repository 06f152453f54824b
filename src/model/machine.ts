/**
 * Reference machines as data, in the manner of the Linux kernel's runtime-verification monitors:
 * each object kind is a transition table (state × event → next state, or the rule it violates),
 * and this small generic engine runs every table. Guards are small named functions; the same
 * tables drive `lint`, the DOT graph and coverage.
 *
 * Tables are written with names (they are documentation); compiling turns states and events into
 * small integers and the table into one flat array, so that a step is two array reads: the replay
 * runs millions of them.
 */
import type {ObjectKind} from '../findings/finding.js'
import type {RuleKind, Severity} from '../rules/rule-meta.js'

/**
 * A guard reads the step context (the object, the record, the session) and says whether its row
 * applies. Its function name is its label in the DOT graph and in coverage, so name them well.
 */
export type Guard<C> = (ctx: C) => boolean

export interface Violation {
  /** Rule id (slug). */
  rule: string
  /** Message id in the rule's `messages` (default: `default`). */
  message?: string
  /** A milder severity than the rule's default, for weaker evidence (the message says why). */
  severity?: Severity
  /** A sub-case of another kind than the rule's (e.g. the model part of an app rule). */
  kind?: RuleKind
  /** Report at the line where the object came to be owned (`origin`) or became broken (`broken`) instead of the current record. */
  at?: 'origin' | 'broken'
  /** A "missing event" verdict (leak, never completed): softened when the trace does not prove the session ended, inconclusive when events were lost. */
  missing?: boolean
}

export interface Transition<S extends string, E extends string, C> {
  from: readonly S[] | '*'
  on: E
  guard?: Guard<C>
  /** Next state; absent: stay. */
  to?: S
  violates?: Violation
  /** Short note shown in the DOT graph and docs. */
  note?: string
}

export interface MachineDef<S extends string, E extends string, C> {
  /** Machine name, e.g. `listening-socket`, `accept-callback`. */
  name: string
  /** The object kind the machine runs on. */
  object: ObjectKind
  /** Where the object keeps this machine's state (machines of one object kind use distinct slots). */
  slot: number
  title: string
  initial: S
  states: Record<S, string>
  /** States in which the object's life is over: its pointer may start a new generation. */
  terminal: readonly S[]
  /**
   * States in which the object owes nothing any more but may still see events (an accepted
   * inspection can still be aborted): like terminal ones, they leave the set of live objects and
   * join the bounded list of ended ones, so memory does not grow with them.
   */
  settled?: readonly S[]
  events: Record<E, string>
  /** Rows in priority order: the first row whose state, event and guard match wins. */
  transitions: readonly Transition<S, E, C>[]
}

/** One compiled row: the transition with its next state as a number (-1: stay). */
export interface Row<C> {
  readonly index: number
  readonly guard: Guard<C> | undefined
  readonly to: number
  readonly violates: Violation | undefined
}

/** A compiled machine. */
export interface Machine<S extends string, E extends string, C> {
  def: MachineDef<S, E, C>
  slot: number
  /** State name → number, event name → number. */
  S: Readonly<Record<S, number>>
  E: Readonly<Record<E, number>>
  stateNames: readonly S[]
  eventNames: readonly E[]
  nEvents: number
  /** table[state * nEvents + event] → candidate rows in priority order. */
  table: readonly (readonly Row<C>[] | undefined)[]
  /** Per state: what it accepts (descriptions of events with a non-violating row), the "expected one of" list. */
  expected: readonly string[][]
  terminal: readonly boolean[]
  /** Terminal or settled: entering such a state retires the object from the live set. */
  retiring: readonly boolean[]
  /** Hit counts per transition (index in def.transitions): coverage of the table by the traces replayed. */
  hits: Uint32Array
}

export const MAX_SLOTS = 4

export function compileMachine<S extends string, E extends string, C>(def: MachineDef<S, E, C>): Machine<S, E, C> {
  if (def.slot < 0 || def.slot >= MAX_SLOTS) throw new Error(`machine ${def.name}: slot ${def.slot} out of range`)
  const stateNames = Object.keys(def.states) as S[]
  const eventNames = Object.keys(def.events) as E[]
  const S = Object.fromEntries(stateNames.map((s, i) => [s, i])) as Record<S, number>
  const E = Object.fromEntries(eventNames.map((e, i) => [e, i])) as Record<E, number>
  const nEvents = eventNames.length
  const table: Row<C>[][] = []
  def.transitions.forEach((t, index) => {
    if (!(t.on in E)) throw new Error(`machine ${def.name}: row ${index} uses unknown event '${t.on}'`)
    if (t.to !== undefined && !(t.to in S)) throw new Error(`machine ${def.name}: row ${index} goes to unknown state '${t.to}'`)
    const from = t.from === '*' ? stateNames : t.from
    const row: Row<C> = {index, guard: t.guard, to: t.to === undefined ? -1 : S[t.to], violates: t.violates}
    for (const s of from) {
      if (!(s in S)) throw new Error(`machine ${def.name}: row ${index} starts from unknown state '${s}'`)
      ;(table[S[s] * nEvents + E[t.on]] ??= []).push(row)
    }
  })
  const flat: (Row<C>[] | undefined)[] = Array.from({length: stateNames.length * nEvents}, (_, i) => table[i])
  const expected = stateNames.map((_, s) =>
    eventNames.filter((e, ei) => e !== 'end' && e !== 'detach' && (flat[s * nEvents + ei] ?? []).some((r) => r.violates === undefined)).map((e) => def.events[e]),
  )
  const terminalSet = new Set<string>(def.terminal)
  const retiringSet = new Set<string>([...def.terminal, ...(def.settled ?? [])])
  return {
    def, slot: def.slot, S, E, stateNames, eventNames, nEvents, table: flat, expected,
    terminal: stateNames.map((s) => terminalSet.has(s)),
    retiring: stateNames.map((s) => retiringSet.has(s)),
    hits: new Uint32Array(def.transitions.length),
  }
}

/** Runs one event through a machine in a state (numbers): the row taken, or undefined (ignored). */
export function step<C>(m: Machine<string, string, C>, state: number, event: number, ctx: C): Row<C> | undefined {
  const rows = m.table[state * m.nEvents + event]
  if (rows === undefined) return undefined
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!
    if (r.guard !== undefined && !r.guard(ctx)) continue
    m.hits[r.index]!++
    return r
  }
  return undefined
}

/** The same with names, for tests and tools: the row taken and the state it leads to. */
export function stepByName<S extends string, E extends string, C>(m: Machine<S, E, C>, state: S, event: E, ctx: C): {row: Row<C>; to: S} | undefined {
  const r = step(m as unknown as Machine<string, string, C>, m.S[state], m.E[event], ctx)
  if (r === undefined) return undefined
  return {row: r, to: r.to < 0 ? state : m.stateNames[r.to]!}
}
