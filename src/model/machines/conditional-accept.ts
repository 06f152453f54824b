/** §2.1/C: conditional accept mode of a listening socket (SO_CONDITIONAL_ACCEPT). */
import {compileMachine, type MachineDef} from '../machine.js'
import type {StepContext} from '../step-context.js'

export type ConditionalAcceptState = 'Off' | 'On' | 'Unknown'
export type ConditionalAcceptEvent = 'turnedOn' | 'turnedOff' | 'inspectIndication' | 'abortIndication'

const def: MachineDef<ConditionalAcceptState, ConditionalAcceptEvent, StepContext> = {
  name: 'conditional-accept',
  object: 'listening-socket',
  slot: 2,
  title: 'Conditional accept mode',
  initial: 'Off',
  states: {
    Off: 'default: conditional accept is disabled',
    On: 'SO_CONDITIONAL_ACCEPT = 1 succeeded: WskInspectEvent and WskAbortEvent are live',
    Unknown: 'the socket was created before the capture started',
  },
  terminal: [],
  events: {
    turnedOn: 'SO_CONDITIONAL_ACCEPT = 1 succeeded',
    turnedOff: 'SO_CONDITIONAL_ACCEPT = 0 succeeded',
    inspectIndication: 'WskInspectEvent entered',
    abortIndication: 'WskAbortEvent entered',
  },
  transitions: [
    {from: ['Off', 'On', 'Unknown'], on: 'turnedOn', to: 'On'},
    {from: ['Off', 'On', 'Unknown'], on: 'turnedOff', to: 'Off'},
    {from: ['Off'], on: 'inspectIndication', violates: {rule: 'inspect-only-in-conditional-mode'}},
    {from: ['Off'], on: 'abortIndication', violates: {rule: 'inspect-only-in-conditional-mode'}},
    {from: ['On', 'Unknown'], on: 'inspectIndication'},
    {from: ['On', 'Unknown'], on: 'abortIndication'},
  ],
}

export const ConditionalAccept = compileMachine(def)
