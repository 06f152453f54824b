/**
 * Accepted sockets (§2.4): delivered by WskAcceptEvent (offered at its enter, owned at its
 * STATUS_SUCCESS exit) or by a WskAccept IRP (owned at its successful IoCompletion), then used
 * by WSK calls. The records that mean each event of the `accepted-socket` machine.
 */
import {AcceptedSocket, type AcceptedSocketState} from '../../model/machines/accepted-socket.js'
import {AcceptCallback} from '../../model/machines/accept-callback.js'
import type {Id, TraceEvent} from '../../trace/event.js'
import {STATUS_INSUFFICIENT_RESOURCES, STATUS_PENDING, STATUS_REQUEST_NOT_ACCEPTED, STATUS_SUCCESS, isNtSuccess} from '../../trace/ntstatus.js'
import type {AnyMachine, SynthObject, Thread, Walker} from '../walker.js'
import {enterActivation, returnActivation} from './activation.js'
import {LISTENING_SOCKET} from './listening-socket.js'
import {bindContext, pinAcceptAddresses, unpinAcceptAddresses} from './pool-block.js'
import {wskCallPoint, type WskCall} from './socket.js'
import {expire, lend} from './wsk-buffer.js'

export const ACCEPTED_SOCKET = AcceptedSocket as unknown as AnyMachine
const ACCEPT_CALLBACK = AcceptCallback as unknown as AnyMachine

/** How WskAcceptEvent's return value says each outcome of the offered socket (the machine's events). */
export const ACCEPT_EVENT_RETURNS = {
  accepted: STATUS_SUCCESS,
  rejected: STATUS_REQUEST_NOT_ACCEPTED,
  invalidReturn: STATUS_INSUFFICIENT_RESOURCES,
} as const

export type AcceptOutcome = keyof typeof ACCEPT_EVENT_RETURNS

export function createAccepted(w: Walker, id: Id, ev: TraceEvent, listener: SynthObject, origin: 'event' | 'irp', state: AcceptedSocketState): SynthObject {
  const s = w.create('accepted-socket', id, ev.line)
  s.setState(AcceptedSocket.slot, AcceptedSocket.S[state])
  s.data.origin = origin
  s.data.listener = listener
  return w.track(s, ACCEPTED_SOCKET)
}

/** One WskAcceptEvent activation: its records and the objects it lends or offers. */
export interface AcceptIndication {
  enter: TraceEvent
  act: SynthObject
  listener: SynthObject
  /** The offered socket (undefined: AcceptSocket NULL). */
  sock: SynthObject | undefined
  local: SynthObject | undefined
  remote: SynthObject | undefined
}

/** WskAcceptEvent enter: the listener indicates `sockId` (null: the NULL indication), lending two SOCKADDRs. */
export function acceptEventEnter(
  w: Walker, th: Thread, listener: SynthObject, sockId: Id | null, local: Id | null, remote: Id | null, flags: number, irql?: number,
): AcceptIndication {
  const enter = w.record(th, 'WskAcceptEvent', 'enter', irql)
  enter.socket = listener.id
  enter.flags = flags
  enter.acceptSocket = sockId
  enter.localAddress = local
  enter.remoteAddress = remote
  const act = enterActivation(w, enter)
  w.fire(LISTENING_SOCKET, listener, sockId === null ? 'nullAcceptIndication' : 'acceptIndication', enter, enter)
  if (sockId === null && listener.data.brokenLine === undefined && !w.dry) listener.data.brokenLine = enter.line
  w.fire(ACCEPT_CALLBACK, listener, 'acceptIndication', enter, enter)
  const sock = sockId !== null ? createAccepted(w, sockId, enter, listener, 'event', 'Offered') : undefined
  return {enter, act, listener, sock, local: lend(w, local, 'LiveAcceptAddress', enter), remote: lend(w, remote, 'LiveAcceptAddress', enter)}
}

/** WskAcceptEvent exit: the return value and the outs (`*AcceptSocketContext`, `*AcceptSocketDispatch`). */
export function acceptEventExit(w: Walker, th: Thread, a: AcceptIndication, status: number, context: SynthObject | null, dispatch: Id | null, irql?: number): TraceEvent {
  const exit = w.record(th, 'WskAcceptEvent', 'exit', irql)
  exit.socket = a.listener.id
  exit.status = status
  exit.context = context?.id ?? null
  exit.dispatch = dispatch
  returnActivation(w, a.act, exit, a.enter)
  const s = a.sock
  if (s !== undefined) {
    if (status === STATUS_SUCCESS) {
      if (!w.dry) {
        s.originLine = exit.line
        s.data.context = exit.context
        s.data.dispatch = dispatch
      }
      w.fire(ACCEPTED_SOCKET, s, 'accepted', exit, a.enter)
      if (context !== null) bindContext(w, context, s, exit, 'bindAcceptEventContext')
    } else if (status === STATUS_REQUEST_NOT_ACCEPTED) {
      if (!w.dry) s.data.closeLine = exit.line
      w.fire(ACCEPTED_SOCKET, s, 'rejected', exit, a.enter)
    } else w.fire(ACCEPTED_SOCKET, s, 'invalidReturn', exit, a.enter)
  }
  expire(w, a.local, exit)
  expire(w, a.remote, exit)
  return exit
}

/** A WskAccept IRP in flight: what its completion delivers. */
export interface AcceptRequest {
  call: TraceEvent
  listener: SynthObject
  irp: SynthObject
  /** The delivered socket, once the IRP completed with success (or the failure's stale pointer). */
  sock?: SynthObject
  status?: number
}

/** WskAccept with an IRP, returning STATUS_PENDING: WSK completes it when a connection arrives. */
export function wskAccept(
  w: Walker, th: Thread, listener: SynthObject, irp: SynthObject, local: SynthObject | undefined, remote: SynthObject | undefined,
  context: SynthObject | undefined, dispatch: Id | null,
): AcceptRequest {
  const req = {listener, irp} as AcceptRequest
  const blocks = [local, remote].filter((b): b is SynthObject => b !== undefined)
  const call: WskCall = {
    event: 'WskAccept',
    sock: listener,
    sockEvent: 'listenCall',
    irp,
    fill: (ev) => {
      ev.localAddress = local?.id ?? null
      ev.remoteAddress = remote?.id ?? null
      ev.context = context?.id ?? null
      ev.dispatch = dispatch
    },
    onPending: (ev, input) => pinAcceptAddresses(w, irp, blocks, ev, input),
    outcome: (ev, status, information) => {
      unpinAcceptAddresses(w, irp, ev)
      if (!w.dry) req.status = status
      if (!information) return
      if (isNtSuccess(status)) {
        const s = createAccepted(w, information, ev, listener, 'irp', 'Owned')
        s.data.context = context?.id ?? null
        s.data.dispatch = dispatch
        if (context !== undefined) bindContext(w, context, s, ev, 'bindContext')
        req.sock = s
      } else {
        // A failed accept leaves no socket; a stale pointer in Information names nothing (R53).
        req.sock = createAccepted(w, information, ev, listener, 'irp', 'NotASocket')
      }
    },
  }
  req.call = wskCallPoint(w, th, call, STATUS_PENDING)
  return req
}

/** A terse WskAccept point record on any socket, failing with `status` (no IRP, no socket delivered). */
export function wskAcceptRefused(w: Walker, th: Thread, sock: SynthObject, status: number): TraceEvent {
  const call: WskCall = {
    event: 'WskAccept',
    sock,
    sockEvent: 'listenCall',
    fill: (ev) => {
      ev.localAddress = null
      ev.remoteAddress = null
      ev.context = null
      ev.dispatch = null
    },
  }
  return wskCallPoint(w, th, call, status)
}

/** A WSK call on a socket (WskReceive, WskSend, WskDisconnect, WskGetRemoteAddress…), terse or with its IRP. */
export function socketCall(w: Walker, th: Thread, sock: SynthObject, event: string, status: number, irp?: SynthObject, irql?: number, flags?: number): TraceEvent {
  const call: WskCall = {event, sock, sockEvent: 'call', irp, fill: flags !== undefined ? (ev) => void (ev.flags = flags) : undefined}
  return wskCallPoint(w, th, call, irp !== undefined ? STATUS_PENDING : status, irql)
}

/** A callback WSK makes on a connected socket (WskReceiveEvent, WskDisconnectEvent): an activation, nothing else. */
export function socketEventEnter(w: Walker, th: Thread, sock: SynthObject, event: string, flags: number): {enter: TraceEvent; act: SynthObject} {
  const enter = w.record(th, event, 'enter')
  enter.socket = sock.id
  enter.flags = flags
  return {enter, act: enterActivation(w, enter)}
}

export function socketEventExit(w: Walker, th: Thread, sock: SynthObject, a: {enter: TraceEvent; act: SynthObject}, status: number): void {
  const exit = w.record(th, a.enter.event, 'exit')
  exit.socket = sock.id
  exit.status = status
  returnActivation(w, a.act, exit, a.enter)
}

