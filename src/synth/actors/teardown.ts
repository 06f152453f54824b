/**
 * The session's end on the set-up thread, once every connection is over: DriverUnload closes each
 * listener (terse, or with an IRP it waits for, a queued WskAccept being cancelled first) and
 * frees its context, then WskReleaseProviderNPI and WskDeregister.
 */
import {STATUS_CANCELLED, STATUS_PENDING, STATUS_SUCCESS} from '../../trace/ntstatus.js'
import {wskAccept} from '../emit/accepted-socket.js'
import {ioAllocateIrp, ioSetCompletionRoutine} from '../emit/irp.js'
import {freePool} from '../emit/pool-block.js'
import {driverUnloadExit, marker, wskDeregister} from '../emit/session.js'
import {closeSocket} from '../emit/socket.js'
import {keWaitEnter, keWaitExit} from '../emit/wait.js'
import {isFault, plant} from '../inject/plans.js'
import type {ListenerSetup, Session} from '../session.js'
import {complete} from './completion.js'
import {callOnListener} from './connection.js'

/** Faults that leave this listener open at the end. */
function leftOpen(L: ListenerSetup): boolean {
  if (L.faults.some((f) => isFault(f, 'close-all-sockets-before-detach'))) return true
  const d = L.dedicatedTo
  return isFault(d, 'accept-event-null-socket-close-listener', 'neverClosed', 'neverClosedAtEnd') ||
    isFault(d, 'inspect-null-id-close-listener', 'neverClosed', 'neverClosedAtEnd') || isFault(d, 'inspect-pend-must-complete', 'neverCompleted', 'neverCompletedAtEnd')
}

export function* teardown(s: Session): Generator<number, void, undefined> {
  const w = s.w
  const th = s.setupThread
  if (s.deregisters) {
    marker(w, th, 'DriverUnload', 'enter')
    yield s.prng.int(3, 10)
  }
  for (const L of s.listeners) {
    const listener = L.obj
    if (listener === undefined) continue
    if (leftOpen(L)) {
      for (const f of [...L.faults, L.dedicatedTo]) if (f !== undefined && f.target === undefined) plant(f, listener)
      continue
    }
    if (L.close === 'terse' && !L.spareAccept) {
      closeSocket(w, th, listener)
    } else {
      let spare
      if (L.spareAccept) {
        // A WskAccept still queued when the listener goes: WSK cancels it.
        const irp = ioAllocateIrp(w, th, s.irps.take())
        ioSetCompletionRoutine(w, th, irp, null)
        spare = wskAccept(w, th, listener, irp, undefined, undefined, undefined, null)
        yield s.prng.int(2, 8)
      }
      const kevent = s.kevents.take()
      const irp = ioAllocateIrp(w, th, s.irps.take())
      ioSetCompletionRoutine(w, th, irp, kevent)
      closeSocket(w, th, listener, {irp, status: STATUS_PENDING})
      th.busy = true
      keWaitEnter(w, th, kevent)
      yield s.prng.int(10, 40)
      if (spare !== undefined) {
        yield* complete(s, spare.irp, STATUS_CANCELLED, null, {free: true})
        s.irps.release(spare.irp.id)
        yield s.prng.int(2, 10)
      }
      yield* complete(s, irp, STATUS_SUCCESS, null, {free: true, kevent})
      yield s.prng.int(1, 3)
      keWaitExit(w, th)
      th.busy = false
      s.irps.release(irp.id)
      s.kevents.release(kevent)
    }
    yield s.prng.int(2, 6)
    const late = s.injections.find((f) => isFault(f, 'no-calls-after-close', 'listenerAfterClose') && f.target === undefined)
    if (late !== undefined) {
      // The driver touches the listener it just closed.
      callOnListener(s, listener, true)
      plant(late, listener)
      yield s.prng.int(2, 6)
    }
    if (L.ctx !== undefined) freePool(w, th, L.ctx)
    yield s.prng.int(3, 10)
  }
  marker(w, th, 'WskReleaseProviderNPI')
  if (!s.deregisters) return
  yield s.prng.int(3, 10)
  wskDeregister(w, th)
  yield s.prng.int(3, 10)
  driverUnloadExit(w, th)
}
