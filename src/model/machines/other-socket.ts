/**
 * Sockets that are neither listening nor accepted: connection/stream/datagram sockets created by
 * WskSocket, and sockets first seen mid-trace (created before the capture). Only what the trace
 * proves is checked on the latter.
 */
import {compileMachine, type MachineDef} from '../machine.js'
import type {StepContext} from '../step-context.js'
import {WSK_FLAG_STREAM_SOCKET} from '../../trace/wsk-flags.js'

export type OtherSocketState = 'Open' | 'Adopted' | 'Closing' | 'Closed' | 'Leaked'
export type OtherSocketEvent = 'call' | 'listenCall' | 'close' | 'closeCompleted' | 'detach' | 'end'

/** WskAccept on a bound stream socket is allowed (R10); only non-stream sockets are proof of misuse. */
export function createdWithoutListenOrStreamFlag(ctx: StepContext): boolean {
  const flags = ctx.obj.data.socketFlags
  return flags !== undefined && (flags & WSK_FLAG_STREAM_SOCKET) === 0
}

const def: MachineDef<OtherSocketState, OtherSocketEvent, StepContext> = {
  name: 'socket',
  object: 'socket',
  slot: 0,
  title: 'Other socket',
  initial: 'Open',
  states: {
    Open: 'created by WskSocket without WSK_FLAG_LISTEN_SOCKET',
    Adopted: 'first seen mid-trace: its category is unknown',
    Closing: 'WskCloseSocket called',
    Closed: 'the close completed (terminal)',
    Leaked: 'still open when the application detached (reported once)',
  },
  terminal: ['Closed'],
  events: {
    call: 'a WSK socket function called on it',
    listenCall: 'WskAccept or WskInspectComplete called on it',
    close: 'WskCloseSocket called',
    closeCompleted: 'the close completed',
    detach: 'WskDeregister or DriverUnload returned',
    end: 'end of the trace',
  },
  transitions: [
    {from: ['Open'], on: 'listenCall', guard: createdWithoutListenOrStreamFlag, violates: {rule: 'listen-functions-need-listen-socket'}},
    {from: ['Open', 'Adopted'], on: 'listenCall'},
    {from: ['Open', 'Adopted'], on: 'call'},
    {from: ['Open', 'Adopted'], on: 'close', to: 'Closing'},
    {from: ['Closing', 'Closed'], on: 'call', violates: {rule: 'no-calls-after-close'}},
    {from: ['Closing', 'Closed'], on: 'listenCall', violates: {rule: 'no-calls-after-close'}},
    {from: ['Closing', 'Closed'], on: 'close', violates: {rule: 'no-calls-after-close', message: 'secondClose'}},
    {from: ['Closing'], on: 'closeCompleted', to: 'Closed'},
    {from: ['Leaked'], on: 'close', to: 'Closing'},
    {from: ['Leaked'], on: 'call'},
    {from: ['Open'], on: 'detach', to: 'Leaked', violates: {rule: 'close-all-sockets-before-detach', message: 'leak', missing: true}},
    {from: ['Open'], on: 'end', violates: {rule: 'close-all-sockets-before-detach', message: 'leak', missing: true, at: 'origin'}},
  ],
}

export const OtherSocket = compileMachine(def)
