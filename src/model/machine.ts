/**
 * Reference machines as data, in the manner of the Linux kernel's runtime-verification monitors:
 * each object kind is a transition table (state × event → next state, or the rule it violates),
 * and this small generic engine runs every table. Guards are small named functions; the same
 * tables drive `lint`, the DOT graph and coverage.
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
  /** Report at the line where the object came to be owned instead of the current record. */
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
  title: string
  initial: S
  states: Record<S, string>
  /** States in which the object's life is over: its pointer may start a new generation. */
  terminal: readonly S[]
  events: Record<E, string>
  /** Rows in priority order: the first row whose state, event and guard match wins. */
  transitions: readonly Transition<S, E, C>[]
}

/** A compiled machine: rows indexed by state then event, plus what each state expects. */
export interface Machine<S extends string, E extends string, C> {
  def: MachineDef<S, E, C>
  /** rows[state][event] → candidate rows with their global index (for coverage). */
  rows: Record<string, Record<string, {t: Transition<S, E, C>; index: number}[] | undefined>>
  /** What the state accepts (descriptions of events with a non-violating row): the "expected one of" list. */
  expected: Record<string, string[]>
  /** Hit counts per transition index: coverage of the table by the traces replayed. */
  hits: Uint32Array
  terminal: ReadonlySet<string>
}

export function compileMachine<S extends string, E extends string, C>(def: MachineDef<S, E, C>): Machine<S, E, C> {
  const states = Object.keys(def.states) as S[]
  const rows: Machine<S, E, C>['rows'] = {}
  const expected: Record<string, string[]> = {}
  for (const s of states) rows[s] = {}
  def.transitions.forEach((t, index) => {
    if (!(t.on in def.events)) throw new Error(`machine ${def.name}: row ${index} uses unknown event '${t.on}'`)
    if (t.to !== undefined && !(t.to in def.states)) throw new Error(`machine ${def.name}: row ${index} goes to unknown state '${t.to}'`)
    const from = t.from === '*' ? states : t.from
    for (const s of from) {
      if (!(s in def.states)) throw new Error(`machine ${def.name}: row ${index} starts from unknown state '${s}'`)
      const byEvent = rows[s]!
      ;(byEvent[t.on] ??= []).push({t, index})
    }
  })
  for (const s of states) {
    const byEvent = rows[s]!
    expected[s] = Object.keys(byEvent)
      .filter((e) => byEvent[e]!.some((r) => !r.t.violates) && e !== 'end' && e !== 'detach')
      .map((e) => def.events[e as E])
  }
  return {def, rows, expected, hits: new Uint32Array(def.transitions.length), terminal: new Set(def.terminal)}
}

/**
 * Runs one event through one machine for one object: returns the row taken (after moving the
 * state), or undefined when no row matches (the event does not concern this state: ignored).
 */
export function step<S extends string, E extends string, C>(
  m: Machine<S, E, C>,
  state: S,
  event: E,
  ctx: C,
): Transition<S, E, C> | undefined {
  const candidates = m.rows[state]![event]
  if (candidates === undefined) return undefined
  for (let i = 0; i < candidates.length; i++) {
    const r = candidates[i]!
    if (r.t.guard !== undefined && !r.t.guard(ctx)) continue
    m.hits[r.index]!++
    return r.t
  }
  return undefined
}
