import type {ObjectKind} from '../findings/finding.js'
import type {Id, TraceEvent} from '../trace/event.js'

/** How many of an object's first events a witness keeps (its creation), and how many recent ones. */
const HEAD = 3
const TAIL = 6

/** Extra state the guards read; one bag for every kind keeps the hot path monomorphic. */
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
  /** IRP: the WSK call it was passed to (the enter or point record). */
  call?: TraceEvent
  /** IRP: the socket of that call. */
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
  /** Activation: the IRP of an IoCompletion activation. */
  irp?: TrackedObject
  /** IRP: the Context given to IoSetCompletionRoutine (often the KEVENT the application waits on). */
  completionContext?: Id | null
  /** WSK client: event mask of WSK_SET_STATIC_EVENT_CALLBACKS. */
  staticEventMask?: number
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
  /** State per machine name. */
  readonly states: Record<string, string> = {}
  readonly data: ObjectData = {}
  private readonly head: TraceEvent[] = []
  private readonly tail: TraceEvent[] = []
  private tailNext = 0
  private last: TraceEvent | undefined
  /** The registry that retires it when its primary machine reaches a terminal state. */
  registry: Retirer | undefined

  constructor(
    readonly kind: ObjectKind,
    readonly id: Id,
    readonly generation: number,
    /** Line where the application came to own the object (leaks are reported there). */
    public originLine: number,
  ) {}

  /** Remembers an event for witnesses: the first few, then a ring of the most recent. */
  record(ev: TraceEvent): void {
    if (this.last === ev) return
    this.last = ev
    if (this.head.length < HEAD) {
      this.head.push(ev)
      return
    }
    if (this.tail.length < TAIL) this.tail.push(ev)
    else {
      this.tail[this.tailNext] = ev
      this.tailNext = (this.tailNext + 1) % TAIL
    }
  }

  /** The remembered events in file order. */
  history(onlyHead = false): TraceEvent[] {
    if (onlyHead) return this.head.slice()
    const ring = this.tail.length < TAIL ? this.tail : [...this.tail.slice(this.tailNext), ...this.tail.slice(0, this.tailNext)]
    return [...this.head, ...ring]
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
