/** Dispatcher objects: KEVENTs a completion routine signals and a thread waits on (R68, `activation` wait). */
import type {Id, TraceEvent} from '../../trace/event.js'
import {STATUS_SUCCESS} from '../../trace/ntstatus.js'
import type {SynthObject, Thread, Walker} from '../walker.js'
import {ACTIVATION} from './activation.js'

export function keSetEvent(w: Walker, th: Thread, object: Id, irql?: number): TraceEvent {
  const ev = w.record(th, 'KeSetEvent', 'point', irql)
  ev.object = object
  return ev
}

/** A wait that blocks the thread: enter now, exit when the object is signalled. Outside any callback. */
export function keWaitEnter(w: Walker, th: Thread, object: Id): TraceEvent {
  const ev = w.record(th, 'KeWaitForSingleObject', 'enter')
  ev.object = object
  ev.timeout = null
  return ev
}

export function keWaitExit(w: Walker, th: Thread): TraceEvent {
  const ev = w.record(th, 'KeWaitForSingleObject', 'exit')
  ev.status = STATUS_SUCCESS
  return ev
}

/**
 * A wait logged as one record inside a callback activation `act`: R68 (`tied`: the object is the
 * KEVENT of an IRP that went to WSK).
 */
export function keWaitInside(w: Walker, th: Thread, act: SynthObject, object: Id, tied: boolean): TraceEvent {
  const ev = w.record(th, 'KeWaitForSingleObject')
  ev.object = object
  ev.timeout = null
  ev.status = STATUS_SUCCESS
  w.fire(ACTIVATION, act, 'wait', ev, ev, tied)
  return ev
}
