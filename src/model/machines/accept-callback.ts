/** §2.6: whether WskAcceptEvent may be called on a listening socket. */
import {compileMachine, type MachineDef} from '../machine.js'
import type {StepContext} from '../step-context.js'

export type AcceptCallbackState = 'NeverEnabled' | 'Enabled' | 'Static' | 'Disabled' | 'Unknown'
export type AcceptCallbackEvent = 'enable' | 'disable' | 'acceptIndication'

const def: MachineDef<AcceptCallbackState, AcceptCallbackEvent, StepContext> = {
  name: 'accept-callback',
  object: 'listening-socket',
  slot: 1,
  title: 'WskAcceptEvent enablement',
  initial: 'NeverEnabled',
  states: {
    NeverEnabled: 'callbacks of a new socket are disabled (R12)',
    Enabled: 'SO_WSK_EVENT_CALLBACK enabled WSK_EVENT_ACCEPT',
    Static: 'WSK_SET_STATIC_EVENT_CALLBACKS enabled WSK_EVENT_ACCEPT for every socket',
    Disabled: 'WSK_EVENT_ACCEPT | WSK_EVENT_DISABLE completed',
    Unknown: 'the socket was created before the capture started',
  },
  terminal: [],
  events: {
    enable: 'SO_WSK_EVENT_CALLBACK with WSK_EVENT_ACCEPT succeeded',
    disable: 'SO_WSK_EVENT_CALLBACK with WSK_EVENT_ACCEPT | WSK_EVENT_DISABLE succeeded',
    acceptIndication: 'WskAcceptEvent entered',
  },
  transitions: [
    {from: ['NeverEnabled', 'Disabled', 'Enabled'], on: 'enable', to: 'Enabled'},
    {from: ['Enabled'], on: 'disable', to: 'Disabled'},
    {from: ['NeverEnabled'], on: 'acceptIndication', violates: {rule: 'new-socket-callbacks-disabled'}},
    {from: ['Disabled'], on: 'acceptIndication', violates: {rule: 'accept-event-only-if-enabled'}},
    {from: ['Enabled', 'Static', 'Unknown'], on: 'acceptIndication'},
  ],
}

export const AcceptCallback = compileMachine(def)
