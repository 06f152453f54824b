/** Memory the application allocated or handed to WSK: address buffers of WskAccept and socket contexts (R54, R71, R101). */
import {compileMachine, type MachineDef} from '../machine.js'
import type {StepContext} from '../step-context.js'

export type PoolBlockState = 'Allocated' | 'AcceptAddressInFlight' | 'SocketContext' | 'Freed'
export type PoolBlockEvent = 'pinAcceptAddress' | 'unpin' | 'bindContext' | 'bindAcceptEventContext' | 'unbindContext' | 'free'

export function pagedPool(ctx: StepContext): boolean {
  return ctx.obj.data.pool === 'paged'
}

const def: MachineDef<PoolBlockState, PoolBlockEvent, StepContext> = {
  name: 'pool-block',
  object: 'memory',
  slot: 0,
  title: 'Application memory lent to WSK',
  initial: 'Allocated',
  states: {
    Allocated: 'allocated by the application (ExAllocatePool*), or first seen lent to WSK',
    AcceptAddressInFlight: 'LocalAddress/RemoteAddress of a pending WskAccept: must stay valid until its IRP completes',
    SocketContext: 'context of an open socket: callbacks may still receive it until the close completes',
    Freed: 'ExFreePool* (terminal)',
  },
  terminal: ['Freed'],
  events: {
    pinAcceptAddress: 'passed to a WskAccept that returned STATUS_PENDING',
    unpin: 'that WskAccept IRP completed',
    bindContext: 'passed as a socket context',
    bindAcceptEventContext: 'returned as *AcceptSocketContext by WskAcceptEvent',
    unbindContext: "the socket's close completed",
    free: 'ExFreePool*',
  },
  transitions: [
    {from: ['Allocated'], on: 'pinAcceptAddress', to: 'AcceptAddressInFlight'},
    {from: ['AcceptAddressInFlight'], on: 'unpin', to: 'Allocated'},
    {from: ['Allocated', 'SocketContext'], on: 'bindContext', to: 'SocketContext'},
    {from: ['Allocated', 'SocketContext'], on: 'bindAcceptEventContext', guard: pagedPool, to: 'SocketContext', violates: {rule: 'accept-event-context-nonpaged'}},
    {from: ['Allocated', 'SocketContext'], on: 'bindAcceptEventContext', to: 'SocketContext'},
    {from: ['SocketContext'], on: 'unbindContext', to: 'Allocated'},
    {from: ['Allocated'], on: 'free', to: 'Freed'},
    {from: ['AcceptAddressInFlight'], on: 'free', to: 'Freed', violates: {rule: 'accept-address-buffers-live-until-completion'}},
    {from: ['SocketContext'], on: 'free', to: 'Freed', violates: {rule: 'free-context-after-close-completes'}},
  ],
}

export const PoolBlock = compileMachine(def)
