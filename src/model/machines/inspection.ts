/** §2.3 of the rulebook: an incoming connection request on a conditional-accept listener, keyed by WSK_INSPECT_ID contents. */
import {compileMachine, type MachineDef} from '../machine.js'
import type {StepContext} from '../step-context.js'

export type InspectionState = 'Inspecting' | 'Pending' | 'Establishing' | 'Rejected' | 'Aborted' | 'Invalid' | 'Dropped' | 'Unknown'
export type InspectionEvent =
  | 'answerAccept' | 'answerReject' | 'answerPend' | 'answerInvalid'
  | 'completeAccept' | 'completeReject' | 'completeInvalid' | 'abort' | 'listenerClosed' | 'end'

/** WskInspectEvent itself answered Accept or Reject: the ID was never pended. */
export function answeredSynchronously(ctx: StepContext): boolean {
  return ctx.obj.data.answeredSync === true
}

/** The abort came with another WSK_INSPECT_ID pointer than the inspection: a pointer comparison misses it (R88). */
export function abortPointerDiffers(ctx: StepContext): boolean {
  const d = ctx.obj.data
  return d.abortPtr !== undefined && d.abortPtr !== null && d.wskPtr !== undefined && d.wskPtr !== null && d.abortPtr !== d.wskPtr
}

const COMPLETES = ['completeAccept', 'completeReject', 'completeInvalid'] as const
const ANSWERED = ['Establishing', 'Rejected'] as const

const def: MachineDef<InspectionState, InspectionEvent, StepContext> = {
  name: 'inspection',
  object: 'inspection',
  slot: 0,
  title: 'Conditional-accept inspection',
  initial: 'Inspecting',
  states: {
    Inspecting: 'WskInspectEvent is running',
    Pending: 'WskInspectEvent returned WskInspectPend: WskInspectComplete (or WskAbortEvent) must follow',
    Establishing: 'accepted: WSK delivers the socket, or aborts',
    Rejected: 'rejected (terminal for the application)',
    Aborted: 'WskAbortEvent: the request is gone',
    Invalid: 'WskInspectEvent returned an invalid value',
    Dropped: 'the listener was closed while the inspection was pending',
    Unknown: 'WskInspectComplete for an ID no WskInspectEvent raised on this listener',
  },
  terminal: ['Rejected', 'Aborted', 'Invalid', 'Dropped', 'Unknown'],
  settled: ['Establishing'],
  events: {
    answerAccept: 'WskInspectEvent returned WskInspectAccept',
    answerReject: 'WskInspectEvent returned WskInspectReject',
    answerPend: 'WskInspectEvent returned WskInspectPend',
    answerInvalid: 'WskInspectEvent returned another value',
    completeAccept: 'WskInspectComplete(WskInspectAccept)',
    completeReject: 'WskInspectComplete(WskInspectReject)',
    completeInvalid: 'WskInspectComplete with another action',
    abort: 'WskAbortEvent for this ID',
    listenerClosed: 'WskCloseSocket on its listener',
    end: 'end of the trace',
  },
  transitions: [
    {from: ['Inspecting'], on: 'answerAccept', to: 'Establishing'},
    {from: ['Inspecting'], on: 'answerReject', to: 'Rejected'},
    {from: ['Inspecting'], on: 'answerPend', to: 'Pending'},
    {from: ['Inspecting'], on: 'answerInvalid', to: 'Invalid', violates: {rule: 'inspect-return-values'}},
    ...COMPLETES.map((on) => ({from: ['Inspecting', 'Unknown'] as const, on, violates: {rule: 'inspect-complete-only-for-pended', message: 'notPended'}})),
    {from: ['Pending'], on: 'completeAccept', to: 'Establishing'},
    {from: ['Pending'], on: 'completeReject', to: 'Rejected'},
    {from: ['Pending'], on: 'completeInvalid', to: 'Rejected', violates: {rule: 'inspect-complete-action'}},
    ...COMPLETES.map((on) => ({from: ANSWERED, on, guard: answeredSynchronously, violates: {rule: 'inspect-complete-only-for-pended', message: 'answeredSync'}})),
    ...COMPLETES.map((on) => ({from: ANSWERED, on, violates: {rule: 'inspect-complete-once'}})),
    ...COMPLETES.map((on) => ({from: ['Aborted'] as const, on, guard: abortPointerDiffers, violates: {rule: 'abort-match-by-contents'}})),
    ...COMPLETES.map((on) => ({from: ['Aborted'] as const, on, violates: {rule: 'no-complete-after-abort'}})),
    {from: ['Pending', 'Establishing'], on: 'abort', to: 'Aborted'},
    {from: ['Pending'], on: 'listenerClosed', to: 'Dropped', violates: {rule: 'inspect-pend-must-complete', message: 'listenerClosed', severity: 'warning'}},
    {from: ['Inspecting'], on: 'listenerClosed', to: 'Dropped', note: 'an accepted (settled) inspection owes nothing: the close concerns only open ones'},
    {from: ['Pending'], on: 'end', violates: {rule: 'inspect-pend-must-complete', message: 'neverCompleted', missing: true, at: 'origin'}},
  ],
}

export const Inspection = compileMachine(def)
