/**
 * The life of a socket the application owns (delivered by WskAcceptEvent or by a WskAccept IRP):
 * callbacks enabled when it returned a context or dispatch table, WSK calls (with the
 * connection's IRP, reused with IoReuseIrp, or terse), receive indications, a disconnect, the
 * close (terse, or with its IRP, freed in the completion routine), the context freed once the
 * close completed. Faults of owned sockets and their IRPs are planted here.
 */
import {STATUS_INVALID_DEVICE_REQUEST, STATUS_PENDING, STATUS_SUCCESS} from '../../trace/ntstatus.js'
import {SO_WSK_EVENT_CALLBACK} from '../../trace/socket-options.js'
import {WSK_EVENT_DISCONNECT, WSK_EVENT_RECEIVE, WSK_FLAG_CONNECTION_SOCKET} from '../../trace/wsk-flags.js'
import type {Id} from '../../trace/event.js'
import {ACCEPTED_SOCKET, socketCall, socketEventEnter, socketEventExit, wskAcceptRefused} from '../emit/accepted-socket.js'
import {ioAllocateIrp, ioFreeIrp, ioReuseIrp, ioSetCompletionRoutine} from '../emit/irp.js'
import {freePool} from '../emit/pool-block.js'
import {closeSocket, controlSocket, wskSocketBasic} from '../emit/socket.js'
import {isFault, plant} from '../inject/plans.js'
import type {Prng} from '../prng.js'
import {AT_DISPATCH, type Conn, type Session} from '../session.js'
import type {SynthObject} from '../walker.js'
import {complete} from './completion.js'

/** IoStatus.Information of a receive or send: the bytes moved (an id once normalised, as lint reads it). */
export function bytes(p: Prng): Id {
  return '0x' + p.int(1, 16384).toString(16)
}

export interface Ownership {
  /** The context WskAcceptEvent returned or WskAccept was given (a pool block), and the dispatch table. */
  context: SynthObject | undefined
  dispatch: Id | null
  /** An IRP the connection keeps for its calls (the WskAccept IRP, when the routine did not free it). */
  irp: SynthObject | undefined
}

/** Faults that need the connection's IRP to have gone to WSK at least twice. */
const IRP_FAULTS = ['completion-returns-more-processing', 'irp-reuse-needs-ioreuseirp', 'irp-not-touched-while-owned-by-wsk', 'irp-free-or-reuse-after-completion']

/**
 * R10's other case: a worker makes a connection socket (WSK_FLAG_CONNECTION_SOCKET), binds it,
 * and calls WskAccept on it; then closes it.
 */
function* acceptOnConnectionSocket(s: Session, c: Conn): Generator<number, void, undefined> {
  const w = s.w
  const th = s.worker()
  const id = s.sockets.take()
  const sock = wskSocketBasic(w, th, id, WSK_FLAG_CONNECTION_SOCKET)
  yield s.prng.int(2, 10)
  socketCall(w, th, sock, 'WskBind', STATUS_SUCCESS)
  yield s.prng.int(2, 10)
  wskAcceptRefused(w, th, sock, STATUS_INVALID_DEVICE_REQUEST)
  plant(c.fault, sock)
  yield s.prng.int(2, 10)
  closeSocket(w, th, sock)
  s.sockets.release(id)
}

export function* ownedLife(s: Session, c: Conn, sock: SynthObject, o: Ownership): Generator<number, void, undefined> {
  const w = s.w
  const p = s.prng
  const f = c.fault
  let irp = o.irp
  const ctx = o.context
  const irpFault = f !== undefined && IRP_FAULTS.includes(f.rule)
  const leak = isFault(f, 'accept-event-success-app-owns') || isFault(f, 'accept-success-yields-owned-socket')
  const leakIrp = isFault(f, 'irp-free-or-reuse-after-completion', 'leak')
  // A socket given a context or dispatch table is one the application wants callbacks on (R72).
  const callbacks = sock.data.origin === 'event' && (ctx !== undefined || o.dispatch !== null) && !isFault(f, 'accept-event-null-outs-if-no-callbacks')
  const indications = callbacks || c.listener.inherited
  yield s.think()
  if (callbacks) {
    controlSocket(w, s.worker(), sock, SO_WSK_EVENT_CALLBACK, WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT)
    yield s.think()
  }

  let calls = p.int(0, 4)
  let irpCalls = 0
  let misuseAt = isFault(f, 'listen-functions-need-listen-socket') ? p.int(0, calls) : -1
  for (let i = 0; ; i++) {
    // What may happen next is what the accepted socket's table allows: another call, or the close.
    const wantCall = (irpFault && irpCalls < 2) || (calls > 0 && p.chance(0.8))
    const call = wantCall && w.allows(ACCEPTED_SOCKET, sock, 'call')
    if (misuseAt >= 0 && (i >= misuseAt || !call)) {
      misuseAt = -1
      if (f?.variant === 'connectionSocket') yield* acceptOnConnectionSocket(s, c)
      else {
        wskAcceptRefused(w, s.worker(), sock, STATUS_INVALID_DEVICE_REQUEST)
        plant(f, sock)
      }
      yield s.think()
    }
    if (!call) break
    calls--
    const kind = irpFault && irpCalls < 2 ? 'irp' : p.pick(indications ? (['irp', 'irp', 'terse', 'indication'] as const) : (['irp', 'irp', 'terse'] as const))
    if (kind === 'terse') {
      socketCall(w, s.worker(), sock, p.chance(0.5) ? 'WskSend' : 'WskGetRemoteAddress', STATUS_SUCCESS)
    } else if (kind === 'indication') {
      const th = yield* s.callbackThread()
      const ind = socketEventEnter(w, th, sock, 'WskReceiveEvent', AT_DISPATCH)
      yield p.int(2, 30)
      socketEventExit(w, th, sock, ind, STATUS_SUCCESS)
      s.release(th)
    } else {
      const wth = s.worker()
      const skipReuse = isFault(f, 'irp-reuse-needs-ioreuseirp') && irpCalls === 1
      if (irp === undefined) irp = ioAllocateIrp(w, wth, s.irps.take())
      else if (!skipReuse) ioReuseIrp(w, wth, irp)
      ioSetCompletionRoutine(w, wth, irp, ctx?.id ?? null)
      socketCall(w, wth, sock, p.chance(0.6) ? 'WskReceive' : 'WskSend', STATUS_PENDING, irp)
      if (skipReuse) plant(f, irp)
      if (isFault(f, 'irp-not-touched-while-owned-by-wsk') && irpCalls === 0) {
        yield p.int(1, 5)
        const t = s.worker()
        if (f?.variant === 'setCompletion') ioSetCompletionRoutine(w, t, irp, null)
        else if (f?.variant === 'reuse') ioReuseIrp(w, t, irp)
        else ioFreeIrp(w, t, irp)
        plant(f, irp)
      }
      const returns = isFault(f, 'completion-returns-more-processing', 'returnsSuccess') && irpCalls === 0 ? STATUS_SUCCESS : undefined
      irpCalls++
      yield p.exp(s.thinkMean / 2)
      yield* complete(s, irp, STATUS_SUCCESS, bytes(p), {returns})
      if (returns !== undefined) plant(f, irp)
    }
    yield s.think()
  }

  if (p.chance(0.7)) {
    // Graceful disconnect before the close, terse or with the connection's IRP.
    if (irp !== undefined && p.chance(0.5) && !leakIrp) {
      const wth = s.worker()
      ioReuseIrp(w, wth, irp)
      ioSetCompletionRoutine(w, wth, irp, null)
      socketCall(w, wth, sock, 'WskDisconnect', STATUS_PENDING, irp, undefined, 0)
      yield p.exp(s.thinkMean / 2)
      yield* complete(s, irp, STATUS_SUCCESS, null)
    } else socketCall(w, s.worker(), sock, 'WskDisconnect', STATUS_SUCCESS, undefined, undefined, 0)
    yield s.think()
  }

  if (leak) {
    // Never closed: lint reports it when WskDeregister returns.
    plant(f, sock)
    if (irp !== undefined) {
      ioFreeIrp(w, s.worker(), irp)
      s.irps.release(irp.id)
    }
    return
  }

  if (isFault(f, 'accept-event-null-outs-if-no-callbacks')) plant(f, sock)
  let ctxFreed = false
  const faithful =
    isFault(f, 'free-context-after-close-completes') || isFault(f, 'completion-returns-more-processing', 'freedInRoutine') || isFault(f, 'no-calls-after-close', 'sendWhileClosing') ||
    (!isFault(f, 'close-irp-required') && !leakIrp && p.chance(0.5))
  if (!faithful) {
    const wth = s.worker()
    if (irp !== undefined && !leakIrp) ioFreeIrp(w, wth, irp)
    closeSocket(w, wth, sock, {irp: isFault(f, 'close-irp-required') ? null : undefined})
    if (isFault(f, 'close-irp-required')) plant(f, w.client)
    if (leakIrp) plant(f, irp)
  } else {
    const wth = s.worker()
    if (irp === undefined) irp = ioAllocateIrp(w, wth, s.irps.take())
    else ioReuseIrp(w, wth, irp)
    ioSetCompletionRoutine(w, wth, irp, null)
    closeSocket(w, wth, sock, {irp, status: STATUS_PENDING})
    if (isFault(f, 'free-context-after-close-completes') && ctx !== undefined) {
      yield p.int(1, 5)
      freePool(w, s.worker(), ctx)
      plant(f, ctx)
      ctxFreed = true
    }
    if (isFault(f, 'no-calls-after-close', 'sendWhileClosing')) {
      yield p.int(1, 5)
      socketCall(w, s.worker(), sock, 'WskSend', STATUS_SUCCESS)
      plant(f, sock)
    }
    yield p.exp(s.thinkMean / 2)
    const returns = isFault(f, 'completion-returns-more-processing', 'freedInRoutine') ? STATUS_SUCCESS : undefined
    yield* complete(s, irp, STATUS_SUCCESS, null, {free: true, returns})
    if (returns !== undefined) plant(f, irp)
  }
  if (isFault(f, 'irp-free-or-reuse-after-completion', 'doubleFree', 'reuseAfterFree', 'rearmAfterFree') && irp !== undefined) {
    // The IRP is gone, and the application touches it again.
    yield p.int(1, 10)
    const t = s.worker()
    if (f?.variant === 'doubleFree') ioFreeIrp(w, t, irp)
    else if (f?.variant === 'reuseAfterFree') ioReuseIrp(w, t, irp)
    else ioSetCompletionRoutine(w, t, irp, null)
    plant(f, irp)
  }
  if (irp !== undefined && !leakIrp) s.irps.release(irp.id)
  if (ctx !== undefined) {
    yield p.int(1, 10)
    if (!ctxFreed) freePool(w, s.worker(), ctx)
    s.blocks.release(ctx.id)
  }
  if (isFault(f, 'no-calls-after-close', 'secondClose', 'sendAfterClose', 'acceptAfterClose')) {
    yield s.think()
    if (f?.variant === 'secondClose') closeSocket(w, s.worker(), sock)
    else if (f?.variant === 'acceptAfterClose') wskAcceptRefused(w, s.worker(), sock, STATUS_INVALID_DEVICE_REQUEST)
    else socketCall(w, s.worker(), sock, 'WskSend', STATUS_SUCCESS)
    plant(f, sock)
  }
  s.sockets.release(sock.id)
}
