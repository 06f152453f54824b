/**
 * WSK calls on a socket of any kind: the record shapes (point, or enter/exit around a nested
 * completion), the events they mean for the socket and the WSK client, the IRP they carry, and
 * the calls every socket kind shares (WskControlSocket, WskCloseSocket).
 */
import {AcceptCallback} from '../../model/machines/accept-callback.js'
import {ConditionalAccept} from '../../model/machines/conditional-accept.js'
import {InheritedCallbacks} from '../../model/machines/inherited-callbacks.js'
import {Inspection} from '../../model/machines/inspection.js'
import {WskClient} from '../../model/machines/wsk-client.js'
import {OtherSocket} from '../../model/machines/other-socket.js'
import {WskSetOption} from '../../trace/control-codes.js'
import type {Id, TraceEvent} from '../../trace/event.js'
import {STATUS_EVENT_PENDING, STATUS_PENDING, STATUS_SUCCESS, isNtSuccess} from '../../trace/ntstatus.js'
import {SO_CONDITIONAL_ACCEPT, SO_WSK_EVENT_CALLBACK} from '../../trace/socket-options.js'
import {WSK_EVENT_ACCEPT, WSK_EVENT_DISABLE, WSK_EVENT_DISCONNECT, WSK_EVENT_RECEIVE, WSK_EVENT_SEND_BACKLOG} from '../../trace/wsk-flags.js'
import type {AnyMachine, IrpOutcome, SynthObject, Thread, Walker} from '../walker.js'
import {callReturned, submitIrp} from './irp.js'
import {unbindContext} from './pool-block.js'

const CLIENT = WskClient as unknown as AnyMachine
const ACCEPT_CALLBACK = AcceptCallback as unknown as AnyMachine
const CONDITIONAL = ConditionalAccept as unknown as AnyMachine
const INHERITED = InheritedCallbacks as unknown as AnyMachine
const INSPECTION = Inspection as unknown as AnyMachine
const OTHER_SOCKET = OtherSocket as unknown as AnyMachine
const CONNECTION_EVENTS = WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT | WSK_EVENT_SEND_BACKLOG

/** A WSK call: the socket it names and what it means for it, its IRP, and its outcome. */
export interface WskCall {
  event: string
  sock: SynthObject | undefined
  /** The socket machine's event: `call`, `close`, `bind`, `listenCall`, `setConditionalAccept`. */
  sockEvent: string
  /** The IRP (undefined: not logged; null: logged NULL). */
  irp?: SynthObject | null
  /** What the call means once it completed (at a synchronous return or at its IoCompletion). */
  outcome?: IrpOutcome
  /** Steps of the way in after the socket's (WskInspectComplete: its inspection). */
  onIn?: (input: TraceEvent) => void
  /** Returned STATUS_PENDING with its IRP (WskAccept pins its address buffers). */
  onPending?: (ev: TraceEvent, input: TraceEvent) => void
  /** Sets the record's own fields. */
  fill?: (ev: TraceEvent) => void
}

/** A point record: inputs and outputs of a call that returned `status`. */
export function wskCallPoint(w: Walker, th: Thread, c: WskCall, status: number | undefined, irql?: number): TraceEvent {
  const ev = w.record(th, c.event, 'point', irql)
  fillCall(ev, c)
  ev.status = status
  callIn(w, c, ev)
  callOut(w, c, ev, ev)
  return ev
}

export function wskCallEnter(w: Walker, th: Thread, c: WskCall, irql?: number): TraceEvent {
  const ev = w.record(th, c.event, 'enter', irql)
  fillCall(ev, c)
  callIn(w, c, ev)
  return ev
}

export function wskCallExit(w: Walker, th: Thread, c: WskCall, enter: TraceEvent, status: number, irql?: number): TraceEvent {
  const ev = w.record(th, c.event, 'exit', irql)
  if (c.sock !== undefined) ev.socket = c.sock.id
  ev.status = status
  callOut(w, c, enter, ev)
  return ev
}

function fillCall(ev: TraceEvent, c: WskCall): void {
  if (c.sock !== undefined) ev.socket = c.sock.id
  c.fill?.(ev)
  if (c.irp !== undefined) ev.irp = c.irp === null ? null : c.irp.id
}

function callIn(w: Walker, c: WskCall, input: TraceEvent): void {
  if (input.event === 'WskSocket') w.fire(CLIENT, w.client, 'wskSocketCalled', input, input)
  if (input.event === 'WskCloseSocket') w.fire(CLIENT, w.client, 'closeSocketCalled', input, input)
  const sock = c.sock
  if (sock !== undefined) {
    w.fireSocket(sock, c.sockEvent, input, input)
    if (input.event === 'WskCloseSocket' && sock.data.closeLine === undefined && !w.dry) sock.data.closeLine = input.line
    if (input.event === 'WskCloseSocket' && sock.kind === 'listening-socket') {
      for (const insp of [...w.inspections]) if (insp.data.listener === sock) w.fire(INSPECTION, insp, 'listenerClosed', input, input)
    }
  }
  c.onIn?.(input)
  if (c.irp) submitIrp(w, c.irp, input, sock, c.outcome ?? noOutcome)
}

function callOut(w: Walker, c: WskCall, input: TraceEvent, ev: TraceEvent): void {
  const status = ev.status
  if (status === undefined) return
  const irp = c.irp ?? undefined
  const viaIrp = irp !== undefined && irp.data.call === input
  if (callReturned(w, irp, input, ev, status)) {
    if (viaIrp && c.onPending !== undefined && status === STATUS_PENDING) c.onPending(ev, input)
    return
  }
  c.outcome?.(ev, status, ev.information)
}

function noOutcome(): void {}

/** WskSocket without WSK_FLAG_LISTEN_SOCKET, terse: a connection, stream or datagram socket (the `socket` machine). */
export function wskSocketBasic(w: Walker, th: Thread, id: Id, flags: number): SynthObject {
  let sock: SynthObject | undefined
  const call: WskCall = {
    event: 'WskSocket',
    sock: undefined,
    sockEvent: 'call',
    fill: (ev) => {
      ev.socket = id
      ev.flags = flags
      ev.context = null
      ev.dispatch = null
    },
    outcome: (ev) => {
      const s = w.create('socket', id, ev.line)
      s.setState(OtherSocket.slot, OtherSocket.S.Open)
      s.data.socketFlags = flags
      s.data.origin = 'create'
      s.data.context = null
      sock = w.track(s, OTHER_SOCKET)
    },
  }
  wskCallPoint(w, th, call, STATUS_SUCCESS)
  return sock!
}

/** WskControlSocket(WskSetOption, option, value) on any socket. */
export function controlSocket(w: Walker, th: Thread, sock: SynthObject, option: number, value: number, status = STATUS_SUCCESS): TraceEvent {
  const call: WskCall = {
    event: 'WskControlSocket',
    sock,
    sockEvent: sock.kind === 'listening-socket' && option === SO_CONDITIONAL_ACCEPT ? 'setConditionalAccept' : 'call',
    fill: (ev) => {
      ev.request = WskSetOption
      ev.option = option
      ev.value = value
    },
    outcome: (ev, st) => {
      if (isNtSuccess(st) || st === STATUS_EVENT_PENDING) optionApplied(w, sock, option, value, ev)
    },
  }
  return wskCallPoint(w, th, call, status)
}

function optionApplied(w: Walker, sock: SynthObject, option: number, mask: number, ev: TraceEvent): void {
  if (option === SO_CONDITIONAL_ACCEPT) {
    if (sock.kind === 'listening-socket') w.fire(CONDITIONAL, sock, mask !== 0 ? 'turnedOn' : 'turnedOff', ev, ev)
    return
  }
  if (option !== SO_WSK_EVENT_CALLBACK) return
  const disable = (mask & WSK_EVENT_DISABLE) !== 0
  if (sock.kind === 'listening-socket') {
    if ((mask & WSK_EVENT_ACCEPT) !== 0) w.fire(ACCEPT_CALLBACK, sock, disable ? 'disable' : 'enable', ev, ev)
    if (!disable && (mask & CONNECTION_EVENTS) !== 0) w.fire(INHERITED, sock, 'enableConnectionCallbacks', ev, ev)
  } else if (!disable && (mask & ~WSK_EVENT_DISABLE) !== 0 && !w.dry) {
    sock.data.callbacksEnabled = true
  }
}

export interface CloseOptions {
  /** Undefined: a terse record without `irp`; null: `"irp": null` (R98); an IRP: the close goes with it. */
  irp?: SynthObject | null
  status?: number
}

/** The close's outcome: the socket is closed, its context is the application's again. */
function closeOutcome(w: Walker, sock: SynthObject): IrpOutcome {
  return (ev) => {
    w.fireSocket(sock, 'closeCompleted', ev, ev)
    unbindContext(w, sock, ev, ev)
  }
}

/** WskCloseSocket as one point record (returning `status`, STATUS_PENDING when it goes on with its IRP). */
export function closeSocket(w: Walker, th: Thread, sock: SynthObject | Id, o: CloseOptions = {}): TraceEvent {
  const obj = typeof sock === 'string' ? undefined : sock
  const call: WskCall = {
    event: 'WskCloseSocket',
    sock: obj,
    sockEvent: 'close',
    irp: o.irp,
    outcome: obj !== undefined ? closeOutcome(w, obj) : undefined,
    fill: typeof sock === 'string' ? (ev) => void (ev.socket = sock) : undefined,
  }
  return wskCallPoint(w, th, call, o.status ?? STATUS_SUCCESS)
}
