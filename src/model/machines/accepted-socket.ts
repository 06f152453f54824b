/** §2.4 of the rulebook: the life of an accepted socket. */
import {compileMachine, type MachineDef} from '../machine.js'
import type {StepContext} from '../step-context.js'
import {InheritedCallbacks} from './inherited-callbacks.js'

export type AcceptedSocketState =
  | 'Offered' | 'OfferedUsed' | 'Owned' | 'ClosedByWsk' | 'NotAccepted' | 'NotASocket' | 'Closing' | 'Closed' | 'Leaked'
export type AcceptedSocketEvent =
  | 'accepted' | 'rejected' | 'invalidReturn' | 'call' | 'listenCall' | 'close' | 'closeCompleted' | 'detach' | 'end'

/** WskAcceptEvent returned a context or dispatch table, yet no callback was ever enabled on the socket (R72). */
export function contextWithoutCallbacks(ctx: StepContext): boolean {
  const d = ctx.obj.data
  if (d.origin !== 'event' || d.callbacksEnabled) return false
  if (d.listener !== undefined && d.listener.state(InheritedCallbacks.slot) === InheritedCallbacks.S.Some) return false
  return (d.context !== undefined && d.context !== null) || (d.dispatch !== undefined && d.dispatch !== null)
}

/** The listener passes inherited callbacks to this socket but WskAcceptEvent returned no dispatch table (R73). */
export function inheritedCallbacksWithoutDispatch(ctx: StepContext): boolean {
  const l = ctx.obj.data.listener
  return l !== undefined && l.state(InheritedCallbacks.slot) === InheritedCallbacks.S.Some && ctx.ev.dispatch === null
}

export function deliveredByAcceptEvent(ctx: StepContext): boolean {
  return ctx.obj.data.origin === 'event'
}

export function deliveredByAcceptIrp(ctx: StepContext): boolean {
  return ctx.obj.data.origin === 'irp'
}

const OWNED = ['Owned'] as const
const AFTER_CLOSE = ['Closing', 'Closed'] as const

const def: MachineDef<AcceptedSocketState, AcceptedSocketEvent, StepContext> = {
  name: 'accepted-socket',
  object: 'accepted-socket',
  slot: 0,
  title: 'Accepted socket',
  initial: 'Offered',
  states: {
    Offered: 'indicated to WskAcceptEvent, which has not returned yet',
    OfferedUsed: 'indicated, and the callback already issued calls on it',
    Owned: 'the application owns it: it must close it',
    ClosedByWsk: 'WskAcceptEvent returned STATUS_REQUEST_NOT_ACCEPTED: WSK closed it (terminal)',
    NotAccepted: 'WskAcceptEvent returned an invalid status: the application does not own it (terminal)',
    NotASocket: 'IoStatus.Information of a failed WskAccept IRP: no socket exists (terminal)',
    Closing: 'WskCloseSocket called',
    Closed: 'the close completed (terminal)',
    Leaked: 'still open when the application detached (reported once)',
  },
  terminal: ['ClosedByWsk', 'NotAccepted', 'NotASocket', 'Closed'],
  events: {
    accepted: 'WskAcceptEvent returned STATUS_SUCCESS',
    rejected: 'WskAcceptEvent returned STATUS_REQUEST_NOT_ACCEPTED',
    invalidReturn: 'WskAcceptEvent returned another status',
    call: 'a WSK socket function called on it',
    listenCall: 'WskAccept or WskInspectComplete called on it',
    close: 'WskCloseSocket called',
    closeCompleted: 'the close completed',
    detach: 'WskDeregister or DriverUnload returned',
    end: 'end of the trace',
  },
  transitions: [
    {from: ['Offered', 'OfferedUsed'], on: 'accepted', guard: inheritedCallbacksWithoutDispatch, to: 'Owned', violates: {rule: 'accept-event-dispatch-for-inherited'}},
    {from: ['Offered', 'OfferedUsed'], on: 'accepted', to: 'Owned'},
    {from: ['OfferedUsed'], on: 'rejected', to: 'ClosedByWsk', violates: {rule: 'accept-event-reject-after-use'}},
    {from: ['Offered'], on: 'rejected', to: 'ClosedByWsk'},
    {from: ['Offered', 'OfferedUsed'], on: 'invalidReturn', to: 'NotAccepted'},
    {from: ['Offered', 'OfferedUsed'], on: 'call', to: 'OfferedUsed', note: 'S2: the callback may initiate calls'},
    {from: ['Offered', 'OfferedUsed', 'Owned', 'Leaked'], on: 'listenCall', violates: {rule: 'listen-functions-need-listen-socket'}},
    {from: ['Owned', 'Leaked'], on: 'call'},
    {from: ['ClosedByWsk'], on: 'call', violates: {rule: 'accept-event-reject-wsk-closes'}},
    {from: ['ClosedByWsk'], on: 'close', violates: {rule: 'accept-event-reject-wsk-closes'}},
    {from: ['NotASocket'], on: 'call', violates: {rule: 'accept-failure-has-no-socket'}},
    {from: ['NotASocket'], on: 'close', violates: {rule: 'accept-failure-has-no-socket'}},
    {from: OWNED, on: 'close', guard: contextWithoutCallbacks, to: 'Closing', violates: {rule: 'accept-event-null-outs-if-no-callbacks', at: 'origin'}},
    {from: ['Offered', 'OfferedUsed', 'Owned', 'Leaked'], on: 'close', to: 'Closing'},
    {from: AFTER_CLOSE, on: 'call', violates: {rule: 'no-calls-after-close'}},
    {from: AFTER_CLOSE, on: 'listenCall', violates: {rule: 'no-calls-after-close'}},
    {from: AFTER_CLOSE, on: 'close', violates: {rule: 'no-calls-after-close', message: 'secondClose'}},
    {from: ['Closing'], on: 'closeCompleted', to: 'Closed'},
    {from: OWNED, on: 'detach', guard: deliveredByAcceptEvent, to: 'Leaked', violates: {rule: 'accept-event-success-app-owns', message: 'leak', missing: true}},
    {from: OWNED, on: 'detach', guard: deliveredByAcceptIrp, to: 'Leaked', violates: {rule: 'accept-success-yields-owned-socket', message: 'leak', missing: true}},
    {from: OWNED, on: 'end', guard: deliveredByAcceptEvent, violates: {rule: 'accept-event-success-app-owns', message: 'leak', missing: true, at: 'origin'}},
    {from: OWNED, on: 'end', guard: deliveredByAcceptIrp, violates: {rule: 'accept-success-yields-owned-socket', message: 'leak', missing: true, at: 'origin'}},
  ],
}

export const AcceptedSocket = compileMachine(def)
