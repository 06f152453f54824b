/** §2.2 of the rulebook: an IRP the application passes to WSK functions. */
import {compileMachine, type MachineDef} from '../machine.js'
import type {StepContext} from '../step-context.js'
import {STATUS_MORE_PROCESSING_REQUIRED} from '../../trace/ntstatus.js'

export type IrpState =
  | 'Allocated' | 'Armed' | 'Submitted' | 'Completing' | 'InCompletion' | 'FreedInCompletion' | 'Completed'
  | 'EarlyInCompletion' | 'EarlyCompleted' | 'Freed' | 'Adopted'
export type IrpEvent =
  | 'reuse' | 'setCompletion' | 'submit' | 'returnedPending' | 'returnedSync' | 'completionEnter' | 'completionExit' | 'free' | 'end'

/** The completion routine returned something else than STATUS_MORE_PROCESSING_REQUIRED for an IRP allocated in the trace. */
export function ownIrpCompletionContinues(ctx: StepContext): boolean {
  return ctx.obj.data.allocated === true && ctx.ev.status !== undefined && ctx.ev.status !== STATUS_MORE_PROCESSING_REQUIRED
}

/** Same, for an IRP whose allocation is not in the trace (it may have been passed down by a higher driver). */
export function unknownIrpCompletionContinues(ctx: StepContext): boolean {
  return ctx.obj.data.allocated !== true && ctx.ev.status !== undefined && ctx.ev.status !== STATUS_MORE_PROCESSING_REQUIRED
}

/** IoSetCompletionRoutine was recorded for this submission: its IoCompletion is to be expected. */
export function completionRoutineRecorded(ctx: StepContext): boolean {
  return ctx.obj.data.armed === true
}

export function allocatedInTrace(ctx: StepContext): boolean {
  return ctx.obj.data.allocated === true
}

const OWNED_BY_WSK = ['Submitted', 'Completing'] as const
const FREED = ['Freed', 'FreedInCompletion'] as const
const R41_OWN = {rule: 'completion-returns-more-processing'}
const R41_UNKNOWN = {rule: 'completion-returns-more-processing', message: 'unknownOrigin', severity: 'warning'} as const
const USE_AFTER_FREE = {rule: 'irp-free-or-reuse-after-completion', message: 'useAfterFree', severity: 'error'} as const

const def: MachineDef<IrpState, IrpEvent, StepContext> = {
  name: 'irp',
  object: 'irp',
  slot: 0,
  title: 'IRP passed to WSK',
  initial: 'Allocated',
  states: {
    Allocated: 'IoAllocateIrp or IoReuseIrp: no completion routine set',
    Armed: 'IoSetCompletionRoutine set',
    Submitted: 'passed to a WSK function: WSK owns it until its IoCompletion',
    Completing: 'the WSK function returned without STATUS_PENDING: its IoCompletion is still to come',
    InCompletion: 'its IoCompletion routine is running',
    FreedInCompletion: 'freed inside its own IoCompletion routine (the documented pattern)',
    Completed: 'completed: the application owns it again and must free or reuse it',
    EarlyInCompletion: 'IoCompletion before its call record (a point record logged after a nested completion)',
    EarlyCompleted: 'completed before its call record',
    Freed: 'IoFreeIrp (terminal)',
    Adopted: 'first seen passed to WSK: allocated before the capture',
  },
  terminal: ['Freed'],
  events: {
    reuse: 'IoReuseIrp',
    setCompletion: 'IoSetCompletionRoutine',
    submit: 'passed to a WSK function',
    returnedPending: 'the WSK function returned STATUS_PENDING',
    returnedSync: 'the WSK function returned another status',
    completionEnter: 'IoCompletion entered',
    completionExit: 'IoCompletion returned',
    free: 'IoFreeIrp',
    end: 'end of the trace',
  },
  transitions: [
    {from: ['Allocated', 'Armed', 'Completed', 'InCompletion', 'EarlyCompleted'], on: 'reuse', to: 'Allocated'},
    {from: OWNED_BY_WSK, on: 'reuse', violates: {rule: 'irp-not-touched-while-owned-by-wsk'}},
    {from: FREED, on: 'reuse', violates: USE_AFTER_FREE},
    {from: ['Allocated', 'Armed'], on: 'setCompletion', to: 'Armed'},
    {from: ['Completed', 'InCompletion', 'EarlyCompleted'], on: 'setCompletion', note: 'not reinitialised: see reuse'},
    {from: OWNED_BY_WSK, on: 'setCompletion', violates: {rule: 'irp-not-touched-while-owned-by-wsk'}},
    {from: FREED, on: 'setCompletion', violates: USE_AFTER_FREE},
    {from: ['Allocated', 'Armed'], on: 'submit', to: 'Submitted'},
    {from: ['EarlyInCompletion'], on: 'submit', to: 'InCompletion', note: 'the completion nested inside this call was logged first'},
    {from: ['EarlyCompleted'], on: 'submit', to: 'Completed', note: 'the completion nested inside this call was logged first'},
    {from: ['Completed', 'InCompletion'], on: 'submit', to: 'Submitted', violates: {rule: 'irp-reuse-needs-ioreuseirp'}},
    {from: OWNED_BY_WSK, on: 'submit', violates: {rule: 'irp-not-touched-while-owned-by-wsk', message: 'submittedTwice'}},
    {from: FREED, on: 'submit', violates: USE_AFTER_FREE},
    {from: ['Submitted'], on: 'returnedPending'},
    {from: ['Submitted'], on: 'returnedSync', guard: completionRoutineRecorded, to: 'Completing'},
    {from: ['Submitted'], on: 'returnedSync', to: 'Completed', note: 'terse log: no IoCompletion expected'},
    {from: ['InCompletion', 'Completed', 'FreedInCompletion', 'Freed'], on: 'returnedSync', note: 'completed while the call ran'},
    {from: ['Submitted', 'Completing', 'Completed', 'Adopted'], on: 'completionEnter', to: 'InCompletion'},
    {from: ['Allocated', 'Armed'], on: 'completionEnter', to: 'EarlyInCompletion'},
    {from: ['InCompletion'], on: 'completionExit', guard: ownIrpCompletionContinues, to: 'Completed', violates: R41_OWN},
    {from: ['InCompletion'], on: 'completionExit', guard: unknownIrpCompletionContinues, to: 'Completed', violates: R41_UNKNOWN},
    {from: ['InCompletion'], on: 'completionExit', to: 'Completed'},
    {from: ['FreedInCompletion'], on: 'completionExit', guard: ownIrpCompletionContinues, to: 'Freed', violates: R41_OWN},
    {from: ['FreedInCompletion'], on: 'completionExit', guard: unknownIrpCompletionContinues, to: 'Freed', violates: R41_UNKNOWN},
    {from: ['FreedInCompletion'], on: 'completionExit', to: 'Freed'},
    {from: ['EarlyInCompletion'], on: 'completionExit', guard: ownIrpCompletionContinues, to: 'EarlyCompleted', violates: R41_OWN},
    {from: ['EarlyInCompletion'], on: 'completionExit', guard: unknownIrpCompletionContinues, to: 'EarlyCompleted', violates: R41_UNKNOWN},
    {from: ['EarlyInCompletion'], on: 'completionExit', to: 'EarlyCompleted'},
    {from: ['Allocated', 'Armed', 'Completed', 'EarlyCompleted'], on: 'free', to: 'Freed'},
    {from: ['InCompletion'], on: 'free', to: 'FreedInCompletion'},
    {from: OWNED_BY_WSK, on: 'free', violates: {rule: 'irp-not-touched-while-owned-by-wsk'}},
    {from: FREED, on: 'free', violates: {rule: 'irp-free-or-reuse-after-completion', message: 'doubleFree', severity: 'error'}},
    {from: ['Allocated', 'Armed', 'Completed'], on: 'end', guard: allocatedInTrace, violates: {rule: 'irp-free-or-reuse-after-completion', message: 'leak', missing: true, at: 'origin'}},
  ],
}

export const Irp = compileMachine(def)
