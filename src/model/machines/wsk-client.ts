/** The WSK client as a whole: client-level controls and stateless argument checks of WSK calls. */
import {compileMachine, type MachineDef} from '../machine.js'
import type {StepContext} from '../step-context.js'

export type WskClientState = 'NoSocketYet' | 'SocketsCreated'
export type WskClientEvent = 'wskSocketCalled' | 'setStaticEventCallbacks' | 'closeSocketCalled'

/** The IRP of a call was logged, and it was NULL. */
export function irpIsNull(ctx: StepContext): boolean {
  return ctx.input.irp === null
}

/** WSK_SET_STATIC_EVENT_CALLBACKS requires Irp = NULL: a logged non-NULL IRP is proof of misuse. */
export function irpIsNotNull(ctx: StepContext): boolean {
  return ctx.input.irp !== undefined && ctx.input.irp !== null
}

const def: MachineDef<WskClientState, WskClientEvent, StepContext> = {
  name: 'wsk-client',
  object: 'session',
  slot: 0,
  title: 'WSK client',
  initial: 'NoSocketYet',
  states: {
    NoSocketYet: 'no WskSocket called yet',
    SocketsCreated: 'WskSocket was called',
  },
  terminal: [],
  events: {
    wskSocketCalled: 'WskSocket called',
    setStaticEventCallbacks: 'WskControlClient(WSK_SET_STATIC_EVENT_CALLBACKS)',
    closeSocketCalled: 'WskCloseSocket called (any socket)',
  },
  transitions: [
    {from: '*', on: 'wskSocketCalled', to: 'SocketsCreated'},
    {from: '*', on: 'setStaticEventCallbacks', guard: irpIsNotNull, violates: {rule: 'static-callbacks-before-any-socket', message: 'irp'}},
    {from: ['SocketsCreated'], on: 'setStaticEventCallbacks', violates: {rule: 'static-callbacks-before-any-socket'}},
    {from: ['NoSocketYet'], on: 'setStaticEventCallbacks'},
    {from: '*', on: 'closeSocketCalled', guard: irpIsNull, violates: {rule: 'close-irp-required'}},
    {from: '*', on: 'closeSocketCalled'},
  ],
}

export const WskClient = compileMachine(def)
