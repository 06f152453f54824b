/** R74: connection-oriented callbacks enabled on a listener are inherited by sockets WskAcceptEvent delivers. */
import {compileMachine, type MachineDef} from '../machine.js'
import type {StepContext} from '../step-context.js'

export type InheritedCallbacksState = 'None' | 'Some'
export type InheritedCallbacksEvent = 'enableConnectionCallbacks'

const def: MachineDef<InheritedCallbacksState, InheritedCallbacksEvent, StepContext> = {
  name: 'inherited-callbacks',
  object: 'listening-socket',
  slot: 3,
  title: 'Callbacks inherited by accepted sockets',
  initial: 'None',
  states: {
    None: 'no connection-oriented callback enabled on the listener',
    Some: 'WSK_EVENT_RECEIVE, _DISCONNECT or _SEND_BACKLOG enabled on the listener (cannot be disabled there)',
  },
  terminal: [],
  events: {enableConnectionCallbacks: 'SO_WSK_EVENT_CALLBACK enabled a connection-oriented event on the listener'},
  transitions: [{from: ['None', 'Some'], on: 'enableConnectionCallbacks', to: 'Some'}],
}

export const InheritedCallbacks = compileMachine(def)
