/**
 * Setting up one listening socket on the set-up thread: its context, WskSocket (terse, or with an
 * IRP the thread waits for), SO_CONDITIONAL_ACCEPT before WskBind, WskBind (terse, pending, or
 * completed inline), then the event callbacks it uses.
 */
import {STATUS_INVALID_DEVICE_STATE, STATUS_SUCCESS} from '../../trace/ntstatus.js'
import {SO_CONDITIONAL_ACCEPT, SO_WSK_EVENT_CALLBACK} from '../../trace/socket-options.js'
import {WSK_EVENT_ACCEPT, WSK_EVENT_DISABLE, WSK_EVENT_DISCONNECT, WSK_EVENT_RECEIVE} from '../../trace/wsk-flags.js'
import {DISPATCH_LEVEL} from '../../trace/irql.js'
import {STATUS_MORE_PROCESSING_REQUIRED} from '../../trace/ntstatus.js'
import {wskAcceptRefused} from '../emit/accepted-socket.js'
import {ioAllocateIrp, ioCompletionEnter, ioCompletionExit, ioFreeIrp, ioReuseIrp, ioSetCompletionRoutine} from '../emit/irp.js'
import {wskBind, wskBindEnter, wskBindExit, wskSocketListen} from '../emit/listening-socket.js'
import {allocatePool} from '../emit/pool-block.js'
import {controlSocket} from '../emit/socket.js'
import {keSetEvent} from '../emit/wait.js'
import {isFault, plant} from '../inject/plans.js'
import {LISTEN_DISPATCH, atIrql, type Session, type ListenerSetup} from '../session.js'
import type {SynthObject} from '../walker.js'
import {waitForCompletion} from './completion.js'
import {startConnection} from './connection.js'

export function* setUpListener(s: Session, L: ListenerSetup): Generator<number, void, undefined> {
  const w = s.w
  const th = s.setupThread
  L.ctx = allocatePool(w, th, s.blocks.take(), 'nonpaged')
  yield s.prng.int(1, 4)
  const id = s.sockets.take()
  const kevent = s.kevents.take()
  let irp: SynthObject | undefined
  if (L.create === 'irp') {
    irp = ioAllocateIrp(w, th, s.irps.take())
    ioSetCompletionRoutine(w, th, irp, kevent)
    const birth = wskSocketListen(w, th, id, L.ctx, LISTEN_DISPATCH, irp)
    yield* waitForCompletion(s, th, irp, kevent, STATUS_SUCCESS, id)
    L.obj = birth.listener
  } else {
    L.obj = wskSocketListen(w, th, id, L.ctx, LISTEN_DISPATCH).listener
  }
  const listener = L.obj!
  yield s.prng.int(1, 4)
  for (const f of L.faults) {
    if (isFault(f, 'bind-before-accept')) {
      wskAcceptRefused(w, th, listener, STATUS_INVALID_DEVICE_STATE)
      plant(f, listener)
      yield s.prng.int(1, 4)
    }
  }
  if (L.conditional) controlSocket(w, th, listener, SO_CONDITIONAL_ACCEPT, 1)
  if (L.accept === 'before-bind') controlSocket(w, th, listener, SO_WSK_EVENT_CALLBACK, WSK_EVENT_ACCEPT)
  yield s.prng.int(1, 4)

  if (L.bind === 'terse') wskBind(w, th, listener)
  else {
    if (irp !== undefined) ioReuseIrp(w, th, irp)
    else irp = ioAllocateIrp(w, th, s.irps.take())
    ioSetCompletionRoutine(w, th, irp, kevent)
    if (L.bind === 'inline') {
      // The bind completes inside the call: its IoCompletion nests in the WskBind bracket.
      const b = wskBindEnter(w, th, listener, irp)
      const dpc = atIrql(th, DISPATCH_LEVEL)
      const enter = ioCompletionEnter(w, dpc, irp, STATUS_SUCCESS, null)
      keSetEvent(w, dpc, kevent)
      ioCompletionExit(w, dpc, irp, enter, STATUS_MORE_PROCESSING_REQUIRED)
      wskBindExit(w, th, b)
    } else {
      wskBind(w, th, listener, irp)
      if (L.raceBind && L.dedicatedTo !== undefined) {
        // A connection comes in before the bind completed (the capture shows it; WSK should not).
        const target = L.dedicatedTo
        startConnection(s, {mode: L.mode, listener: L, fault: target}, 1)
        L.ready = true
        yield s.prng.int(80, 120)
      }
      yield* waitForCompletion(s, th, irp, kevent, STATUS_SUCCESS, null)
    }
  }
  yield s.prng.int(1, 4)
  if (L.accept === 'after-bind' || L.accept === 'disabled') controlSocket(w, th, listener, SO_WSK_EVENT_CALLBACK, WSK_EVENT_ACCEPT)
  if (L.inherited) controlSocket(w, th, listener, SO_WSK_EVENT_CALLBACK, WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT)
  if (L.accept === 'disabled') controlSocket(w, th, listener, SO_WSK_EVENT_CALLBACK, WSK_EVENT_ACCEPT | WSK_EVENT_DISABLE)
  for (const f of L.faults) {
    if (isFault(f, 'conditional-accept-before-bind')) {
      yield s.prng.int(1, 4)
      controlSocket(w, th, listener, SO_CONDITIONAL_ACCEPT, 1, STATUS_INVALID_DEVICE_STATE)
      plant(f, listener)
    }
  }
  if (irp !== undefined) {
    yield s.prng.int(1, 4)
    ioFreeIrp(w, th, irp)
    s.irps.release(irp.id)
  }
  s.kevents.release(kevent)
  L.ready = true
}
