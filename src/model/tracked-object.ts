import type {ObjectKind} from '../findings/finding.js'
import type {Id, TraceEvent} from '../trace/event.js'

/**
 * How many of an object's first events a witness keeps (its creation), and how many recent ones.
 * Small on purpose: events kept by long-lived objects are promoted by the GC, and that, not the
 * machines, is what costs time and memory on large traces.
 */
const HEAD = 2
const TAIL = 5

/**
 * Extra state the guards read: the fields of every kind, each kind using a few. A kind's object
 * carries only its own (the classes below), every one declared up front: objects of one shape per
 * kind keep property accesses monomorphic where the code handles one kind (guards, handlers), and
 * the objects stay small (they are allocated per socket, IRP, activation… and many outlive a
 * scavenge). A field a kind does not declare reads as `undefined`, as an unset one does.
 */
export interface ObjectData {
  /** Accepted socket / inspection: its listening socket. */
  listener?: TrackedObject
  /** Accepted socket: delivered by WskAcceptEvent or by a WskAccept IRP. */
  origin?: 'event' | 'irp' | 'create' | 'adopted'
  /** Socket: its context pointer (SocketContext / AcceptSocketContext). */
  context?: Id | null
  /** Accepted socket: the dispatch table returned by WskAcceptEvent. */
  dispatch?: Id | null
  /** Accepted socket: SO_WSK_EVENT_CALLBACK enabled some callback on it. */
  callbacksEnabled?: boolean
  /** Socket created by WskSocket: its flags. */
  socketFlags?: number
  /** Line where a listening socket became broken (NULL indication). */
  brokenLine?: number
  /** Line of the record that closed the socket (WSK's reject, or WskCloseSocket). */
  closeLine?: number
  /** IRP: IoAllocateIrp for it is in the trace (it is the application's own). */
  allocated?: boolean
  /** IRP: IoSetCompletionRoutine was recorded since the last allocation or reuse. */
  armed?: boolean
  /** IRP: storage reused for `call` across submissions. */
  callRecord?: TraceEvent
  /** IRP: the WSK call it was passed to (a copy of the enter or point record). */
  call?: TraceEvent
  /** IRP: the socket of that call. Pool block: the socket whose context it is. */
  socket?: TrackedObject
  /** IRP: the outcome of the call was applied (at a synchronous return or at IoCompletion). */
  outcomeApplied?: boolean
  /** IRP: completion seen before its call record (a point record logged after a nested completion). */
  earlyOutcome?: TraceEvent
  /** IRP: objects (KEVENTs) tied to it, to forget when it is freed. */
  ties?: Id[]
  /** Inspection: WSK's WSK_INSPECT_ID pointer at WskInspectEvent, and at WskAbortEvent. */
  wskPtr?: Id | null
  abortPtr?: Id | null
  /** Inspection: answered Accept/Reject by the callback itself (never pended). */
  answeredSync?: boolean
  /** Pool block: where it lives. */
  pool?: 'paged' | 'nonpaged'
  /** Activation: the callback's IRQL is DISPATCH_LEVEL. */
  atDispatch?: boolean
  /** Activation: the IRP of an IoCompletion activation. Pool block: the WskAccept IRP it is an address buffer of. */
  irp?: TrackedObject
  /** IRP: the Context given to IoSetCompletionRoutine (often the KEVENT the application waits on). */
  completionContext?: Id | null
  /** WSK client: event mask of WSK_SET_STATIC_EVENT_CALLBACKS. */
  staticEventMask?: number
}

/** Listening, accepted and other sockets. */
class SocketData implements ObjectData {
  listener: TrackedObject | undefined = undefined
  origin: 'event' | 'irp' | 'create' | 'adopted' | undefined = undefined
  context: Id | null | undefined = undefined
  dispatch: Id | null | undefined = undefined
  callbacksEnabled: boolean | undefined = undefined
  socketFlags: number | undefined = undefined
  brokenLine: number | undefined = undefined
  closeLine: number | undefined = undefined
}

class IrpData implements ObjectData {
  allocated: boolean | undefined = undefined
  armed: boolean | undefined = undefined
  completionContext: Id | null | undefined = undefined
  callRecord: TraceEvent | undefined = undefined
  call: TraceEvent | undefined = undefined
  socket: TrackedObject | undefined = undefined
  outcomeApplied: boolean | undefined = undefined
  earlyOutcome: TraceEvent | undefined = undefined
  ties: Id[] | undefined = undefined
}

class InspectionData implements ObjectData {
  listener: TrackedObject | undefined = undefined
  wskPtr: Id | null | undefined = undefined
  abortPtr: Id | null | undefined = undefined
  answeredSync: boolean | undefined = undefined
}

/** Pool blocks (and lent buffers, which need none). */
class MemoryData implements ObjectData {
  pool: 'paged' | 'nonpaged' | undefined = undefined
  socket: TrackedObject | undefined = undefined
  irp: TrackedObject | undefined = undefined
}

class ActivationData implements ObjectData {
  atDispatch: boolean | undefined = undefined
  irp: TrackedObject | undefined = undefined
}

class SessionData implements ObjectData {
  staticEventMask: number | undefined = undefined
}

function newData(kind: ObjectKind): ObjectData {
  switch (kind) {
    case 'listening-socket':
    case 'accepted-socket':
    case 'socket': return new SocketData()
    case 'irp': return new IrpData()
    case 'inspection': return new InspectionData()
    case 'memory': return new MemoryData()
    case 'activation': return new ActivationData()
    case 'session': return new SessionData()
  }
}

/** Where an object goes when its life ends (its registry). */
export interface Retirer {
  retire(obj: TrackedObject): void
}

/**
 * One object of the session (a socket, an IRP, an inspection, a callback activation…) with the
 * state of each machine that runs on it and the few events a witness needs. Identity is
 * (pointer, generation): Windows reuses pointers after free.
 */
export class TrackedObject {
  /**
   * State (a number of the machine's compiled table) per machine slot 0…3 (MAX_SLOTS); -1: the
   * machine does not run here. Fields, not an array: every step reads one, and an array is a
   * second object to allocate per object and to fetch from memory on every step.
   */
  private s0 = -1
  private s1 = -1
  private s2 = -1
  private s3 = -1
  /**
   * Made with the object: every kind but a lent buffer's transient stand-in uses its data, and a
   * plain field is one load where a lazy getter was a call on every use (millions per trace).
   */
  data: ObjectData
  /**
   * Lines of the events a witness will show: the first HEAD (h0, h1), then a ring of the last TAIL
   * (t0…t4, the oldest at `tailNext` once full). Line numbers, not events: small integers cost the
   * GC nothing, while events kept by long-lived objects would be promoted to the old generation.
   * Fields, not an array: no second object to allocate and to fetch from memory on every move.
   * Witnesses are resolved after the replay.
   */
  private h0 = 0
  private h1 = 0
  private t0 = 0
  private t1 = 0
  private t2 = 0
  private t3 = 0
  private t4 = 0
  /** How many lines were kept (at most HEAD + TAIL), and the latest one (consecutive repeats are dropped). */
  private kept = 0
  private latest = 0
  private tailNext = 0
  /** The registry that retires it when its primary machine reaches a terminal state. */
  registry: Retirer | undefined
  /** Ending number in its registry once its life ended; -1 while alive. */
  endedAt = -1

  constructor(
    readonly kind: ObjectKind,
    readonly id: Id,
    readonly generation: number,
    /** Line where the application came to own the object (leaks are reported there). */
    public originLine: number,
  ) {
    this.data = newData(kind)
  }

  /** The state of the machine in `slot`. */
  state(slot: number): number {
    switch (slot) {
      case 0: return this.s0
      case 1: return this.s1
      case 2: return this.s2
      default: return this.s3
    }
  }

  setState(slot: number, state: number): void {
    switch (slot) {
      case 0: this.s0 = state; break
      case 1: this.s1 = state; break
      case 2: this.s2 = state; break
      default: this.s3 = state; break
    }
  }

  /**
   * A new life for an object nothing refers to any more (a returned activation): states unset, no
   * witness lines, no data, not ended; its kind, id and generation stay.
   */
  restart(originLine: number): void {
    this.s0 = -1
    this.s1 = -1
    this.s2 = -1
    this.s3 = -1
    this.data = newData(this.kind)
    this.kept = 0
    this.latest = 0
    this.tailNext = 0
    this.endedAt = -1
    this.originLine = originLine
  }

  /** Remembers an event for witnesses: the first few, then a ring of the most recent. */
  record(ev: TraceEvent): void {
    this.recordLine(ev.line)
  }

  /** The same with the line only. */
  recordLine(line: number): void {
    const n = this.kept
    if (n > 0 && this.latest === line) return
    this.latest = line
    if (n < HEAD + TAIL) {
      this.kept = n + 1
      this.put(n, line)
      return
    }
    this.put(HEAD + this.tailNext, line)
    this.tailNext = (this.tailNext + 1) % TAIL
  }

  private put(i: number, line: number): void {
    switch (i) {
      case 0: this.h0 = line; break
      case 1: this.h1 = line; break
      case 2: this.t0 = line; break
      case 3: this.t1 = line; break
      case 4: this.t2 = line; break
      case 5: this.t3 = line; break
      default: this.t4 = line; break
    }
  }

  /** The remembered lines in file order (only the first ones with `onlyHead`). */
  history(onlyHead = false): number[] {
    const lines = [this.h0, this.h1, this.t0, this.t1, this.t2, this.t3, this.t4].slice(0, this.kept)
    if (onlyHead || lines.length <= HEAD) return lines.slice(0, HEAD)
    if (lines.length < HEAD + TAIL) return lines.slice()
    const ring = lines.slice(HEAD)
    return [...lines.slice(0, HEAD), ...ring.slice(this.tailNext), ...ring.slice(0, this.tailNext)]
  }

  label(): string {
    const gen = this.generation > 1 ? ` (generation ${this.generation})` : ''
    return `${KIND_LABEL[this.kind]} ${this.id}${gen}`
  }
}

export const KIND_LABEL: Record<ObjectKind, string> = {
  'listening-socket': 'listening socket',
  'accepted-socket': 'accepted socket',
  socket: 'socket',
  irp: 'IRP',
  inspection: 'inspection',
  activation: 'activation',
  session: 'WSK client',
  memory: 'memory block',
}
