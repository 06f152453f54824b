/**
 * The generator's view of the reference machines: every object of the session under construction
 * carries the state of each machine that runs on it (the same compiled tables `lint` runs), and
 * every record an emitter writes declares the machine events it means. Firing an event takes the
 * row the replay would take (first row whose guard holds) and moves the object, so a clean session
 * is, by construction, a walk through allowed transitions only; a row with `violates` met while
 * writing a clean session is a generator bug and stops it.
 *
 * Choices ask the tables too: {@link Walker.allows} says which events have a non-violating row from
 * an object's state, and {@link Walker.tryClean} runs an emission dry (no record written, states
 * restored) to learn whether the records it would write break a rule through a guard.
 */
import {TrackedObject} from '../model/tracked-object.js'
import type {Machine, Row, Violation} from '../model/machine.js'
import type {StepContext} from '../model/step-context.js'
import {ListeningSocket} from '../model/machines/listening-socket.js'
import {AcceptedSocket} from '../model/machines/accepted-socket.js'
import {OtherSocket} from '../model/machines/other-socket.js'
import {Irp} from '../model/machines/irp.js'
import {Inspection} from '../model/machines/inspection.js'
import {Activation} from '../model/machines/activation.js'
import {WskClient} from '../model/machines/wsk-client.js'
import {DEFAULT_LINT_OPTIONS} from '../lint/lint-options.js'
import {newTraceEvent, type Id, type Phase, type TraceEvent} from '../trace/event.js'
import type {ObjectKind} from '../findings/finding.js'
import type {LineModel} from './formats.js'

export type AnyMachine = Machine<string, string, StepContext>

/** A thread the session runs records on. */
export interface Thread {
  tid: number
  cpu: number
  /** IRQL of its records unless a record says otherwise. */
  irql: number
  /** An activation spans several steps on it (a callback, a wait): nobody else may write on it meanwhile. */
  busy: boolean
}

/** What an IRP's WSK call means once it completes (set when the IRP is submitted). */
export type IrpOutcome = (ev: TraceEvent, status: number, information: Id | null | undefined) => void

/** An object of the session: the model's TrackedObject (states, data the guards read) and what the generator keeps beside. */
export class SynthObject extends TrackedObject {
  /** IRP: the outcome of the call it was submitted with. */
  outcome: IrpOutcome | undefined = undefined
  /** Socket: its context block, unbound when its close completes. */
  contextBlock: SynthObject | undefined = undefined
  /** IRP of a WskAccept: its address blocks, unpinned when it completes. */
  pinned: SynthObject[] | undefined = undefined
}

/** A violation the walker met: rule, where lint reports it, on which object. */
export interface Hit {
  rule: string
  line: number
  /** The finding's object id (`object.id` in lint's report). */
  object: string
  machine: string
  state: string
  event: string
  /** The walker's object (matched with the injection that targeted it). */
  obj: SynthObject | undefined
}

/** The generator broke its own contract: a clean walk met a violating row. Never a user error. */
export class SynthBug extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SynthBug'
  }
}

const PRIMARY: Partial<Record<ObjectKind, AnyMachine>> = {
  'listening-socket': ListeningSocket as unknown as AnyMachine,
  'accepted-socket': AcceptedSocket as unknown as AnyMachine,
  socket: OtherSocket as unknown as AnyMachine,
}

/** Events with at least one non-violating row, per machine and state (guards aside). */
const ALLOWED = new Map<AnyMachine, boolean[][]>()

function allowedTable(m: AnyMachine): boolean[][] {
  let t = ALLOWED.get(m)
  if (t === undefined) {
    t = m.stateNames.map((_, s) => m.eventNames.map((_, e) => (m.table[s * m.nEvents + e] ?? []).some((r) => r.violates === undefined)))
    ALLOWED.set(m, t)
  }
  return t
}

/** Events by which an object's open obligations are judged: the session's end, a detach, its listener's close. */
const OBLIGATIONS = ['end', 'detach', 'listenerClosed']

/**
 * Per state of an object's own machine (slot 0): does a violating row await it at the end, at a
 * detach or when its listener closes? Objects are tracked in the live sets only in such states:
 * an accepted inspection waiting for its socket owes nothing, and memory stays constant.
 */
const OWES = new Map<AnyMachine, boolean[]>()

function owes(m: AnyMachine): boolean[] {
  let t = OWES.get(m)
  if (t === undefined) {
    t = m.stateNames.map((_, s) => OBLIGATIONS.some((e) => m.E[e] !== undefined && (m.table[s * m.nEvents + m.E[e]!] ?? []).some((r) => r.violates !== undefined)))
    OWES.set(m, t)
  }
  return t
}

export class Walker {
  /** Line where the last record written starts (0: none yet). */
  line = 0
  /** Time of the current step, in µs. */
  now = 0
  /** Dry run: nothing is written, state changes are undone, violations are only counted. */
  dry = false
  /** In a clean session any violation is a bug: throw at once. */
  strict = true
  /** Violations met (injections and their consequences). */
  readonly hits: Hit[] = []
  /** Records of the current step, in order; the session writes them out after each step. */
  readonly out: TraceEvent[] = []
  /** Records written so far. */
  written = 0
  /** Where records start in the output format (JSON Lines: one line each after the header). */
  lines: LineModel = {firstLine: 2, linesOf: () => 1}
  private last: TraceEvent | undefined

  readonly sockets = new Set<SynthObject>()
  readonly irps = new Set<SynthObject>()
  readonly inspections = new Set<SynthObject>()
  readonly activations = new Set<SynthObject>()
  /** The WSK client (the session object of `wsk-client`). */
  readonly client: SynthObject

  private readonly ctx: StepContext
  private readonly undo: (SynthObject | number)[] = []
  private dryHits: string[] = []

  constructor() {
    this.ctx = {obj: undefined as unknown as TrackedObject, ev: undefined as unknown as TraceEvent, input: undefined as unknown as TraceEvent, options: DEFAULT_LINT_OPTIONS, usPerUnit: 1}
    this.client = new SynthObject('session', 'WSK client', 1, 0)
    this.client.setState(WskClient.slot, WskClient.S.NoSocketYet)
  }

  /** A new record at the current time on `th` (written unless dry); fields are filled by the emitter. */
  record(th: Thread, event: string, phase: Phase = 'point', irql = th.irql): TraceEvent {
    const e = newTraceEvent(0)
    e.ts = this.now
    e.tid = th.tid
    e.cpu = th.cpu
    e.irql = irql
    e.event = event
    e.phase = phase
    if (!this.dry) {
      // The previous record is complete by now: its size in lines is known.
      e.line = this.line = this.last === undefined ? this.lines.firstLine : this.last.line + this.lines.linesOf(this.last)
      this.last = e
      this.written++
      this.out.push(e)
    }
    return e
  }

  /** Starts an object's life; set its states, then {@link track} it. */
  create(kind: ObjectKind, id: Id, originLine: number): SynthObject {
    return new SynthObject(kind, id, 1, originLine)
  }

  /** Tracks a new object in its live set while its state owes something at the end (see OWES). */
  track(obj: SynthObject, m: AnyMachine): SynthObject {
    if (!this.dry && m.terminal[obj.state(m.slot)] !== true && owes(m)[obj.state(m.slot)] === true) this.liveSet(obj.kind)?.add(obj)
    return obj
  }

  /** The table allows `event` from the object's state through some non-violating row (guards aside). */
  allows(m: AnyMachine, obj: SynthObject, event: string): boolean {
    const s = obj.state(m.slot)
    const e = m.E[event]
    return s >= 0 && e !== undefined && allowedTable(m)[s]![e]!
  }

  /**
   * Runs an emission dry: the rules its records would break (none: every row they take is
   * allowed). Nothing is written, states are restored.
   */
  dryRun(emit: () => void): string[] {
    const wasDry = this.dry
    const line = this.line
    this.dry = true
    this.dryHits = []
    const mark = this.undo.length
    try {
      emit()
    } finally {
      while (this.undo.length > mark) {
        const state = this.undo.pop() as number
        const slot = this.undo.pop() as number
        const obj = this.undo.pop() as SynthObject
        obj.setState(slot, state)
      }
      this.dry = wasDry
      this.line = line
    }
    return this.dryHits
  }

  /** Runs an emission dry: true when every row its records take is non-violating. */
  tryClean(emit: () => void): boolean {
    return this.dryRun(emit).length === 0
  }

  /** Fires `event` of machine `m` on `obj`, as the replay does for these records. */
  fire(m: AnyMachine, obj: SynthObject | undefined, event: string, ev: TraceEvent, input: TraceEvent, waitTied = false): void {
    if (obj === undefined) return
    const state = obj.state(m.slot)
    if (state < 0) return
    const e = m.E[event]
    if (e === undefined) throw new SynthBug(`machine ${m.def.name} has no event '${event}'`)
    const row = this.row(m, obj, e, ev, input, waitTied)
    if (row === undefined) return
    if (row.violates !== undefined) this.violation(m, obj, state, e, ev, row.violates)
    if (row.to >= 0 && row.to !== state) {
      if (this.dry) this.undo.push(obj, m.slot, state)
      obj.setState(m.slot, row.to)
      if (!this.dry && m.slot === 0 && m.def.object === obj.kind) {
        const set = this.liveSet(obj.kind)
        if (set !== undefined) {
          if (m.terminal[row.to] !== true && owes(m)[row.to] === true) set.add(obj)
          else set.delete(obj)
        }
      }
    }
  }

  /** Fires an event on a socket's own machine (listening, accepted or other socket). */
  fireSocket(obj: SynthObject | undefined, event: string, ev: TraceEvent, input: TraceEvent): void {
    if (obj === undefined) return
    const m = PRIMARY[obj.kind]
    if (m !== undefined && m.E[event] !== undefined) this.fire(m, obj, event, ev, input)
  }

  /** WskDeregister / DriverUnload returned: every socket still open is detached. */
  detach(ev: TraceEvent): void {
    for (const s of [...this.sockets]) this.fireSocket(s, 'detach', ev, ev)
  }

  /** End of the trace: obligations still open, as the replay's finish() sees them. */
  finish(): void {
    const end = newTraceEvent(this.line)
    end.event = 'end of trace'
    end.tid = '-'
    for (const a of [...this.activations]) this.fire(Activation as unknown as AnyMachine, a, 'end', end, end)
    for (const s of [...this.sockets]) this.fireSocket(s, 'end', end, end)
    for (const i of [...this.inspections]) this.fire(Inspection as unknown as AnyMachine, i, 'end', end, end)
    for (const irp of [...this.irps]) this.fire(Irp as unknown as AnyMachine, irp, 'end', end, end)
  }

  private row(m: AnyMachine, obj: SynthObject, e: number, ev: TraceEvent, input: TraceEvent, waitTied: boolean): Row<StepContext> | undefined {
    const rows = m.table[obj.state(m.slot) * m.nEvents + e]
    if (rows === undefined) return undefined
    const ctx = this.ctx
    ctx.obj = obj
    ctx.ev = ev
    ctx.input = input
    ctx.waitTied = waitTied
    // The engine's step() without its coverage counters: the generator's walk is not a replay.
    for (const r of rows) if (r.guard === undefined || r.guard(ctx)) return r
    return undefined
  }

  private violation(m: AnyMachine, obj: SynthObject, state: number, e: number, ev: TraceEvent, v: Violation): void {
    if (this.dry) {
      this.dryHits.push(v.rule)
      return
    }
    const line = v.at === 'origin' ? obj.originLine : v.at === 'broken' ? (obj.data.brokenLine ?? obj.originLine) : ev.line
    const hit: Hit = {rule: v.rule, line, object: obj.id, machine: m.def.name, state: m.stateNames[state]!, event: m.eventNames[e]!, obj}
    if (this.strict) {
      throw new SynthBug(`clean walk met a violating row: ${hit.machine} ${hit.state} --${hit.event}--> ${hit.rule} on ${obj.label()} at line ${ev.line}`)
    }
    this.hits.push(hit)
  }

  private liveSet(kind: ObjectKind): Set<SynthObject> | undefined {
    switch (kind) {
      case 'listening-socket':
      case 'accepted-socket':
      case 'socket':
        return this.sockets
      case 'irp':
        return this.irps
      case 'inspection':
        return this.inspections
      case 'activation':
        return this.activations
      default:
        return undefined
    }
  }
}
