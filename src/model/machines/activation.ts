/** §2.5 of the rulebook: one activation of a callback or an IoCompletion routine on a thread. */
import {compileMachine, type MachineDef} from '../machine.js'
import type {StepContext} from '../step-context.js'
import {STATUS_REQUEST_NOT_ACCEPTED, STATUS_SUCCESS} from '../../trace/ntstatus.js'
import {WSK_FLAG_AT_DISPATCH_LEVEL} from '../../trace/wsk-flags.js'
import {DISPATCH_LEVEL} from '../../trace/irql.js'
import {WskInspectReject} from '../../trace/inspect-action.js'

export type ActivationState = 'Running' | 'Returned'
export type ActivationEvent = 'enter' | 'wait' | 'passiveOnly' | 'elapsed' | 'return' | 'end'

export function atDispatch(ctx: StepContext): boolean {
  return ctx.obj.data.atDispatch === true || ctx.ev.irql === DISPATCH_LEVEL
}

export function waitAtDispatch(ctx: StepContext): boolean {
  return atDispatch(ctx)
}

export function waitTiedToWskRequest(ctx: StepContext): boolean {
  return ctx.waitTied === true
}

/** WSK calls WskAcceptEvent at IRQL <= DISPATCH_LEVEL (R66, model part). */
export function acceptEventAboveDispatch(ctx: StepContext): boolean {
  return ctx.input.event === 'WskAcceptEvent' && ctx.input.irql !== undefined && ctx.input.irql > DISPATCH_LEVEL
}

/** Flags other than 0 / WSK_FLAG_AT_DISPATCH_LEVEL, or that flag with a logged IRQL other than DISPATCH_LEVEL (R67). */
export function acceptEventFlagsInconsistent(ctx: StepContext): boolean {
  const {event, flags, irql} = ctx.input
  if (event !== 'WskAcceptEvent' || flags === undefined) return false
  if (flags !== 0 && flags !== WSK_FLAG_AT_DISPATCH_LEVEL) return true
  return flags === WSK_FLAG_AT_DISPATCH_LEVEL && irql !== undefined && irql !== DISPATCH_LEVEL
}

export function acceptEventInvalidReturn(ctx: StepContext): boolean {
  const s = ctx.ev.status
  return ctx.input.event === 'WskAcceptEvent' && s !== undefined && s !== STATUS_SUCCESS && s !== STATUS_REQUEST_NOT_ACCEPTED
}

export function acceptEventNullSocketAccepted(ctx: StepContext): boolean {
  return ctx.input.event === 'WskAcceptEvent' && ctx.input.acceptSocket === null && ctx.ev.status === STATUS_SUCCESS
}

export function inspectEventNullIdNotRejected(ctx: StepContext): boolean {
  return ctx.input.event === 'WskInspectEvent' && ctx.input.inspectId === null && ctx.ev.action !== undefined && ctx.ev.action !== WskInspectReject
}

export function abortEventNotSuccess(ctx: StepContext): boolean {
  return ctx.input.event === 'WskAbortEvent' && ctx.ev.status !== undefined && ctx.ev.status !== STATUS_SUCCESS
}

/** A callback entered at DISPATCH_LEVEL ran longer than the budget (R69). */
export function overDispatchBudget(ctx: StepContext): boolean {
  if (ctx.obj.data.atDispatch !== true || ctx.input.event === 'IoCompletion') return false
  return (ctx.ev.ts - ctx.input.ts) * ctx.usPerUnit > ctx.options.dispatchBudgetUs
}

export function insideAcceptEvent(ctx: StepContext): boolean {
  return ctx.input.event === 'WskAcceptEvent'
}

const def: MachineDef<ActivationState, ActivationEvent, StepContext> = {
  name: 'activation',
  object: 'activation',
  slot: 0,
  title: 'Callback or IoCompletion activation',
  initial: 'Running',
  states: {
    Running: 'the callback or completion routine is running on its thread',
    Returned: 'it returned (terminal)',
  },
  terminal: ['Returned'],
  events: {
    enter: 'entered',
    wait: 'KeWait*/KeDelayExecutionThread that may block, on the same thread',
    passiveOnly: 'a PASSIVE_LEVEL-only action on the same thread',
    elapsed: 'about to return: its duration is known',
    return: 'returned',
    end: 'end of the trace',
  },
  transitions: [
    {from: ['Running'], on: 'enter', guard: acceptEventAboveDispatch, violates: {rule: 'accept-event-irql', message: 'irqlTooHigh', kind: 'model', severity: 'info'}},
    {from: ['Running'], on: 'enter', guard: acceptEventFlagsInconsistent, violates: {rule: 'accept-event-dispatch-flag'}},
    {from: ['Running'], on: 'enter'},
    {from: ['Running'], on: 'wait', guard: waitAtDispatch, violates: {rule: 'no-wait-inside-callbacks', message: 'dispatch'}},
    {from: ['Running'], on: 'wait', guard: waitTiedToWskRequest, violates: {rule: 'no-wait-inside-callbacks', message: 'tied'}},
    {from: ['Running'], on: 'wait', violates: {rule: 'no-wait-inside-callbacks', message: 'unknownTarget', severity: 'warning'}},
    {from: ['Running'], on: 'passiveOnly', guard: atDispatch, violates: {rule: 'accept-event-irql', message: 'passiveOnly'}},
    {from: ['Running'], on: 'passiveOnly', violates: {rule: 'accept-event-irql', message: 'passiveOnly', severity: 'warning'}},
    {from: ['Running'], on: 'elapsed', guard: overDispatchBudget, violates: {rule: 'callback-short-at-dispatch'}},
    {from: ['Running'], on: 'elapsed'},
    {from: ['Running'], on: 'return', guard: acceptEventInvalidReturn, to: 'Returned', violates: {rule: 'accept-event-return-code'}},
    {from: ['Running'], on: 'return', guard: acceptEventNullSocketAccepted, to: 'Returned', violates: {rule: 'accept-event-null-socket-return'}},
    {from: ['Running'], on: 'return', guard: inspectEventNullIdNotRejected, to: 'Returned', violates: {rule: 'inspect-null-id-return-reject'}},
    {from: ['Running'], on: 'return', guard: abortEventNotSuccess, to: 'Returned', violates: {rule: 'abort-return-success'}},
    {from: ['Running'], on: 'return', to: 'Returned'},
    {from: ['Running'], on: 'end', violates: {rule: 'unbalanced-activation', message: 'neverReturned', at: 'origin'}},
  ],
}

export const Activation = compileMachine(def)
