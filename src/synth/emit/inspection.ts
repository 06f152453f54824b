/**
 * Conditional accept (§2.3): WskInspectEvent raises an inspection keyed by the contents of its
 * WSK_INSPECT_ID, answered at once or pended and completed later by WskInspectComplete, or aborted
 * by WskAbortEvent. The records that mean each event of the `inspection` machine and of the
 * listener's `conditional-accept` machine.
 */
import {ConditionalAccept} from '../../model/machines/conditional-accept.js'
import {Inspection} from '../../model/machines/inspection.js'
import type {Id, TraceEvent} from '../../trace/event.js'
import {WskInspectAccept, WskInspectPend, WskInspectReject} from '../../trace/inspect-action.js'
import type {AnyMachine, SynthObject, Thread, Walker} from '../walker.js'
import {enterActivation, returnActivation} from './activation.js'
import {LISTENING_SOCKET} from './listening-socket.js'
import {wskCallPoint, type WskCall} from './socket.js'
import {expire, lend, WSK_BUFFER} from './wsk-buffer.js'

export const INSPECTION = Inspection as unknown as AnyMachine
const CONDITIONAL = ConditionalAccept as unknown as AnyMachine

/** The WSK_INSPECT_ACTION each answer of the `inspection` machine is written with. */
export const INSPECT_ANSWERS = {
  answerAccept: WskInspectAccept,
  answerReject: WskInspectReject,
  answerPend: WskInspectPend,
  answerInvalid: 3,
} as const

export type InspectAnswer = keyof typeof INSPECT_ANSWERS

/** The Action each completion of the `inspection` machine is written with (completeInvalid: WskInspectPend, not a final answer). */
export const INSPECT_COMPLETIONS = {
  completeAccept: WskInspectAccept,
  completeReject: WskInspectReject,
  completeInvalid: WskInspectPend,
} as const

export type InspectCompletion = keyof typeof INSPECT_COMPLETIONS

/** Inspections are keyed as lint keys them: the ID's contents on their listener. */
export function inspectionKey(listener: SynthObject, inspectId: string): Id {
  return `${inspectId} on listening socket ${listener.id}`
}

export interface InspectIndication {
  enter: TraceEvent
  act: SynthObject
  listener: SynthObject
  inspectId: string | null
  insp: SynthObject | undefined
  local: SynthObject | undefined
  remote: SynthObject | undefined
  /** WSK's WSK_INSPECT_ID, valid for the callback's duration only. */
  idBuffer: SynthObject | undefined
}

export function inspectEventEnter(
  w: Walker, th: Thread, listener: SynthObject, inspectId: string | null, idPtr: Id | null, local: Id | null, remote: Id | null,
): InspectIndication {
  const enter = w.record(th, 'WskInspectEvent', 'enter')
  enter.socket = listener.id
  enter.inspectId = inspectId
  enter.inspectIdPtr = idPtr
  enter.localAddress = local
  enter.remoteAddress = remote
  const act = enterActivation(w, enter)
  w.fire(LISTENING_SOCKET, listener, inspectId === null ? 'nullInspectIndication' : 'inspectIndication', enter, enter)
  if (inspectId === null && listener.data.brokenLine === undefined && !w.dry) listener.data.brokenLine = enter.line
  w.fire(CONDITIONAL, listener, 'inspectIndication', enter, enter)
  let insp: SynthObject | undefined
  if (inspectId !== null) {
    insp = w.create('inspection', inspectionKey(listener, inspectId), enter.line)
    insp.setState(Inspection.slot, Inspection.S.Inspecting)
    insp.data.listener = listener
    insp.data.wskPtr = idPtr
    w.track(insp, INSPECTION)
  }
  return {
    enter, act, listener, inspectId, insp,
    local: lend(w, local, 'LiveInspectAddress', enter),
    remote: lend(w, remote, 'LiveInspectAddress', enter),
    idBuffer: lend(w, idPtr, 'LiveInspectId', enter),
  }
}

export function inspectEventExit(w: Walker, th: Thread, a: InspectIndication, action: number): TraceEvent {
  const exit = w.record(th, 'WskInspectEvent', 'exit')
  exit.socket = a.listener.id
  exit.action = action
  returnActivation(w, a.act, exit, a.enter)
  const insp = a.insp
  if (insp !== undefined) {
    if (!w.dry) {
      if (action === WskInspectPend) insp.originLine = exit.line
      else insp.data.answeredSync = true
    }
    const on = action === WskInspectAccept ? 'answerAccept' : action === WskInspectReject ? 'answerReject' : action === WskInspectPend ? 'answerPend' : 'answerInvalid'
    w.fire(INSPECTION, insp, on, exit, a.enter)
  }
  expire(w, a.local, exit)
  expire(w, a.remote, exit)
  expire(w, a.idBuffer, exit)
  return exit
}

export interface AbortIndication {
  enter: TraceEvent
  act: SynthObject
  listener: SynthObject
}

/** WskAbortEvent: WSK withdraws a pended or accepted request, naming it by a WSK_INSPECT_ID (possibly another copy). */
export function abortEventEnter(w: Walker, th: Thread, listener: SynthObject, insp: SynthObject | undefined, inspectId: string, idPtr: Id): AbortIndication {
  const enter = w.record(th, 'WskAbortEvent', 'enter')
  enter.socket = listener.id
  enter.inspectId = inspectId
  enter.inspectIdPtr = idPtr
  const act = enterActivation(w, enter)
  w.fire(CONDITIONAL, listener, 'abortIndication', enter, enter)
  if (insp !== undefined) {
    if (!w.dry) insp.data.abortPtr = idPtr
    w.fire(INSPECTION, insp, 'abort', enter, enter)
  }
  return {enter, act, listener}
}

export function abortEventExit(w: Walker, th: Thread, a: AbortIndication, status: number): void {
  const exit = w.record(th, 'WskAbortEvent', 'exit')
  exit.socket = a.listener.id
  exit.status = status
  returnActivation(w, a.act, exit, a.enter)
}

/**
 * WskInspectComplete(listener, InspectID, Action): `idPtr` is the application's copy of the ID,
 * or WSK's own buffer (`wskBuffer`, R82) when the application kept the pointer.
 */
export function inspectComplete(
  w: Walker, th: Thread, listener: SynthObject, insp: SynthObject, inspectId: string, idPtr: Id, action: number, status: number,
  irp?: SynthObject, wskBuffer?: SynthObject,
): TraceEvent {
  const call: WskCall = {
    event: 'WskInspectComplete',
    sock: listener,
    sockEvent: 'listenCall',
    irp,
    fill: (ev) => {
      ev.inspectId = inspectId
      ev.inspectIdPtr = idPtr
      ev.action = action
    },
    onIn: (input) => {
      const on = action === WskInspectAccept ? 'completeAccept' : action === WskInspectReject ? 'completeReject' : 'completeInvalid'
      w.fire(INSPECTION, insp, on, input, input)
      if (wskBuffer !== undefined) w.fire(WSK_BUFFER, wskBuffer, 'passedAsInspectId', input, input)
    },
  }
  return wskCallPoint(w, th, call, status)
}
