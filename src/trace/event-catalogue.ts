/**
 * The DDI names a `wsk-trace` v1 record may carry in `event` (spec: trace-format.md, "Event
 * catalogue"). `schemas/trace-event.schema.json` lists the same names; a test keeps them equal.
 */
import {NameTable} from './name-table.js'

/** WSK calls from the application. */
export const WSK_CALLS = [
  'WskRegister',
  'WskDeregister',
  'WskCaptureProviderNPI',
  'WskReleaseProviderNPI',
  'WskControlClient',
  'WskSocket',
  'WskBind',
  'WskListen',
  'WskControlSocket',
  'WskAccept',
  'WskInspectComplete',
  'WskGetLocalAddress',
  'WskGetRemoteAddress',
  'WskSend',
  'WskReceive',
  'WskDisconnect',
  'WskRelease',
  'WskCloseSocket',
] as const

/** WSK event callbacks into the application. */
export const WSK_EVENT_CALLBACKS = [
  'WskAcceptEvent',
  'WskInspectEvent',
  'WskAbortEvent',
  'WskReceiveEvent',
  'WskDisconnectEvent',
  'WskSendBacklogEvent',
  'WskClientEvent',
] as const

/** Kernel routines the application called (and `MemoryAccess`: it read through `address`). */
export const KERNEL_ROUTINES = [
  'IoAllocateIrp',
  'IoReuseIrp',
  'IoSetCompletionRoutine',
  'IoFreeIrp',
  'ExAllocatePoolWithTag',
  'ExAllocatePool2',
  'ExFreePoolWithTag',
  'ExFreePool',
  'KeWaitForSingleObject',
  'KeWaitForMultipleObjects',
  'KeDelayExecutionThread',
  'KeSetEvent',
  'MemoryAccess',
] as const

export const SESSION_MARKERS = ['DriverEntry', 'DriverUnload', 'TraceEnd'] as const

export type WskCall = (typeof WSK_CALLS)[number]
export type WskEventCallback = (typeof WSK_EVENT_CALLBACKS)[number]
export type KernelRoutine = (typeof KERNEL_ROUTINES)[number]
export type SessionMarker = (typeof SESSION_MARKERS)[number]
/** Every `event` of version 1: the calls, the callbacks, `IoCompletion`, the kernel routines, the markers. */
export type EventName = WskCall | WskEventCallback | 'IoCompletion' | KernelRoutine | SessionMarker

export const EVENT_NAMES: readonly EventName[] = [...WSK_CALLS, ...WSK_EVENT_CALLBACKS, 'IoCompletion', ...KERNEL_ROUTINES, ...SESSION_MARKERS]

/** Looked up like a NameTable (by length, then compare): cheaper than hashing a fresh string. */
const EVENT_TABLE = new NameTable('event', EVENT_NAMES.map((n, i) => [n, i] as const))

export function isEventName(s: string): s is EventName {
  return EVENT_TABLE.value(s) !== undefined
}

/**
 * The catalogue's own string for `s` (undefined if unknown). Records then share a few constant,
 * internalized strings whose hash is computed once, instead of a fresh string per record: every
 * Map or switch on the event name downstream is cheaper for it.
 */
export function canonicalEventName(s: string): EventName | undefined {
  const i = EVENT_TABLE.value(s)
  return i === undefined ? undefined : EVENT_NAMES[i]
}

/** The catalogue name that differs from `s` only in case (error hints). */
export function suggestEventName(s: string): EventName | undefined {
  const upper = s.toUpperCase()
  return EVENT_NAMES.find((n) => n.toUpperCase() === upper)
}
