/**
 * One incoming connection, from its arrival to the end of its socket: accepted through
 * WskAcceptEvent (`event`), through a queued WskAccept IRP (`irp`), or inspected first by
 * WskInspectEvent (`conditional`). What happens next is asked to the tables (`Walker.allows`,
 * `Walker.tryClean`); a fault the connection carries steers it to the violating row of its rule.
 */
import {DISPATCH_LEVEL, PASSIVE_LEVEL} from '../../trace/irql.js'
import {
  STATUS_CONNECTION_ABORTED, STATUS_INVALID_DEVICE_STATE, STATUS_PENDING, STATUS_SUCCESS, STATUS_UNSUCCESSFUL,
} from '../../trace/ntstatus.js'
import {PoolBlock} from '../../model/machines/pool-block.js'
import {Inspection} from '../../model/machines/inspection.js'
import {
  ACCEPTED_SOCKET, ACCEPT_EVENT_RETURNS, acceptEventEnter, acceptEventExit, socketCall, wskAccept, wskAcceptRefused, type AcceptOutcome,
} from '../emit/accepted-socket.js'
import {
  INSPECTION, INSPECT_ANSWERS, INSPECT_COMPLETIONS, abortEventEnter, abortEventExit, inspectComplete, inspectEventEnter, inspectEventExit,
  type InspectAnswer, type InspectCompletion,
} from '../emit/inspection.js'
import {ioAllocateIrp, ioFreeIrp, ioSetCompletionRoutine} from '../emit/irp.js'
import {allocatePool, freePool} from '../emit/pool-block.js'
import {closeSocket, controlSocket} from '../emit/socket.js'
import {wskBind} from '../emit/listening-socket.js'
import {SO_CONDITIONAL_ACCEPT} from '../../trace/socket-options.js'
import {keWaitInside} from '../emit/wait.js'
import {memoryAccess} from '../emit/wsk-buffer.js'
import {isFault, plant} from '../inject/plans.js'
import {AT_DISPATCH, CONNECTION_DISPATCH, atIrql, type Conn, type Session} from '../session.js'
import {SynthObject} from '../walker.js'
import {complete} from './completion.js'
import {ownedLife, bytes} from './owned.js'

/** Opens a connection `delay` µs from now. */
export function startConnection(s: Session, c: Conn, delay = 0): void {
  s.open++
  s.opened++
  const holder: {records: () => number} = {records: () => 0}
  const actor = s.sched.spawn(connection(s, c, holder), delay)
  holder.records = () => actor.records
}

function* connection(s: Session, c: Conn, holder: {records: () => number}): Generator<number, void, undefined> {
  try {
    if (c.mode === 'event') yield* eventAccept(s, c)
    else if (c.mode === 'irp') yield* irpAccept(s, c)
    else yield* conditionalAccept(s, c)
  } finally {
    s.open--
    s.finished++
    s.finishedRecords += holder.records()
  }
}

/**
 * Outs of a successful WskAcceptEvent: none; a context and a dispatch table; a dispatch table
 * only; a context only (R73's fault); a context from PagedPool (R71's fault).
 */
type Outs = 'none' | 'context' | 'dispatch' | 'contextNoDispatch' | 'pagedContext'
interface AcceptChoice {
  event: AcceptOutcome
  outs: Outs
}

/** A block standing for a context not allocated yet, in dry runs of the exit (non-paged, as it will be). */
function standInBlock(pool: 'paged' | 'nonpaged'): SynthObject {
  const b = new SynthObject('memory', 'stand-in', 1, 0)
  b.setState(PoolBlock.slot, PoolBlock.S.Allocated)
  b.data.pool = pool
  return b
}

function* eventAccept(s: Session, c: Conn): Generator<number, void, undefined> {
  const w = s.w
  const p = s.prng
  const f = c.fault
  const listener = c.listener.obj!
  // R71's fault: a context allocated beforehand by a worker, from PagedPool.
  let pagedContext: SynthObject | undefined
  if (isFault(f, 'accept-event-context-nonpaged')) {
    pagedContext = allocatePool(w, s.worker(), s.blocks.take(), 'paged')
    yield p.int(5, 30)
  }
  const th = yield* s.callbackThread()
  const nullIndication = isFault(f, 'accept-event-null-socket-close-listener') || isFault(f, 'accept-event-null-socket-return')
  let irql = DISPATCH_LEVEL
  let flags = AT_DISPATCH
  if (isFault(f, 'accept-event-dispatch-flag', 'passiveWithFlag')) irql = PASSIVE_LEVEL
  if (isFault(f, 'accept-event-dispatch-flag', 'unknownFlag')) flags = AT_DISPATCH | 0x1
  if (isFault(f, 'no-wait-inside-callbacks', 'tied', 'unknownTarget') || isFault(f, 'accept-event-irql', 'pagedAllocAtPassive')) {
    irql = PASSIVE_LEVEL
    flags = 0
  }
  // WSK never calls WskAcceptEvent above DISPATCH_LEVEL: a trace that says so is inconsistent.
  if (isFault(f, 'accept-event-irql', 'aboveDispatch')) irql = DISPATCH_LEVEL + 1
  const cb = atIrql(th, irql)
  const a = acceptEventEnter(
    w, cb, listener, nullIndication ? null : s.sockets.take(), nullIndication ? null : s.wskBuffers.take(), nullIndication ? null : s.wskBuffers.take(), flags,
  )
  if (isFault(f, 'new-socket-callbacks-disabled') || isFault(f, 'accept-event-only-if-enabled') || isFault(f, 'listening-starts-at-bind')) plant(f, listener)
  if (isFault(f, 'accept-event-dispatch-flag') || isFault(f, 'accept-event-irql', 'aboveDispatch')) plant(f, a.act)
  const exitAt = w.now + (isFault(f, 'callback-short-at-dispatch') ? p.int(150, 400) : p.int(4, 60))
  const sock = a.sock
  yield 1

  // The callback's body.
  let pagedBlock: SynthObject | undefined
  if (a.remote !== undefined && p.chance(0.4)) memoryAccess(w, cb, a.remote)
  if (isFault(f, 'accept-event-irql', 'pagedAlloc', 'pagedAllocAtPassive')) {
    pagedBlock = allocatePool(w, cb, s.blocks.take(), 'paged', a.act)
    plant(f, a.act)
  }
  if (isFault(f, 'no-wait-inside-callbacks', 'dispatch', 'unknownTarget')) {
    const kevent = s.kevents.take()
    keWaitInside(w, cb, a.act, kevent, false)
    plant(f, a.act)
    s.kevents.release(kevent)
  }
  if (isFault(f, 'no-wait-inside-callbacks', 'tied') && sock !== undefined) {
    // Receive synchronously: post the IRP, then wait for the KEVENT its completion routine sets.
    const kevent = s.kevents.take()
    const irp = ioAllocateIrp(w, cb, s.irps.take())
    ioSetCompletionRoutine(w, cb, irp, kevent)
    socketCall(w, cb, sock, 'WskReceive', STATUS_PENDING, irp)
    yield p.int(2, 5)
    yield* complete(s, irp, STATUS_SUCCESS, bytes(p), {kevent})
    keWaitInside(w, cb, a.act, kevent, true)
    plant(f, a.act)
    ioFreeIrp(w, cb, irp)
    s.irps.release(irp.id)
    s.kevents.release(kevent)
  }
  if (isFault(f, 'accept-event-reject-after-use') && sock !== undefined) socketCall(w, cb, sock, 'WskGetRemoteAddress', STATUS_SUCCESS)
  if (isFault(f, 'accept-event-return-code')) allocatePool(w, cb, null, 'nonpaged')

  // The outcome: forced by a fault, or drawn among what the tables allow for the offered socket.
  let choice: AcceptChoice
  if (isFault(f, 'accept-event-return-code')) choice = {event: 'invalidReturn', outs: 'none'}
  else if (isFault(f, 'accept-event-reject-after-use') || isFault(f, 'accept-event-reject-wsk-closes') || isFault(f, 'accept-event-null-socket-close-listener')) choice = {event: 'rejected', outs: 'none'}
  else if (isFault(f, 'accept-event-null-socket-return')) choice = {event: 'accepted', outs: 'none'}
  else if (isFault(f, 'accept-event-dispatch-for-inherited')) choice = {event: 'accepted', outs: 'contextNoDispatch'}
  else if (isFault(f, 'accept-event-context-nonpaged')) choice = {event: 'accepted', outs: 'pagedContext'}
  else if (isFault(f, 'accept-event-null-outs-if-no-callbacks') || isFault(f, 'free-context-after-close-completes')) choice = {event: 'accepted', outs: 'context'}
  else if (f !== undefined && sock !== undefined) {
    // Other faults need an owned socket (leaks, IRP misuse, calls after close…) or none at all.
    choice = s.choose<AcceptChoice>([[{event: 'accepted', outs: 'none'}, 3], [{event: 'accepted', outs: 'dispatch'}, 1]], (o) => acceptIsClean(s, a, o, exitAt, f!.rule))!
  } else {
    const candidates: [AcceptChoice, number][] = [
      [{event: 'accepted', outs: 'none'}, 60],
      [{event: 'accepted', outs: 'context'}, 15],
      [{event: 'accepted', outs: 'dispatch'}, 10],
      [{event: 'rejected', outs: 'none'}, 6],
      [{event: 'invalidReturn', outs: 'none'}, 1],
    ]
    choice = s.choose(candidates, (o) => sock !== undefined && w.allows(ACCEPTED_SOCKET, sock, o.event) && acceptIsClean(s, a, o, exitAt))
      ?? {event: 'rejected', outs: 'none'}
  }
  if (isFault(f, 'unbalanced-activation')) choice = {event: 'accepted', outs: 'none'}
  let context: SynthObject | undefined = pagedContext
  if (choice.outs === 'context' || choice.outs === 'contextNoDispatch') {
    yield 1
    context = allocatePool(w, cb, s.blocks.take(), 'nonpaged')
  }
  if (w.now < exitAt) yield exitAt - w.now

  if (isFault(f, 'unbalanced-activation')) {
    // The recorder lost this exit: the activation never returns, the socket stays offered.
    plant(f, a.act)
  } else {
    const dispatch = choice.outs === 'none' || choice.outs === 'contextNoDispatch' ? null : CONNECTION_DISPATCH
    acceptEventExit(w, cb, a, ACCEPT_EVENT_RETURNS[choice.event], context ?? null, dispatch)
    if (isFault(f, 'callback-short-at-dispatch') || isFault(f, 'accept-event-return-code') || isFault(f, 'accept-event-null-socket-return')) plant(f, a.act)
    if (isFault(f, 'accept-event-reject-after-use') || isFault(f, 'accept-event-dispatch-for-inherited')) plant(f, sock)
    if (isFault(f, 'accept-event-context-nonpaged')) plant(f, context)
  }
  s.release(th)
  if (a.local !== undefined) s.wskBuffers.release(a.local.id)
  if (a.remote !== undefined) {
    if (isFault(f, 'accept-event-addresses-ephemeral')) {
      yield s.think()
      memoryAccess(w, s.worker(), a.remote)
      plant(f, a.remote)
    }
    s.wskBuffers.release(a.remote.id)
  }
  if (pagedBlock !== undefined) {
    yield s.think()
    freePool(w, s.worker(), pagedBlock)
    s.blocks.release(pagedBlock.id)
  }
  if (nullIndication) {
    if (isFault(f, 'accept-event-null-socket-close-listener', 'callOnBroken')) {
      yield s.think()
      callOnListener(s, listener)
      plant(f, listener)
    }
    return
  }
  if (sock === undefined) return
  if (choice.event !== 'accepted') {
    if (isFault(f, 'accept-event-reject-wsk-closes')) {
      yield s.think()
      if (f?.variant === 'close') closeSocket(w, s.worker(), sock)
      else socketCall(w, s.worker(), sock, 'WskSend', STATUS_SUCCESS)
      plant(f, sock)
    }
    s.sockets.release(sock.id)
    return
  }
  const dispatch = choice.outs === 'none' || choice.outs === 'contextNoDispatch' ? null : CONNECTION_DISPATCH
  yield* ownedLife(s, c, sock, {context, dispatch, irp: undefined})
}

/** Would the exit with this outcome take only non-violating rows (R73's guard, the return code)? */
function acceptIsClean(s: Session, a: ReturnType<typeof acceptEventEnter>, o: AcceptChoice, exitAt: number, planted?: string): boolean {
  const w = s.w
  const now = w.now
  w.now = exitAt
  try {
    const context = o.outs === 'context' || o.outs === 'contextNoDispatch' ? standInBlock('nonpaged') : null
    const dispatch = o.outs === 'none' || o.outs === 'contextNoDispatch' ? null : CONNECTION_DISPATCH
    const broken = w.dryRun(() => acceptEventExit(w, atIrql(s.callbacks[0]!, a.enter.irql ?? DISPATCH_LEVEL), a, ACCEPT_EVENT_RETURNS[o.event], context, dispatch))
    // A fault planted at this exit (a callback too long…) is no reason to refuse the outcome.
    return broken.every((rule) => rule === planted)
  } finally {
    w.now = now
  }
}

function* irpAccept(s: Session, c: Conn): Generator<number, void, undefined> {
  const w = s.w
  const p = s.prng
  const f = c.fault
  const listener = c.listener.obj!
  const wth = s.worker()
  const freeEarly = isFault(f, 'accept-address-buffers-live-until-completion')
  const stale = isFault(f, 'accept-failure-has-no-socket')
  const withAddresses = freeEarly || p.chance(0.5)
  const local = withAddresses ? allocatePool(w, wth, s.blocks.take(), 'nonpaged') : undefined
  const remote = withAddresses ? allocatePool(w, wth, s.blocks.take(), 'nonpaged') : undefined
  const ctx = isFault(f, 'free-context-after-close-completes') || (!stale && f === undefined && p.chance(0.3)) ? allocatePool(w, wth, s.blocks.take(), 'nonpaged') : undefined
  yield p.int(1, 3)
  const irp = ioAllocateIrp(w, wth, s.irps.take())
  ioSetCompletionRoutine(w, wth, irp, ctx?.id ?? null)
  const req = wskAccept(w, wth, listener, irp, local, remote, ctx, ctx !== undefined ? CONNECTION_DISPATCH : null)
  if (freeEarly && remote !== undefined) {
    yield p.int(2, 10)
    freePool(w, s.worker(), remote)
    plant(f, remote)
  }
  yield s.think()
  const fails = stale || (f === undefined && p.chance(0.04))
  const sockId = fails && !stale ? null : s.sockets.take()
  const freeInRoutine = p.chance(0.4)
  yield* complete(s, irp, fails ? STATUS_CONNECTION_ABORTED : STATUS_SUCCESS, sockId, {free: freeInRoutine})
  yield p.int(2, 20)
  for (const b of [local, remote]) {
    if (b === undefined) continue
    if (!(freeEarly && b === remote)) freePool(w, s.worker(), b)
    s.blocks.release(b.id)
  }
  if (freeInRoutine) s.irps.release(irp.id)
  if (fails) {
    if (!freeInRoutine) {
      ioFreeIrp(w, s.worker(), irp)
      s.irps.release(irp.id)
    }
    if (ctx !== undefined) {
      freePool(w, s.worker(), ctx)
      s.blocks.release(ctx.id)
    }
    if (stale && req.sock !== undefined) {
      yield s.think()
      if (f?.variant === 'close') closeSocket(w, s.worker(), req.sock)
      else socketCall(w, s.worker(), req.sock, 'WskSend', STATUS_SUCCESS)
      plant(f, req.sock)
    }
    if (sockId !== null) s.sockets.release(sockId)
    return
  }
  yield* ownedLife(s, c, req.sock!, {context: ctx, dispatch: ctx !== undefined ? CONNECTION_DISPATCH : null, irp: freeInRoutine ? undefined : irp})
}

function* conditionalAccept(s: Session, c: Conn): Generator<number, void, undefined> {
  const w = s.w
  const p = s.prng
  const f = c.fault
  const L = c.listener
  const listener = L.obj!
  if (isFault(f, 'inspect-only-in-conditional-mode', 'abort')) {
    // An abort for a request never inspected, on a listener that is not in conditional mode.
    const id = `${L.key}:${++L.serial}`
    yield* abort(s, c, undefined, id, s.wskBuffers.take(), STATUS_SUCCESS, true)
    return
  }
  const th = yield* s.callbackThread()
  const nullId = isFault(f, 'inspect-null-id-close-listener') || isFault(f, 'inspect-null-id-return-reject')
  const inspectId = nullId ? null : `${L.key}:${++L.serial}`
  const a = inspectEventEnter(
    w, th, listener, inspectId, nullId ? null : s.wskBuffers.take(), nullId ? null : s.wskBuffers.take(), nullId ? null : s.wskBuffers.take(),
  )
  if (isFault(f, 'inspect-only-in-conditional-mode')) plant(f, listener)
  const exitAt = w.now + p.int(4, 50)
  const insp = a.insp
  yield 1
  // The application copies the WSK_INSPECT_ID to its own memory while it is valid.
  if (a.idBuffer !== undefined) memoryAccess(w, th, a.idBuffer)
  if (isFault(f, 'inspect-complete-only-for-pended', 'insideCallback') && insp !== undefined && inspectId !== null) {
    // Completing the request from inside the callback that is still inspecting it.
    const copy = s.idCopies.take()
    yield 1
    inspectComplete(w, th, listener, insp, inspectId, copy, anyCompletion(s), STATUS_SUCCESS)
    plant(f, insp)
    s.idCopies.release(copy)
  }

  const pends = ['inspect-pend-must-complete', 'inspect-id-copied-not-referenced', 'inspect-addresses-ephemeral', 'inspect-complete-action',
    'inspect-complete-once', 'abort-match-by-contents', 'abort-return-success', 'no-complete-after-abort']
  let answer: InspectAnswer
  if (nullId) answer = isFault(f, 'inspect-null-id-return-reject') ? 'answerPend' : 'answerReject'
  else if (isFault(f, 'inspect-return-values')) answer = 'answerInvalid'
  else if (isFault(f, 'inspect-complete-only-for-pended', 'afterSyncAccept')) answer = 'answerAccept'
  else if (isFault(f, 'inspect-complete-only-for-pended')) answer = 'answerReject'
  else if (f !== undefined && pends.includes(f.rule)) answer = 'answerPend'
  else {
    const candidates: [InspectAnswer, number][] = [['answerAccept', 5], ['answerReject', 2], ['answerPend', 3], ['answerInvalid', 1]]
    answer = s.choose(candidates, (e) => insp !== undefined && w.allows(INSPECTION, insp, e) && inspectIsClean(s, a, e, exitAt)) ?? 'answerReject'
  }
  if (w.now < exitAt) yield exitAt - w.now
  inspectEventExit(w, th, a, INSPECT_ANSWERS[answer])
  if (isFault(f, 'inspect-return-values')) plant(f, insp)
  if (isFault(f, 'inspect-null-id-return-reject')) plant(f, a.act)
  s.release(th)
  if (a.local !== undefined) s.wskBuffers.release(a.local.id)
  const keepRemote = isFault(f, 'inspect-addresses-ephemeral')
  if (a.remote !== undefined && !keepRemote) s.wskBuffers.release(a.remote.id)
  // WSK's WSK_INSPECT_ID pointer is not handed out again while the request lives (an abort may name it).
  const idPtr = a.idBuffer?.id
  try {
    yield* afterInspection(s, c, a, answer, keepRemote)
  } finally {
    if (idPtr !== undefined) s.wskBuffers.release(idPtr)
  }
}

function* afterInspection(
  s: Session, c: Conn, a: ReturnType<typeof inspectEventEnter>, answer: InspectAnswer, keepRemote: boolean,
): Generator<number, void, undefined> {
  const w = s.w
  const p = s.prng
  const f = c.fault
  const listener = c.listener.obj!
  const insp = a.insp
  const inspectId = a.inspectId
  const nullId = inspectId === null

  if (nullId) {
    if (isFault(f, 'inspect-null-id-close-listener', 'callOnBroken')) {
      yield s.think()
      callOnListener(s, listener)
      plant(f, listener)
    }
    return
  }
  if (insp === undefined || inspectId === null) return
  if (answer === 'answerInvalid') return
  if (isFault(f, 'inspect-complete-only-for-pended', 'afterSyncReject', 'afterSyncAccept')) {
    // The application completes a request WskInspectEvent already answered.
    yield p.int(5, 100)
    const copy = s.idCopies.take()
    inspectComplete(w, s.worker(), listener, insp, inspectId, copy, anyCompletion(s), STATUS_SUCCESS)
    plant(f, insp)
    s.idCopies.release(copy)
  }
  if (answer === 'answerReject') return
  if (answer === 'answerAccept') {
    yield p.int(10, 200)
    if (f === undefined && p.chance(0.03) && w.allows(INSPECTION, insp, 'abort')) {
      // WSK gave up on the connection before delivering it.
      yield* abort(s, c, insp, inspectId, s.wskBuffers.take(), STATUS_SUCCESS, true)
      return
    }
    yield* eventAccept(s, c)
    return
  }

  // Pended: completed later by a worker, or aborted by WSK.
  yield s.think()
  if (keepRemote && a.remote !== undefined) {
    memoryAccess(w, s.worker(), a.remote)
    plant(f, a.remote)
    s.wskBuffers.release(a.remote.id)
    yield p.int(2, 20)
  }
  if (isFault(f, 'inspect-id-copied-not-referenced', 'accessAfterReturn') && a.idBuffer !== undefined) {
    memoryAccess(w, s.worker(), a.idBuffer)
    plant(f, a.idBuffer)
    yield p.int(2, 20)
  }
  if (isFault(f, 'inspect-pend-must-complete')) {
    // Never completed: the listener's close drops it (A8).
    plant(f, insp)
    return
  }
  let next: InspectCompletion | 'abort'
  if (isFault(f, 'abort-match-by-contents') || isFault(f, 'abort-return-success') || isFault(f, 'no-complete-after-abort')) next = 'abort'
  else if (isFault(f, 'inspect-complete-action')) next = 'completeInvalid'
  else if (isFault(f, 'inspect-complete-once')) next = p.pick(['completeReject', 'completeAccept'] as const)
  else if (f !== undefined) next = 'completeAccept'
  else {
    const candidates: [InspectCompletion | 'abort', number][] = [['completeAccept', 5], ['completeReject', 2], ['completeInvalid', 1], ['abort', 1]]
    next = s.choose(candidates, (e) => w.allows(INSPECTION, insp, e)) ?? 'completeReject'
  }
  if (next === 'abort') {
    const other = isFault(f, 'abort-match-by-contents') || (f === undefined && p.chance(0.5))
    const ptr = other ? s.wskBuffers.take() : a.idBuffer!.id
    yield* abort(s, c, insp, inspectId, ptr, isFault(f, 'abort-return-success') ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS, other)
    if (isFault(f, 'abort-match-by-contents') || isFault(f, 'no-complete-after-abort')) {
      // The application missed the abort and completes the request anyway.
      yield s.think()
      const copy = s.idCopies.take()
      inspectComplete(w, s.worker(), listener, insp, inspectId, copy, anyCompletion(s), STATUS_SUCCESS)
      plant(f, insp)
      s.idCopies.release(copy)
    }
    return
  }
  const wth = s.worker()
  const reused = isFault(f, 'inspect-id-copied-not-referenced', 'pointerReused')
  const copy = s.idCopies.take()
  const withIrp = p.chance(0.5)
  const irp = withIrp ? ioAllocateIrp(w, wth, s.irps.take()) : undefined
  if (irp !== undefined) ioSetCompletionRoutine(w, wth, irp, null)
  inspectComplete(
    w, wth, listener, insp, inspectId, reused ? a.idBuffer!.id : copy, INSPECT_COMPLETIONS[next], irp !== undefined ? STATUS_PENDING : STATUS_SUCCESS, irp,
    reused ? a.idBuffer : undefined,
  )
  if (reused) plant(f, a.idBuffer)
  if (isFault(f, 'inspect-complete-action')) plant(f, insp)
  if (irp !== undefined) {
    yield p.int(5, 40)
    yield* complete(s, irp, STATUS_SUCCESS, null, {free: true})
    s.irps.release(irp.id)
  }
  if (isFault(f, 'inspect-complete-once')) {
    yield p.int(5, 100)
    inspectComplete(w, s.worker(), listener, insp, inspectId, copy, anyCompletion(s), STATUS_SUCCESS)
    plant(f, insp)
  }
  s.idCopies.release(copy)
  if (next === 'completeAccept' && insp.state(Inspection.slot) === Inspection.S.Establishing) {
    yield p.int(10, 200)
    yield* eventAccept(s, c)
  }
}

/** Would WskInspectEvent's exit with this answer take only non-violating rows? */
function inspectIsClean(s: Session, a: ReturnType<typeof inspectEventEnter>, answer: InspectAnswer, exitAt: number): boolean {
  const w = s.w
  const now = w.now
  w.now = exitAt
  try {
    return w.tryClean(() => inspectEventExit(w, s.callbacks[0]!, a, INSPECT_ANSWERS[answer]))
  } finally {
    w.now = now
  }
}

/** WskAbortEvent for an inspection, naming it through `ptr` (WSK's buffer of the event, or another copy). */
function* abort(s: Session, c: Conn, insp: SynthObject | undefined, inspectId: string, ptr: string, status: number, ownPtr: boolean): Generator<number, void, undefined> {
  const w = s.w
  const th = yield* s.callbackThread()
  const ab = abortEventEnter(w, th, c.listener.obj!, insp, inspectId, ptr)
  if (isFault(c.fault, 'inspect-only-in-conditional-mode', 'abort')) plant(c.fault, c.listener.obj)
  yield s.prng.int(1, 6)
  abortEventExit(w, th, ab, status)
  if (isFault(c.fault, 'abort-return-success')) plant(c.fault, ab.act)
  s.release(th)
  if (ownPtr) s.wskBuffers.release(ptr)
}


/** Any Action a late WskInspectComplete may carry (a violation whatever it is). */
function anyCompletion(s: Session): number {
  return INSPECT_COMPLETIONS[s.prng.pick(['completeAccept', 'completeReject', 'completeInvalid'] as const)]
}

/** A call on a listener that should see none: any socket call, WskAccept, WskBind, SO_CONDITIONAL_ACCEPT (or a second close). */
export function callOnListener(s: Session, listener: SynthObject, orClose = false): void {
  const w = s.w
  const th = s.worker()
  switch (s.prng.int(0, orClose ? 4 : 3)) {
    case 4: closeSocket(w, th, listener); break
    case 0: socketCall(w, th, listener, 'WskGetLocalAddress', STATUS_SUCCESS); break
    case 1: wskAcceptRefused(w, th, listener, STATUS_INVALID_DEVICE_STATE); break
    case 2: wskBind(w, th, listener); break
    default: controlSocket(w, th, listener, SO_CONDITIONAL_ACCEPT, 1, STATUS_INVALID_DEVICE_STATE); break
  }
}
