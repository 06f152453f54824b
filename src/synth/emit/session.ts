/** The WSK client as a whole: registration, client-level controls, the session's end (`wsk-client` machine, detach). */
import {WskClient} from '../../model/machines/wsk-client.js'
import {WSK_SET_STATIC_EVENT_CALLBACKS} from '../../trace/control-codes.js'
import type {Id, TraceEvent} from '../../trace/event.js'
import {STATUS_SUCCESS, isNtSuccess} from '../../trace/ntstatus.js'
import type {AnyMachine, Thread, Walker} from '../walker.js'

const CLIENT = WskClient as unknown as AnyMachine

/** A record no machine listens to (DriverEntry, WskRegister outside callbacks, WskReleaseProviderNPI…). */
export function marker(w: Walker, th: Thread, event: string, phase: 'point' | 'enter' | 'exit' = 'point', status?: number): TraceEvent {
  const ev = w.record(th, event, phase)
  if (status !== undefined) ev.status = status
  return ev
}

export function wskCaptureProviderNpi(w: Walker, th: Thread, timeout: number): TraceEvent {
  const ev = w.record(th, 'WskCaptureProviderNPI')
  ev.timeout = timeout
  ev.status = STATUS_SUCCESS
  return ev
}

/** WskControlClient(WSK_SET_STATIC_EVENT_CALLBACKS, mask): `irp` must be NULL (R13). */
export function setStaticEventCallbacks(w: Walker, th: Thread, mask: number, irp: Id | null, status: number): TraceEvent {
  const ev = w.record(th, 'WskControlClient')
  ev.request = WSK_SET_STATIC_EVENT_CALLBACKS
  ev.value = mask
  ev.irp = irp
  ev.status = status
  w.fire(CLIENT, w.client, 'setStaticEventCallbacks', ev, ev)
  if (isNtSuccess(status) && !w.dry) w.client.data.staticEventMask = mask
  return ev
}

/** WskDeregister returned: whatever socket is still open is left behind. */
export function wskDeregister(w: Walker, th: Thread): TraceEvent {
  const ev = w.record(th, 'WskDeregister')
  w.detach(ev)
  return ev
}

export function driverUnloadExit(w: Walker, th: Thread): TraceEvent {
  const ev = w.record(th, 'DriverUnload', 'exit')
  w.detach(ev)
  return ev
}
