import {describe, expect, it} from 'vitest'
import {stepByName, type Machine} from '../../src/model/machine.js'
import type {StepContext} from '../../src/model/step-context.js'
import {TrackedObject} from '../../src/model/tracked-object.js'
import type {TraceEvent} from '../../src/trace/event.js'
import {ListeningSocket} from '../../src/model/machines/listening-socket.js'
import {AcceptCallback} from '../../src/model/machines/accept-callback.js'
import {AcceptedSocket} from '../../src/model/machines/accepted-socket.js'
import {Irp} from '../../src/model/machines/irp.js'
import {Inspection} from '../../src/model/machines/inspection.js'
import {WskBuffer} from '../../src/model/machines/wsk-buffer.js'
import {PoolBlock} from '../../src/model/machines/pool-block.js'
import {Activation} from '../../src/model/machines/activation.js'
import {WskClient} from '../../src/model/machines/wsk-client.js'
import {STATUS_MORE_PROCESSING_REQUIRED, STATUS_PENDING, STATUS_SUCCESS} from '../../src/trace/ntstatus.js'

const EV: TraceEvent = {line: 1, ts: 0, tid: 1, event: 'X', phase: 'point'}

/**
 * Drives one machine from `start` through `events` (each optionally with record fields for the
 * guards) and returns, per step, the state reached and the rule violated (if any).
 */
function drive(m: Machine<string, string, StepContext>, obj: TrackedObject, start: string, events: (string | [string, Partial<TraceEvent>])[], ctxExtra: Partial<StepContext> = {}) {
  let state = start
  return events.map((e) => {
    const [on, fields] = typeof e === 'string' ? [e, {}] : e
    const ev = {...EV, ...fields}
    const r = stepByName(m, state, on, {obj, ev, input: ev, options: {dispatchBudgetUs: 100}, usPerUnit: 1, ...ctxExtra})
    if (r) state = r.to
    const v = r?.row.violates
    return `${on}→${state}${v ? ` !${v.rule}${v.message ? '/' + v.message : ''}` : ''}${r ? '' : ' (ignored)'}`
  })
}

const obj = (kind: ConstructorParameters<typeof TrackedObject>[0] = 'socket') => new TrackedObject(kind, '0x1', 1, 1)
const M = <S extends string, E extends string>(m: Machine<S, E, StepContext>) => m as unknown as Machine<string, string, StepContext>

describe('listening socket', () => {
  it('binds, listens, breaks on a NULL AcceptSocket, and only accepts WskCloseSocket then', () => {
    expect(drive(M(ListeningSocket), obj('listening-socket'), 'Created', ['setConditionalAccept', 'bind', 'bindSucceeded', 'listenCall', 'nullAcceptIndication', 'call', 'close', 'close', 'closeCompleted'])).toEqual([
      'setConditionalAccept→Created', 'bind→Binding', 'bindSucceeded→Listening', 'listenCall→Listening',
      'nullAcceptIndication→BrokenNoAcceptSocket', 'call→BrokenNoAcceptSocket !accept-event-null-socket-close-listener/callOnBroken',
      'close→Closing', 'close→Closing !no-calls-after-close/secondClose', 'closeCompleted→Closed',
    ])
  })
  it('rejects WskAccept and SO_CONDITIONAL_ACCEPT at the wrong time', () => {
    expect(drive(M(ListeningSocket), obj('listening-socket'), 'Created', ['listenCall', 'acceptIndication', 'bind', 'setConditionalAccept', 'detach', 'close'])).toEqual([
      'listenCall→Created !bind-before-accept', 'acceptIndication→Created !listening-starts-at-bind', 'bind→Binding',
      'setConditionalAccept→Binding !conditional-accept-before-bind', 'detach→Leaked !close-all-sockets-before-detach/leak', 'close→Closing',
    ])
  })
})

describe('accept callback enablement', () => {
  it('tells a never-enabled callback (R12) from a disabled one (R35)', () => {
    expect(drive(M(AcceptCallback), obj('listening-socket'), 'NeverEnabled', ['acceptIndication', 'enable', 'acceptIndication', 'disable', 'acceptIndication'])).toEqual([
      'acceptIndication→NeverEnabled !new-socket-callbacks-disabled', 'enable→Enabled', 'acceptIndication→Enabled', 'disable→Disabled',
      'acceptIndication→Disabled !accept-event-only-if-enabled',
    ])
  })
})

describe('accepted socket', () => {
  it('rejected after use inside the callback (R64), then touched again (R63)', () => {
    expect(drive(M(AcceptedSocket), obj('accepted-socket'), 'Offered', ['call', 'rejected', 'close'])).toEqual([
      'call→OfferedUsed', 'rejected→ClosedByWsk !accept-event-reject-after-use', 'close→ClosedByWsk !accept-event-reject-wsk-closes',
    ])
  })
  it('leaks by origin: WskAcceptEvent (R65) vs WskAccept IRP (R51)', () => {
    const a = obj('accepted-socket')
    a.data.origin = 'event'
    expect(drive(M(AcceptedSocket), a, 'Owned', ['end'])).toEqual(['end→Owned !accept-event-success-app-owns/leak'])
    const b = obj('accepted-socket')
    b.data.origin = 'irp'
    expect(drive(M(AcceptedSocket), b, 'Owned', ['call', 'detach', 'close', 'closeCompleted', 'call'])).toEqual([
      'call→Owned', 'detach→Leaked !accept-success-yields-owned-socket/leak', 'close→Closing', 'closeCompleted→Closed', 'call→Closed !no-calls-after-close',
    ])
  })
  it('warns about a context returned without any callback (R72) only when nothing enables callbacks', () => {
    const a = obj('accepted-socket')
    Object.assign(a.data, {origin: 'event', context: '0xc0', dispatch: null})
    expect(drive(M(AcceptedSocket), a, 'Owned', ['close'])).toEqual(['close→Closing !accept-event-null-outs-if-no-callbacks'])
    a.data.callbacksEnabled = true
    expect(drive(M(AcceptedSocket), a, 'Owned', ['close'])).toEqual(['close→Closing'])
  })
})

describe('IRP', () => {
  it('walks the documented life and flags the classic mistakes', () => {
    const irp = obj('irp')
    irp.data.allocated = true
    irp.data.armed = true
    expect(drive(M(Irp), irp, 'Allocated', [
      'setCompletion', 'submit', ['returnedPending', {status: STATUS_PENDING}], 'free', 'completionEnter',
      ['completionExit', {status: STATUS_SUCCESS}], 'submit', 'completionEnter', 'free', ['completionExit', {status: STATUS_MORE_PROCESSING_REQUIRED}], 'free',
    ])).toEqual([
      'setCompletion→Armed', 'submit→Submitted', 'returnedPending→Submitted', 'free→Submitted !irp-not-touched-while-owned-by-wsk',
      'completionEnter→InCompletion', 'completionExit→Completed !completion-returns-more-processing', 'submit→Submitted !irp-reuse-needs-ioreuseirp',
      'completionEnter→InCompletion', 'free→FreedInCompletion', 'completionExit→Freed', 'free→Freed !irp-free-or-reuse-after-completion/doubleFree',
    ])
  })
  it('softens R41 to a warning when the IRP was not allocated in the trace', () => {
    const irp = obj('irp')
    const r = stepByName(M(Irp), 'InCompletion', 'completionExit', {obj: irp, ev: {...EV, status: STATUS_SUCCESS}, input: EV, options: {dispatchBudgetUs: 100}, usPerUnit: 1})
    expect(r?.row.violates).toMatchObject({rule: 'completion-returns-more-processing', severity: 'warning', message: 'unknownOrigin'})
  })
  it('accepts a completion logged before its call (nested completion, point record)', () => {
    expect(drive(M(Irp), obj('irp'), 'Armed', ['completionEnter', ['completionExit', {status: STATUS_MORE_PROCESSING_REQUIRED}], 'submit', ['returnedSync', {status: STATUS_SUCCESS}], 'free'])).toEqual([
      'completionEnter→EarlyInCompletion', 'completionExit→EarlyCompleted', 'submit→Completed', 'returnedSync→Completed', 'free→Freed',
    ])
  })
})

describe('inspection', () => {
  it('pend, abort, then complete: R88 when the abort pointer differs, R90 otherwise', () => {
    const a = obj('inspection')
    Object.assign(a.data, {wskPtr: '0xa', abortPtr: '0xb'})
    expect(drive(M(Inspection), a, 'Inspecting', ['answerPend', 'abort', 'completeAccept'])).toEqual(['answerPend→Pending', 'abort→Aborted', 'completeAccept→Aborted !abort-match-by-contents'])
    const b = obj('inspection')
    Object.assign(b.data, {wskPtr: '0xa', abortPtr: '0xa'})
    expect(drive(M(Inspection), b, 'Inspecting', ['answerPend', 'abort', 'completeReject'])).toEqual(['answerPend→Pending', 'abort→Aborted', 'completeReject→Aborted !no-complete-after-abort'])
  })
  it('complete once, only after a pend, with a valid action', () => {
    const a = obj('inspection')
    expect(drive(M(Inspection), a, 'Inspecting', ['answerPend', 'completeInvalid', 'completeAccept'])).toEqual([
      'answerPend→Pending', 'completeInvalid→Rejected !inspect-complete-action', 'completeAccept→Rejected !inspect-complete-once',
    ])
    const s = obj('inspection')
    s.data.answeredSync = true
    expect(drive(M(Inspection), s, 'Inspecting', ['answerReject', 'completeReject'])).toEqual(['answerReject→Rejected', 'completeReject→Rejected !inspect-complete-only-for-pended/answeredSync'])
    expect(drive(M(Inspection), obj('inspection'), 'Inspecting', ['answerPend', 'end'])).toEqual(['answerPend→Pending', 'end→Pending !inspect-pend-must-complete/neverCompleted'])
  })
})

describe('buffers and pool blocks', () => {
  it('WSK buffers expire when their callback returns', () => {
    expect(drive(M(WskBuffer), obj('memory'), 'LiveInspectId', ['access', 'passedAsInspectId', 'callbackReturned', 'passedAsInspectId', 'access'])).toEqual([
      'access→LiveInspectId', 'passedAsInspectId→LiveInspectId', 'callbackReturned→ExpiredInspectId',
      'passedAsInspectId→ExpiredInspectId !inspect-id-copied-not-referenced/pointerReused', 'access→ExpiredInspectId !inspect-id-copied-not-referenced/accessAfterReturn',
    ])
  })
  it('application memory lent to WSK must outlive the loan', () => {
    expect(drive(M(PoolBlock), obj('memory'), 'Allocated', ['pinAcceptAddress', 'free'])).toEqual(['pinAcceptAddress→AcceptAddressInFlight', 'free→Freed !accept-address-buffers-live-until-completion'])
    expect(drive(M(PoolBlock), obj('memory'), 'Allocated', ['bindContext', 'unbindContext', 'free'])).toEqual(['bindContext→SocketContext', 'unbindContext→Allocated', 'free→Freed'])
    const paged = obj('memory')
    paged.data.pool = 'paged'
    expect(drive(M(PoolBlock), paged, 'Allocated', ['bindAcceptEventContext', 'free'])).toEqual(['bindAcceptEventContext→SocketContext !accept-event-context-nonpaged', 'free→Freed !free-context-after-close-completes'])
  })
})

describe('activation', () => {
  it('judges waits by evidence: tied → error, DISPATCH → error, unknown → warning', () => {
    const act = obj('activation')
    expect(drive(M(Activation), act, 'Running', ['wait'], {waitTied: true})).toEqual(['wait→Running !no-wait-inside-callbacks/tied'])
    expect(drive(M(Activation), act, 'Running', [['wait', {irql: 2}]])).toEqual(['wait→Running !no-wait-inside-callbacks/dispatch'])
    expect(drive(M(Activation), act, 'Running', ['wait'])).toEqual(['wait→Running !no-wait-inside-callbacks/unknownTarget'])
  })
  it('checks WskAcceptEvent return codes and its DISPATCH budget', () => {
    const act = obj('activation')
    act.data.atDispatch = true
    const input = {...EV, event: 'WskAcceptEvent', ts: 0, acceptSocket: '0x2'}
    const ctx = (ev: Partial<TraceEvent>): StepContext => ({obj: act, ev: {...EV, ...ev}, input, options: {dispatchBudgetUs: 100}, usPerUnit: 1})
    expect(stepByName(M(Activation), 'Running', 'elapsed', ctx({ts: 150}))?.row.violates?.rule).toBe('callback-short-at-dispatch')
    expect(stepByName(M(Activation), 'Running', 'elapsed', ctx({ts: 50}))?.row.violates).toBeUndefined()
    expect(stepByName(M(Activation), 'Running', 'return', ctx({status: STATUS_PENDING}))?.row.violates?.rule).toBe('accept-event-return-code')
    expect(stepByName(M(Activation), 'Running', 'return', ctx({status: STATUS_SUCCESS}))?.row.violates).toBeUndefined()
  })
})

describe('WSK client', () => {
  it('static callbacks only before any socket, and WskCloseSocket needs an IRP', () => {
    expect(drive(M(WskClient), obj('session'), 'NoSocketYet', ['setStaticEventCallbacks', 'wskSocketCalled', 'setStaticEventCallbacks'])).toEqual([
      'setStaticEventCallbacks→NoSocketYet', 'wskSocketCalled→SocketsCreated', 'setStaticEventCallbacks→SocketsCreated !static-callbacks-before-any-socket',
    ])
    expect(drive(M(WskClient), obj('session'), 'SocketsCreated', [['closeSocketCalled', {irp: null}], ['closeSocketCalled', {irp: '0x5'}], 'closeSocketCalled'])).toEqual([
      'closeSocketCalled→SocketsCreated !close-irp-required', 'closeSocketCalled→SocketsCreated', 'closeSocketCalled→SocketsCreated',
    ])
  })
})
