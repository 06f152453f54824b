/** §2.1 of the rulebook: the life of a listening socket. */
import {compileMachine, type MachineDef} from '../machine.js'
import type {StepContext} from '../step-context.js'

export type ListeningSocketState =
  | 'Created' | 'Binding' | 'Listening' | 'BrokenNoAcceptSocket' | 'BrokenNoInspectId' | 'Closing' | 'Closed' | 'Leaked'
export type ListeningSocketEvent =
  | 'bind' | 'bindSucceeded' | 'bindFailed' | 'setConditionalAccept' | 'listenCall' | 'call' | 'close' | 'closeCompleted'
  | 'acceptIndication' | 'nullAcceptIndication' | 'inspectIndication' | 'nullInspectIndication' | 'detach' | 'end'

const OPEN = ['Created', 'Binding', 'Listening'] as const
const UNBOUND = ['Created', 'Binding'] as const
const INDICATIONS = ['acceptIndication', 'nullAcceptIndication', 'inspectIndication', 'nullInspectIndication'] as const
const CALLS = ['bind', 'setConditionalAccept', 'listenCall', 'call'] as const
const AFTER_CLOSE = ['Closing', 'Closed'] as const

const def: MachineDef<ListeningSocketState, ListeningSocketEvent, StepContext> = {
  name: 'listening-socket',
  object: 'listening-socket',
  slot: 0,
  title: 'Listening socket',
  initial: 'Created',
  states: {
    Created: 'created by WskSocket(WSK_FLAG_LISTEN_SOCKET), not bound',
    Binding: 'WskBind called, not completed',
    Listening: 'bound: connections may arrive',
    BrokenNoAcceptSocket: 'WskAcceptEvent indicated a NULL AcceptSocket: only WskCloseSocket is allowed',
    BrokenNoInspectId: 'WskInspectEvent indicated a NULL InspectID: only WskCloseSocket is allowed',
    Closing: 'WskCloseSocket called',
    Closed: 'the close completed (terminal)',
    Leaked: 'still open when the application detached (reported once)',
  },
  terminal: ['Closed'],
  events: {
    bind: 'WskBind called',
    bindSucceeded: 'the bind completed with success',
    bindFailed: 'the bind failed',
    setConditionalAccept: 'WskControlSocket(WskSetOption, SO_CONDITIONAL_ACCEPT)',
    listenCall: 'WskAccept or WskInspectComplete called on it',
    call: 'any other WSK socket function called on it',
    close: 'WskCloseSocket called',
    closeCompleted: 'the close completed',
    acceptIndication: 'WskAcceptEvent entered with an AcceptSocket',
    nullAcceptIndication: 'WskAcceptEvent entered with AcceptSocket = NULL',
    inspectIndication: 'WskInspectEvent entered with an InspectID',
    nullInspectIndication: 'WskInspectEvent entered with InspectID = NULL',
    detach: 'WskDeregister or DriverUnload returned',
    end: 'end of the trace',
  },
  transitions: [
    {from: ['Created'], on: 'bind', to: 'Binding'},
    {from: ['Binding'], on: 'bindSucceeded', to: 'Listening'},
    {from: ['Binding'], on: 'bindFailed', to: 'Created'},
    {from: ['Created'], on: 'setConditionalAccept'},
    {from: ['Binding', 'Listening'], on: 'setConditionalAccept', violates: {rule: 'conditional-accept-before-bind'}},
    {from: UNBOUND, on: 'listenCall', violates: {rule: 'bind-before-accept'}},
    {from: ['Listening'], on: 'listenCall'},
    {from: OPEN, on: 'call'},
    {from: ['Listening'], on: 'bind', note: 'a second bind is not checked'},
    ...INDICATIONS.map((on) => ({from: UNBOUND, on, violates: {rule: 'listening-starts-at-bind'}})),
    {from: ['Listening'], on: 'acceptIndication'},
    {from: ['Listening'], on: 'inspectIndication'},
    {from: ['Listening'], on: 'nullAcceptIndication', to: 'BrokenNoAcceptSocket'},
    {from: ['Listening'], on: 'nullInspectIndication', to: 'BrokenNoInspectId'},
    ...CALLS.map((on) => ({from: ['BrokenNoAcceptSocket'] as const, on, violates: {rule: 'accept-event-null-socket-close-listener', message: 'callOnBroken'}})),
    ...CALLS.map((on) => ({from: ['BrokenNoInspectId'] as const, on, violates: {rule: 'inspect-null-id-close-listener', message: 'callOnBroken'}})),
    {from: [...OPEN, 'BrokenNoAcceptSocket', 'BrokenNoInspectId', 'Leaked'], on: 'close', to: 'Closing'},
    ...CALLS.map((on) => ({from: AFTER_CLOSE, on, violates: {rule: 'no-calls-after-close'}})),
    {from: AFTER_CLOSE, on: 'close', violates: {rule: 'no-calls-after-close', message: 'secondClose'}},
    {from: ['Closing'], on: 'closeCompleted', to: 'Closed'},
    {from: ['Closing'], on: 'acceptIndication', note: 'in-progress callbacks may still run (A16)'},
    {from: ['Closing'], on: 'inspectIndication', note: 'in-progress callbacks may still run (A16)'},
    {from: OPEN, on: 'detach', to: 'Leaked', violates: {rule: 'close-all-sockets-before-detach', message: 'leak', missing: true}},
    {from: OPEN, on: 'end', violates: {rule: 'close-all-sockets-before-detach', message: 'leak', missing: true, at: 'origin'}},
    {from: ['BrokenNoAcceptSocket'], on: 'detach', to: 'Leaked', violates: {rule: 'accept-event-null-socket-close-listener', message: 'neverClosed', missing: true, at: 'broken'}},
    {from: ['BrokenNoAcceptSocket'], on: 'end', violates: {rule: 'accept-event-null-socket-close-listener', message: 'neverClosed', missing: true, at: 'broken'}},
    {from: ['BrokenNoInspectId'], on: 'detach', to: 'Leaked', violates: {rule: 'inspect-null-id-close-listener', message: 'neverClosed', missing: true, at: 'broken'}},
    {from: ['BrokenNoInspectId'], on: 'end', violates: {rule: 'inspect-null-id-close-listener', message: 'neverClosed', missing: true, at: 'broken'}},
  ],
}

export const ListeningSocket = compileMachine(def)
