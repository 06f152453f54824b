/**
 * Buffers WSK lends to a callback for its duration only: the SOCKADDRs of WskAcceptEvent and
 * WskInspectEvent, and WskInspectEvent's WSK_INSPECT_ID (R70, R81, R82).
 */
import {compileMachine, type MachineDef} from '../machine.js'
import type {StepContext} from '../step-context.js'

export type WskBufferState =
  | 'LiveAcceptAddress' | 'ExpiredAcceptAddress' | 'LiveInspectAddress' | 'ExpiredInspectAddress' | 'LiveInspectId' | 'ExpiredInspectId'
export type WskBufferEvent = 'callbackReturned' | 'access' | 'passedAsInspectId'

const def: MachineDef<WskBufferState, WskBufferEvent, StepContext> = {
  name: 'wsk-buffer',
  object: 'memory',
  slot: 0,
  title: 'Buffer lent by WSK to a callback',
  initial: 'LiveAcceptAddress',
  states: {
    LiveAcceptAddress: 'LocalAddress/RemoteAddress of a running WskAcceptEvent',
    ExpiredAcceptAddress: 'that WskAcceptEvent returned: the SOCKADDR is no longer valid',
    LiveInspectAddress: 'LocalAddress/RemoteAddress of a running WskInspectEvent',
    ExpiredInspectAddress: 'that WskInspectEvent returned: the SOCKADDR is no longer valid',
    LiveInspectId: "WSK's WSK_INSPECT_ID of a running WskInspectEvent",
    ExpiredInspectId: 'that WskInspectEvent returned: the application must use its own copy',
  },
  terminal: ['ExpiredAcceptAddress', 'ExpiredInspectAddress', 'ExpiredInspectId'],
  events: {
    callbackReturned: 'the callback that lent it returned',
    access: 'MemoryAccess through the pointer',
    passedAsInspectId: 'passed as InspectID to WskInspectComplete',
  },
  transitions: [
    {from: ['LiveAcceptAddress'], on: 'callbackReturned', to: 'ExpiredAcceptAddress'},
    {from: ['LiveInspectAddress'], on: 'callbackReturned', to: 'ExpiredInspectAddress'},
    {from: ['LiveInspectId'], on: 'callbackReturned', to: 'ExpiredInspectId'},
    {from: ['LiveAcceptAddress', 'LiveInspectAddress', 'LiveInspectId'], on: 'access'},
    {from: ['LiveInspectId'], on: 'passedAsInspectId'},
    {from: ['ExpiredAcceptAddress'], on: 'access', violates: {rule: 'accept-event-addresses-ephemeral'}},
    {from: ['ExpiredInspectAddress'], on: 'access', violates: {rule: 'inspect-addresses-ephemeral'}},
    {from: ['ExpiredInspectId'], on: 'access', violates: {rule: 'inspect-id-copied-not-referenced', message: 'accessAfterReturn'}},
    {from: ['ExpiredInspectId'], on: 'passedAsInspectId', violates: {rule: 'inspect-id-copied-not-referenced', message: 'pointerReused'}},
  ],
}

export const WskBuffer = compileMachine(def)
