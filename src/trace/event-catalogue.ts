/**
 * The DDI names a `wsk-trace` v1 record may carry in `event` (spec: trace-format.md, "Event
 * catalogue"). `schemas/trace-event.schema.json` lists the same names; a test keeps them equal.
 */

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

const EVENT_SET: ReadonlySet<string> = new Set(EVENT_NAMES)

let lastEvent = ''

export function isEventName(s: string): s is EventName {
  // Same idea as NameTable.value: a string compare with the last hit beats hashing a fresh string.
  if (s === lastEvent) return true
  if (!EVENT_SET.has(s)) return false
  lastEvent = s
  return true
}

/** The catalogue name that differs from `s` only in case (error hints). */
export function suggestEventName(s: string): EventName | undefined {
  const upper = s.toUpperCase()
  return EVENT_NAMES.find((n) => n.toUpperCase() === upper)
}
