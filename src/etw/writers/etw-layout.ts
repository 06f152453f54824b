/**
 * How the writers render canonical events as a driver's ETW events: the instrumentation a WSK
 * client driver would carry under the zero-configuration convention.
 *
 * - One event per DDI, named as the catalogue; opcode win:Info (0) for a point record, win:Start
 *   (1) for `enter`, win:Stop (2) for `exit`.
 * - The payload of every event of a DDI has the same fields in the same order (DDI_FIELDS), as a
 *   TraceLoggingWrite call site has. A field the record does not carry is left empty.
 * - For exports without event names (tracerpt CSV) the driver is a manifest provider instead:
 *   event id = 10 × (catalogue position + 1) + {Info 0, Start 1, Stop 2}, task = catalogue
 *   position + 1. docs/mapping-tracerpt-csv-template.json maps exactly this layout.
 * - Values are rendered as TDH formats them: pointers `0x` + 16 hex digits (NULL is all zeros),
 *   NTSTATUS and flags as 8 hex digits, numbers in decimal.
 */
import {EVENT_NAMES, type EventName} from '../../trace/event-catalogue.js'
import type {Phase, TraceEvent} from '../../trace/event.js'
import {NonPagedPoolNx, PagedPool, POOL_FLAG_NON_PAGED, POOL_FLAG_PAGED, takesPoolFlags} from '../../trace/pool-type.js'
import type {PayloadField} from '../mapping/field-values.js'

/** Payload fields of each DDI, in order (Irql first: KeGetCurrentIrql() on every event). */
export const DDI_FIELDS: Readonly<Record<EventName, readonly PayloadField[]>> = {
  WskRegister: ['irql', 'status'],
  WskDeregister: ['irql', 'status'],
  WskCaptureProviderNPI: ['irql', 'timeout', 'status'],
  WskReleaseProviderNPI: ['irql', 'status'],
  WskControlClient: ['irql', 'request', 'value', 'irp', 'status'],
  WskSocket: ['irql', 'socket', 'flags', 'context', 'dispatch', 'irp', 'status'],
  WskBind: ['irql', 'socket', 'flags', 'localAddress', 'irp', 'status'],
  WskListen: ['irql', 'socket', 'irp', 'status'],
  WskControlSocket: ['irql', 'socket', 'request', 'option', 'value', 'irp', 'status'],
  WskAccept: ['irql', 'socket', 'flags', 'irp', 'acceptSocket', 'localAddress', 'remoteAddress', 'context', 'dispatch', 'status'],
  WskInspectComplete: ['irql', 'socket', 'inspectId', 'inspectIdPtr', 'action', 'irp', 'status'],
  WskGetLocalAddress: ['irql', 'socket', 'localAddress', 'irp', 'status'],
  WskGetRemoteAddress: ['irql', 'socket', 'remoteAddress', 'irp', 'status'],
  WskSend: ['irql', 'socket', 'flags', 'irp', 'status'],
  WskReceive: ['irql', 'socket', 'flags', 'irp', 'status'],
  WskDisconnect: ['irql', 'socket', 'flags', 'irp', 'status'],
  WskRelease: ['irql', 'socket', 'status'],
  WskCloseSocket: ['irql', 'socket', 'irp', 'status'],
  WskAcceptEvent: ['irql', 'socket', 'flags', 'acceptSocket', 'localAddress', 'remoteAddress', 'context', 'dispatch', 'status'],
  WskInspectEvent: ['irql', 'socket', 'inspectId', 'inspectIdPtr', 'localAddress', 'remoteAddress', 'action'],
  WskAbortEvent: ['irql', 'socket', 'inspectId', 'inspectIdPtr', 'status'],
  WskReceiveEvent: ['irql', 'socket', 'flags', 'status'],
  WskDisconnectEvent: ['irql', 'socket', 'flags', 'status'],
  WskSendBacklogEvent: ['irql', 'socket', 'status'],
  WskClientEvent: ['irql', 'status'],
  IoCompletion: ['irql', 'irp', 'context', 'status', 'information'],
  IoAllocateIrp: ['irql', 'irp'],
  IoReuseIrp: ['irql', 'irp', 'status'],
  IoSetCompletionRoutine: ['irql', 'irp', 'context'],
  IoFreeIrp: ['irql', 'irp'],
  ExAllocatePoolWithTag: ['irql', 'pool', 'address'],
  ExAllocatePool2: ['irql', 'pool', 'address'],
  ExFreePoolWithTag: ['irql', 'address'],
  ExFreePool: ['irql', 'address'],
  KeWaitForSingleObject: ['irql', 'object', 'timeout', 'status'],
  KeWaitForMultipleObjects: ['irql', 'object', 'timeout', 'status'],
  KeDelayExecutionThread: ['irql', 'timeout', 'status'],
  KeSetEvent: ['irql', 'object'],
  MemoryAccess: ['irql', 'address'],
  DriverEntry: ['irql', 'status'],
  DriverUnload: ['irql', 'status'],
  TraceEnd: ['irql'],
}

/** Most payload fields any DDI has (WPA `Field 1…N`). */
export const MAX_DDI_FIELDS = Math.max(...Object.values(DDI_FIELDS).map((f) => f.length))

export const PHASES: readonly Phase[] = ['point', 'enter', 'exit']

/** TraceLogging name of a canonical field: `acceptSocket` → `AcceptSocket`. */
export function tlFieldName(field: PayloadField): string {
  return field.charAt(0).toUpperCase() + field.slice(1)
}

export function opcodeOf(phase: Phase): 0 | 1 | 2 {
  return phase === 'enter' ? 1 : phase === 'exit' ? 2 : 0
}

/** `win:Info`, `win:Start`, `win:Stop`. */
export function opcodeWinName(phase: Phase): string {
  return phase === 'enter' ? 'win:Start' : phase === 'exit' ? 'win:Stop' : 'win:Info'
}

/** `Info`, `Start`, `Stop` (tracerpt's rendering). */
export function opcodeShortName(phase: Phase): string {
  return phase === 'enter' ? 'Start' : phase === 'exit' ? 'Stop' : 'Info'
}

/** Task number of a DDI in the manifest layout: catalogue position + 1. */
export function taskOf(event: EventName): number {
  return EVENT_NAMES.indexOf(event) + 1
}

/** Manifest event id of a DDI and phase. */
export function eventIdOf(event: EventName, phase: Phase): number {
  return taskOf(event) * 10 + opcodeOf(phase)
}

/** The payload fields of an event's DDI; throws when the record carries a field its DDI's layout has not. */
export function fieldsOf(e: TraceEvent): readonly PayloadField[] {
  const fields = DDI_FIELDS[e.event as EventName]
  if (fields === undefined) throw new Error(`line ${e.line}: "${e.event}" is not a DDI of the catalogue`)
  for (const f of OPTIONAL_FIELDS) {
    if (e[f] !== undefined && !fields.includes(f)) throw new Error(`line ${e.line}: ${e.event} carries "${f}", which its ETW layout (${fields.join(', ')}) has no place for`)
  }
  return fields
}

const OPTIONAL_FIELDS: readonly PayloadField[] = [
  'irql', 'socket', 'irp', 'status', 'information', 'flags', 'acceptSocket', 'localAddress', 'remoteAddress', 'address', 'context', 'dispatch',
  'inspectId', 'inspectIdPtr', 'action', 'option', 'value', 'request', 'pool', 'object', 'timeout',
]

/** Letter case of hex digits in a rendering: xperf prints lower case, TDH (tracerpt) upper case. */
export type HexCase = 'lower' | 'upper'

/** One field of an event as the export shows it; '' when the record does not carry it. */
export function renderField(e: TraceEvent, field: PayloadField, hex: HexCase): string {
  switch (field) {
    case 'irql':
      return e.irql === undefined ? '' : String(e.irql)
    case 'status':
      return e.status === undefined ? '' : hex32(e.status, hex)
    case 'flags':
      return e.flags === undefined ? '' : hex32(e.flags, hex)
    case 'option':
      return e.option === undefined ? '' : hex32(e.option, hex)
    case 'value':
      return e.value === undefined ? '' : hex32(e.value, hex)
    case 'request':
      return e.request === undefined ? '' : String(e.request)
    case 'action':
      return e.action === undefined ? '' : String(e.action)
    case 'pool':
      return e.pool === undefined ? '' : poolValue(e.pool, e.event, hex)
    case 'timeout':
      return e.timeout === undefined ? '' : e.timeout === null ? NULL_POINTER : String(e.timeout)
    case 'inspectId':
      return e.inspectId === undefined ? '' : e.inspectId === null ? NULL_POINTER : e.inspectId
    default: {
      const id = e[field]
      return id === undefined ? '' : id === null ? NULL_POINTER : pointer(id, hex)
    }
  }
}

/** Whether a rendered field is text a CSV writes as a string (` "…"`), not a number. */
export function isStringField(field: PayloadField, e: TraceEvent, rendered: string): boolean {
  if (field === 'inspectId') return e.inspectId !== null && e.inspectId !== undefined
  return rendered !== '' && !/^(0x[0-9A-Fa-f]+|-?\d+)$/.test(rendered)
}

export const NULL_POINTER = '0x0000000000000000'

/** A normalised id (`0x` + hex, or an opaque name) as a 64-bit pointer `0x%016x`; names stay as they are. */
export function pointer(id: string, hex: HexCase): string {
  if (id.length < 3 || id.charCodeAt(0) !== 48 || id.charCodeAt(1) !== 120) return id
  const digits = id.slice(2)
  if (!/^[0-9a-f]+$/.test(digits)) return id
  const padded = digits.length >= 16 ? digits : '0'.repeat(16 - digits.length) + digits
  return '0x' + (hex === 'upper' ? padded.toUpperCase() : padded)
}

function hex32(n: number, hex: HexCase): string {
  const s = (n >>> 0).toString(16).padStart(8, '0')
  return '0x' + (hex === 'upper' ? s.toUpperCase() : s)
}

/** POOL_TYPE (ExAllocatePoolWithTag) in decimal, or POOL_FLAGS (ExAllocatePool2) as 64-bit hex. */
function poolValue(kind: 'paged' | 'nonpaged', event: string, hex: HexCase): string {
  if (takesPoolFlags(event)) {
    const s = (kind === 'paged' ? POOL_FLAG_PAGED : POOL_FLAG_NON_PAGED).toString(16).padStart(16, '0')
    return '0x' + (hex === 'upper' ? s.toUpperCase() : s)
  }
  return String(kind === 'paged' ? PagedPool : NonPagedPoolNx)
}

/** Canonical ts in `usPerUnit` → integer FILETIME ticks after the trace start. */
export function ticksOf(e: TraceEvent, timeUnit: string, usPerUnit: number): number {
  return timeUnit === 'filetime' ? Math.round(e.ts) : Math.round(e.ts * usPerUnit * 10)
}

/** Canonical ts → integer microseconds after the trace start (the dumper's resolution). */
export function microsecondsOf(e: TraceEvent, timeUnit: string, usPerUnit: number): number {
  return timeUnit === 'us' ? Math.round(e.ts) : Math.round(e.ts * usPerUnit)
}

/** Canonical ts → integer nanoseconds after the trace start. */
export function nanosecondsOf(e: TraceEvent, timeUnit: string, usPerUnit: number): number {
  return timeUnit === 'ns' ? Math.round(e.ts) : Math.round(e.ts * usPerUnit * 1000)
}

/** The default trace start: the FILETIME of the real tracerpt CSV sample (2022-11-12 16:19:33 UTC). */
export const DEFAULT_TRACE_START = 133127435730482450n
