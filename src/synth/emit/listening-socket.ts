/** Listening sockets: WskSocket(WSK_FLAG_LISTEN_SOCKET), WskBind, and the machines of the listener (§2.1, §2.6, C). */
import {ListeningSocket} from '../../model/machines/listening-socket.js'
import {AcceptCallback} from '../../model/machines/accept-callback.js'
import {ConditionalAccept} from '../../model/machines/conditional-accept.js'
import {InheritedCallbacks} from '../../model/machines/inherited-callbacks.js'
import type {Id, TraceEvent} from '../../trace/event.js'
import {STATUS_PENDING, STATUS_SUCCESS, isNtSuccess} from '../../trace/ntstatus.js'
import {WSK_EVENT_ACCEPT, WSK_FLAG_LISTEN_SOCKET} from '../../trace/wsk-flags.js'
import type {AnyMachine, SynthObject, Thread, Walker} from '../walker.js'
import {bindContext} from './pool-block.js'
import {wskCallEnter, wskCallExit, wskCallPoint, type WskCall} from './socket.js'

export const LISTENING_SOCKET = ListeningSocket as unknown as AnyMachine

/** What a listening WskSocket call gives: the listener, once the call completed. */
export interface ListenerBirth {
  listener?: SynthObject
}

function createListener(w: Walker, id: Id, call: TraceEvent, contextBlock: SynthObject | undefined, birth: ListenerBirth): void {
  const l = w.create('listening-socket', id, call.line)
  l.setState(ListeningSocket.slot, ListeningSocket.S.Created)
  const staticMask = w.client.data.staticEventMask ?? 0
  l.setState(AcceptCallback.slot, AcceptCallback.S[(staticMask & WSK_EVENT_ACCEPT) !== 0 ? 'Static' : 'NeverEnabled'])
  l.setState(ConditionalAccept.slot, ConditionalAccept.S.Off)
  l.setState(InheritedCallbacks.slot, InheritedCallbacks.S.None)
  l.data.origin = 'create'
  l.data.context = call.context
  w.track(l, LISTENING_SOCKET)
  if (contextBlock !== undefined) bindContext(w, contextBlock, l, call, 'bindContext')
  birth.listener = l
}

/**
 * WskSocket(WSK_FLAG_LISTEN_SOCKET): a terse point record returning the socket, or, with an IRP,
 * a call returning STATUS_PENDING whose IoCompletion carries the socket in `information`.
 */
export function wskSocketListen(w: Walker, th: Thread, id: Id, contextBlock: SynthObject | undefined, dispatch: Id, irp?: SynthObject): ListenerBirth {
  const birth: ListenerBirth = {}
  let callRecord: TraceEvent | undefined
  const call: WskCall = {
    event: 'WskSocket',
    sock: undefined,
    sockEvent: 'call',
    irp,
    fill: (ev) => {
      ev.flags = WSK_FLAG_LISTEN_SOCKET
      ev.context = contextBlock?.id ?? null
      ev.dispatch = dispatch
      if (irp === undefined) ev.socket = id
    },
    outcome: (ev, status, information) => {
      const created = information ?? ev.socket ?? undefined
      if (isNtSuccess(status) && created) createListener(w, created, callRecord ?? ev, contextBlock, birth)
    },
  }
  callRecord = wskCallPoint(w, th, call, irp === undefined ? STATUS_SUCCESS : STATUS_PENDING)
  return birth
}

function bindCall(w: Walker, listener: SynthObject, irp: SynthObject | undefined): WskCall {
  return {
    event: 'WskBind',
    sock: listener,
    sockEvent: 'bind',
    irp,
    outcome: (ev, status) => w.fire(LISTENING_SOCKET, listener, isNtSuccess(status) ? 'bindSucceeded' : 'bindFailed', ev, ev),
  }
}

/** WskBind as one record: STATUS_SUCCESS (terse), or STATUS_PENDING with its IRP (completed later). */
export function wskBind(w: Walker, th: Thread, listener: SynthObject, irp?: SynthObject): TraceEvent {
  return wskCallPoint(w, th, bindCall(w, listener, irp), irp === undefined ? STATUS_SUCCESS : STATUS_PENDING)
}

/** WskBind logged faithfully, its IRP completing inline (the IoCompletion nests before {@link wskBindExit}). */
export function wskBindEnter(w: Walker, th: Thread, listener: SynthObject, irp: SynthObject): {call: WskCall; enter: TraceEvent} {
  const call = bindCall(w, listener, irp)
  return {call, enter: wskCallEnter(w, th, call)}
}

export function wskBindExit(w: Walker, th: Thread, b: {call: WskCall; enter: TraceEvent}): void {
  wskCallExit(w, th, b.call, b.enter, STATUS_SUCCESS)
}
