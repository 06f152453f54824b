/**
 * The canonical event: one record of a `wsk-trace` JSONL file (spec: shared/spec/trace-format.md),
 * after schema validation and normalisation. Every reader produces these; the reference machines
 * consume nothing else.
 *
 * Absent vs null matters: `undefined` means the recorder did not log the field (unknown), `null`
 * means it logged a NULL pointer. Rules fire on evidence, never on the absence of a field.
 */

/** A normalised id: `0x` + lower-case hex without leading zeros for pointers and integers, else the opaque name. */
export type Id = string

/** `point`: one record after the activation returned (inputs and outputs together). */
export type Phase = 'point' | 'enter' | 'exit'

export type PoolKind = 'paged' | 'nonpaged'

export interface TraceEvent {
  /** 1-based line of the source file (the original export's line for ETW readers). */
  line: number
  /** Timestamp in the header's time unit, as recorded. */
  ts: number
  /** Thread id: integers (also decimal or `0x` strings) become numbers, other names stay strings. */
  tid: number | string
  /** DDI name from the event catalogue (validated). */
  event: string
  phase: Phase
  cpu?: number
  /** IRQL as a number 0..31. */
  irql?: number
  socket?: Id | null
  irp?: Id | null
  /** NTSTATUS as an unsigned 32-bit number. */
  status?: number
  information?: Id | null
  /** Flags as a number (names OR-ed). */
  flags?: number
  acceptSocket?: Id | null
  localAddress?: Id | null
  remoteAddress?: Id | null
  address?: Id | null
  context?: Id | null
  dispatch?: Id | null
  /** `KEY:SERIAL`, both parts normalised like ids. */
  inspectId?: string | null
  inspectIdPtr?: Id | null
  /** Inspect action as a number (0 reject, 1 accept, 2 pend, anything else kept). */
  action?: number
  /** Socket option / IOCTL code as a number. */
  option?: number
  /** Option input as a number (booleans become 1/0, event masks are OR-ed). */
  value?: number
  /** WskControlSocket RequestType (0 set, 1 get, 2 ioctl) or WskControlClient ControlCode. */
  request?: number
  pool?: PoolKind
  object?: Id | null
  /** KeWait timeout in 100 ns units; null = wait forever. */
  timeout?: number | null
}

export type TimeUnit = 'us' | 'ns' | 'ms' | 's' | 'filetime'

export interface TraceHeader {
  format: 'wsk-trace'
  version: 1
  timeUnit: TimeUnit
  /** Events the recorder dropped; > 0 makes "missing event" verdicts inconclusive. */
  eventsLost: number
  /** True when the trace covers the whole session. */
  complete: boolean
  source?: string
}

export const DEFAULT_HEADER: TraceHeader = {format: 'wsk-trace', version: 1, timeUnit: 'us', eventsLost: 0, complete: false}

/** Microseconds per unit of each time unit (FILETIME ticks are 100 ns). */
export const MICROSECONDS_PER_UNIT: Record<TimeUnit, number> = {us: 1, ns: 0.001, ms: 1000, s: 1_000_000, filetime: 0.1}

/**
 * A new event with every field present (absent ones `undefined`, which means "not logged").
 * One object shape for every record keeps the replay's property reads monomorphic: events built
 * field by field come in dozens of hidden classes, and reading `ev.irp` across them costs several
 * times more than the read itself.
 */
export function newTraceEvent(line: number): TraceEvent {
  return {
    line, ts: 0, tid: 0, event: '', phase: 'point', cpu: undefined, irql: undefined, socket: undefined, irp: undefined,
    status: undefined, information: undefined, flags: undefined, acceptSocket: undefined, localAddress: undefined,
    remoteAddress: undefined, address: undefined, context: undefined, dispatch: undefined, inspectId: undefined,
    inspectIdPtr: undefined, action: undefined, option: undefined, value: undefined, request: undefined, pool: undefined,
    object: undefined, timeout: undefined,
  }
}

/** Makes `e` a fresh record again (every field `undefined`): a reader that reuses one event per line calls this. */
export function resetTraceEvent(e: TraceEvent, line: number): TraceEvent {
  e.line = line; e.ts = 0; e.tid = 0; e.event = ''; e.phase = 'point'; e.cpu = undefined; e.irql = undefined; e.socket = undefined
  e.irp = undefined; e.status = undefined; e.information = undefined; e.flags = undefined; e.acceptSocket = undefined
  e.localAddress = undefined; e.remoteAddress = undefined; e.address = undefined; e.context = undefined; e.dispatch = undefined
  e.inspectId = undefined; e.inspectIdPtr = undefined; e.action = undefined; e.option = undefined; e.value = undefined
  e.request = undefined; e.pool = undefined; e.object = undefined; e.timeout = undefined
  return e
}
