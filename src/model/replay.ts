/**
 * Replays canonical records through the reference machines, one pass, streaming.
 *
 * This file is the glue of the kernel-RV design: it maps each record onto the objects it concerns
 * (sockets, IRPs, inspections, buffers, activations) and the machine events it means for each.
 * It decides nothing about legality: every verdict comes from a row of a machine table.
 */
import type {Finding} from '../findings/finding.js'
import type {Id, TraceEvent, TraceHeader} from '../trace/event.js'
import {DEFAULT_HEADER, MICROSECONDS_PER_UNIT, newTraceEvent} from '../trace/event.js'
import type {LintOptions} from '../lint/lint-options.js'
import {STATUS_EVENT_PENDING, STATUS_PENDING, STATUS_REQUEST_NOT_ACCEPTED, STATUS_SUCCESS, isNtSuccess} from '../trace/ntstatus.js'
import {
  WSK_EVENT_ACCEPT, WSK_EVENT_DISABLE, WSK_EVENT_DISCONNECT, WSK_EVENT_RECEIVE, WSK_EVENT_SEND_BACKLOG, WSK_FLAG_LISTEN_SOCKET,
} from '../trace/wsk-flags.js'
import {SIO_ADDRESS_LIST_CHANGE, SIO_ADDRESS_LIST_QUERY, SIO_ADDRESS_LIST_SORT, SO_CONDITIONAL_ACCEPT, SO_WSK_EVENT_CALLBACK} from '../trace/socket-options.js'
import {WSK_SET_STATIC_EVENT_CALLBACKS, WskIoctl, WskSetOption} from '../trace/control-codes.js'
import {WskInspectAccept, WskInspectPend, WskInspectReject} from '../trace/inspect-action.js'
import {DISPATCH_LEVEL} from '../trace/irql.js'
import {WSK_FLAG_AT_DISPATCH_LEVEL} from '../trace/wsk-flags.js'
import {step, type Machine, type Violation} from './machine.js'
import {ObjectRegistry} from './object-registry.js'
import {LentBuffers} from './lent-buffers.js'
import type {StepContext} from './step-context.js'
import {TrackedObject} from './tracked-object.js'
import {FindingBuilder} from './finding-builder.js'
import {ListeningSocket} from './machines/listening-socket.js'
import {AcceptCallback} from './machines/accept-callback.js'
import {ConditionalAccept} from './machines/conditional-accept.js'
import {InheritedCallbacks} from './machines/inherited-callbacks.js'
import {AcceptedSocket, type AcceptedSocketState} from './machines/accepted-socket.js'
import {OtherSocket} from './machines/other-socket.js'
import {Irp, type IrpState} from './machines/irp.js'
import {Inspection} from './machines/inspection.js'
import {WskBuffer, type WskBufferState} from './machines/wsk-buffer.js'
import {PoolBlock} from './machines/pool-block.js'
import {WskClient} from './machines/wsk-client.js'
import {Activation} from './machines/activation.js'

// eslint-style loose machine type: the replay drives machines of every state/event type.
type AnyMachine = Machine<string, string, StepContext>

/** Which handler a record goes to: one Map lookup per record, then a switch on a small integer. */
const enum Route {
  WskCall = 1, Callback, Wait, IoCompletion, IoAllocateIrp, IoReuseIrp, IoSetCompletionRoutine, IoFreeIrp, PoolAllocate, PoolFree,
  KeSetEvent, MemoryAccess, WskControlClient, PassiveOnly, WskCaptureProviderNPI, WskDeregister, DriverUnload,
}
const ROUTES = new Map<string, Route>([
  ...['WskSocket', 'WskBind', 'WskListen', 'WskControlSocket', 'WskAccept', 'WskInspectComplete', 'WskGetLocalAddress', 'WskGetRemoteAddress',
    'WskSend', 'WskReceive', 'WskDisconnect', 'WskRelease', 'WskCloseSocket'].map((e) => [e, Route.WskCall] as const),
  ...['WskAcceptEvent', 'WskInspectEvent', 'WskAbortEvent', 'WskReceiveEvent', 'WskDisconnectEvent', 'WskSendBacklogEvent', 'WskClientEvent'].map((e) => [e, Route.Callback] as const),
  ...['KeWaitForSingleObject', 'KeWaitForMultipleObjects', 'KeDelayExecutionThread'].map((e) => [e, Route.Wait] as const),
  ['IoCompletion', Route.IoCompletion], ['IoAllocateIrp', Route.IoAllocateIrp], ['IoReuseIrp', Route.IoReuseIrp],
  ['IoSetCompletionRoutine', Route.IoSetCompletionRoutine], ['IoFreeIrp', Route.IoFreeIrp],
  ['ExAllocatePoolWithTag', Route.PoolAllocate], ['ExAllocatePool2', Route.PoolAllocate], ['ExFreePoolWithTag', Route.PoolFree], ['ExFreePool', Route.PoolFree],
  ['KeSetEvent', Route.KeSetEvent], ['MemoryAccess', Route.MemoryAccess], ['WskControlClient', Route.WskControlClient], ['WskRegister', Route.PassiveOnly],
  ['WskCaptureProviderNPI', Route.WskCaptureProviderNPI], ['WskDeregister', Route.WskDeregister], ['DriverUnload', Route.DriverUnload],
])
/** Per wsk-buffer (state, event): every row unguarded and legal, so a use of a lent buffer there is only a move. */
const LENT_QUIET: readonly boolean[] = WskBuffer.table.map((rows) => rows === undefined || rows.every((r) => r.guard === undefined && r.violates === undefined))
const ADDRESS_LIST_IOCTLS = new Set([SIO_ADDRESS_LIST_QUERY, SIO_ADDRESS_LIST_CHANGE, SIO_ADDRESS_LIST_SORT])
const CONNECTION_EVENTS = WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT | WSK_EVENT_SEND_BACKLOG
const END_OF_TRACE = 'end of trace'
/** Thread ids below this are looked up in an array. */
const SMALL_TIDS = 1 << 16

/** Copies every field of a record (both of the one shape newTraceEvent makes). */
function copyEvent(from: TraceEvent, to: TraceEvent): void {
  to.line = from.line; to.ts = from.ts; to.tid = from.tid; to.event = from.event; to.phase = from.phase; to.cpu = from.cpu
  to.irql = from.irql; to.socket = from.socket; to.irp = from.irp; to.status = from.status; to.information = from.information
  to.flags = from.flags; to.acceptSocket = from.acceptSocket; to.localAddress = from.localAddress; to.remoteAddress = from.remoteAddress
  to.address = from.address; to.context = from.context; to.dispatch = from.dispatch; to.inspectId = from.inspectId
  to.inspectIdPtr = from.inspectIdPtr; to.action = from.action; to.option = from.option; to.value = from.value
  to.request = from.request; to.pool = from.pool; to.object = from.object; to.timeout = from.timeout
}

/** One entry of a thread's activation stack: a bracketed record whose `exit` has not come yet. */
/**
 * A thread's activation stack. Frames are pooled and own a copy of their enter record: the reader
 * hands every record in one reused event object, so nothing may keep a reference to it.
 */
interface ThreadStack {
  frames: Frame[]
  spare: Frame[]
}

interface Frame {
  enter: TraceEvent
  /** The activation object of a callback; of an IoCompletion routine only once something needs it. */
  act: TrackedObject | undefined
  /** The IRP of an IoCompletion routine. */
  irp: TrackedObject | undefined
  /**
   * The activation object of this frame's latest use that had one, and the event it was for. Once
   * the frame is popped nothing else refers to it, so the next activation of the same event (the
   * same id: a stack is one thread's) restarts it instead of allocating another.
   */
  spareAct: TrackedObject | undefined
  spareActEvent: string
}

/**
 * A socket kind's primary machine, with the numbers of the events every socket kind shares (-1:
 * not an event of this machine). Numbers looked up once here, not by name on every record.
 */
interface Primary {
  readonly m: AnyMachine
  readonly call: number
  readonly listenCall: number
  readonly bind: number
  readonly setConditionalAccept: number
  readonly close: number
  readonly closeCompleted: number
  readonly detach: number
  readonly end: number
}

function primary(machine: unknown): Primary {
  const m = machine as AnyMachine
  const n = (name: string): number => m.E[name] ?? -1
  return {
    m, call: n('call'), listenCall: n('listenCall'), bind: n('bind'), setConditionalAccept: n('setConditionalAccept'),
    close: n('close'), closeCompleted: n('closeCompleted'), detach: n('detach'), end: n('end'),
  }
}

const LISTENING = primary(ListeningSocket)
const ACCEPTED = primary(AcceptedSocket)
const OTHER = primary(OtherSocket)

function primaryOf(kind: string): Primary | undefined {
  switch (kind) {
    case 'listening-socket': return LISTENING
    case 'accepted-socket': return ACCEPTED
    case 'socket': return OTHER
    default: return undefined
  }
}

export class Replay {
  readonly sockets = new ObjectRegistry()
  readonly irps = new ObjectRegistry()
  readonly inspections = new ObjectRegistry()
  private readonly lent = new LentBuffers()
  readonly blocks = new ObjectRegistry()
  /** Every thread's stack, in order of first appearance (end-of-trace reports follow it). */
  private readonly threads = new Map<number | string, ThreadStack>()
  /** The same for small integer thread ids (nearly all): an array read instead of a Map lookup per record. */
  /** Grown as ids come (filled, never sparse: a sparse array turns into a dictionary). */
  private readonly smallThreads: (ThreadStack | undefined)[] = []
  /** KEVENTs (and other dispatcher objects) tied to a WSK request, with the IRP that ties them. */
  private readonly waitTies = new Map<Id, TrackedObject>()
  private readonly client: TrackedObject
  private header: TraceHeader = DEFAULT_HEADER
  private endProven = false
  private readonly ctx: StepContext
  private readonly findings: FindingBuilder
  events = 0
  lastLine = 0

  constructor(
    readonly file: string,
    readonly options: LintOptions,
  ) {
    this.ctx = {obj: undefined as unknown as TrackedObject, ev: undefined as unknown as TraceEvent, input: undefined as unknown as TraceEvent, options, usPerUnit: 1}
    this.client = new TrackedObject('session', 'WSK client', 1, 0)
    this.client.setState(WskClient.slot, WskClient.S[WskClient.def.initial])
    this.findings = new FindingBuilder(file, options)
  }

  setHeader(h: TraceHeader): void {
    this.header = h
    this.ctx.usPerUnit = MICROSECONDS_PER_UNIT[h.timeUnit]
    if (h.complete) this.endProven = true
  }

  invalid(line: number, message: string): void {
    this.lastLine = Math.max(this.lastLine, line)
    this.findings.direct('invalid-record', line, `line ${line} skipped: ${message}`)
  }

  event(ev: TraceEvent): void {
    this.events++
    this.lastLine = ev.line
    let input = ev
    let frame: Frame | undefined
    let stack = this.stackOf(ev.tid)
    if (ev.phase === 'exit') {
      frame = stack !== undefined ? this.pop(stack, ev) : undefined
      if (frame === undefined) {
        this.findings.direct('unbalanced-activation', ev.line, `${ev.event} exit on thread ${ev.tid} has no enter on that thread: its outputs are ignored`, 'orphanExit', ev)
        return
      }
      input = frame.enter
    }
    if (stack !== undefined && stack.frames.length > 0) this.innermostActivation(stack.frames, false)?.record(ev)
    const isIn = ev.phase !== 'exit'
    const isOut = ev.phase !== 'enter'
    if (ev.phase === 'enter') {
      stack ??= this.newStack(ev.tid)
      frame = stack.spare.pop() ?? {enter: newTraceEvent(0), act: undefined, irp: undefined, spareAct: undefined, spareActEvent: ''}
      copyEvent(ev, frame.enter)
      frame.act = undefined
      frame.irp = undefined
      stack.frames.push(frame)
      input = frame.enter
    }

    // `?? 0`: a switch on a small integer only (undefined in the cases' compares made each one a
    // generic strict-equality call: ~10 ms per million records).
    switch (ROUTES.get(ev.event) ?? 0) {
      case Route.WskCall: this.onWskCall(input, ev, isIn, isOut); break
      case Route.Callback: this.onCallback(input, ev, isIn, isOut, frame); break
      case Route.Wait: if (isOut) this.onWait(input, ev); break
      case Route.IoCompletion: this.onIoCompletion(input, ev, isIn, isOut, frame); break
      case Route.IoAllocateIrp: if (isOut) this.onIoAllocateIrp(input, ev); break
      case Route.IoReuseIrp: if (isIn) this.onIoReuseIrp(ev); break
      case Route.IoSetCompletionRoutine: if (isIn) this.onIoSetCompletionRoutine(ev); break
      case Route.IoFreeIrp: if (isIn) this.onIoFreeIrp(ev); break
      case Route.PoolAllocate:
        if (isIn && input.pool === 'paged') this.passiveOnly(ev)
        if (isOut) this.onPoolAllocate(input, ev)
        break
      case Route.PoolFree: if (isIn) this.onPoolFree(ev); break
      case Route.KeSetEvent: if (isIn) this.onKeSetEvent(ev); break
      // An expired buffer stays findable: the use after expiry is what R70/R81/R82 catch.
      case Route.MemoryAccess: if (isIn && ev.address) this.useLent(ev.address, WskBuffer.E.access, ev, ev); break
      case Route.WskControlClient: this.onWskControlClient(input, ev, isIn, isOut); break
      case Route.PassiveOnly: if (isIn) this.passiveOnly(ev); break
      case Route.WskCaptureProviderNPI: if (isIn && input.timeout !== 0) this.passiveOnly(ev); break
      case Route.WskDeregister:
        if (isIn) this.passiveOnly(ev)
        if (isOut) this.detach(ev)
        break
      case Route.DriverUnload: if (isOut) this.detach(ev); break
      default: break
    }
    if (ev.phase === 'exit' && frame !== undefined) stack!.spare.push(frame)
  }

  /** End of the trace: obligations still open, activations never returned. */
  finish(): Finding[] {
    const end: TraceEvent = {line: this.lastLine, ts: 0, tid: '-', event: END_OF_TRACE, phase: 'point'}
    for (const stack of this.threads.values()) {
      for (const f of stack.frames) {
        if (f.act) this.fire(Activation, f.act, Activation.E.end, end, f.enter)
        else this.findings.direct('unbalanced-activation', f.enter.line, `${f.enter.event} enter on thread ${f.enter.tid} never returned by the end of the trace`, 'neverReturned', f.enter)
      }
    }
    for (const obj of [...this.sockets.alive()]) this.firePrimary(obj, (p) => p.end, end, end)
    for (const obj of [...this.inspections.alive()]) this.fire(Inspection, obj, Inspection.E.end, end, end)
    for (const obj of [...this.irps.alive()]) this.fire(Irp, obj, Irp.E.end, end, end)
    return this.findings.sorted()
  }

  // ---- WSK calls ----------------------------------------------------------------------------

  private onWskCall(input: TraceEvent, ev: TraceEvent, isIn: boolean, isOut: boolean): void {
    const name = input.event
    let sock: TrackedObject | undefined
    // WskSocket's `socket` is the new socket, born at its outcome; every other call names an existing one.
    if (name !== 'WskSocket' && input.socket !== undefined && input.socket !== null) sock = this.socketFor(input.socket, name, ev)
    if (isIn) {
      if (name === 'WskSocket') this.fire(WskClient, this.client, WskClient.E.wskSocketCalled, ev, input)
      if (name === 'WskCloseSocket') this.fire(WskClient, this.client, WskClient.E.closeSocketCalled, ev, input)
      if (name === 'WskControlSocket' && input.request === WskIoctl && input.option !== undefined && ADDRESS_LIST_IOCTLS.has(input.option)) this.passiveOnly(ev)
      if (sock !== undefined) {
        const p = primaryOf(sock.kind)
        if (p !== undefined) this.fireIf(p.m, sock, this.socketEvent(sock, p, input), ev, input)
        if (name === 'WskCloseSocket' && sock.data.closeLine === undefined) sock.data.closeLine = ev.line
      }
      if (name === 'WskCloseSocket' && sock?.kind === 'listening-socket') this.listenerClosing(sock, ev)
      if (name === 'WskInspectComplete' && sock !== undefined) this.onInspectComplete(sock, input, ev)
      if (input.irp !== undefined && input.irp !== null) this.submitIrp(input, ev, sock)
    }
    if (isOut) {
      const status = ev.status
      if (status === undefined) return
      const irp = input.irp !== undefined && input.irp !== null ? this.irps.get(input.irp) : undefined
      if (irp !== undefined && irp.data.call !== undefined && irp.data.call.line === input.line) {
        if (status === STATUS_PENDING) {
          this.fire(Irp, irp, Irp.E.returnedPending, ev, input)
          if (name === 'WskAccept') this.pinAcceptAddresses(input, ev)
          return
        }
        this.fire(Irp, irp, Irp.E.returnedSync, ev, input)
        if (irp.data.outcomeApplied) return
        irp.data.outcomeApplied = true
      } else if (status === STATUS_PENDING) return
      this.applyOutcome(input, ev, status, ev.information)
    }
  }

  /** The machine event a socket call means for the socket it names. */
  private socketEvent(sock: TrackedObject, p: Primary, input: TraceEvent): number {
    switch (input.event) {
      case 'WskCloseSocket': return p.close
      case 'WskAccept':
      case 'WskInspectComplete': return p.listenCall
      case 'WskBind': return sock.kind === 'listening-socket' ? p.bind : p.call
      case 'WskControlSocket':
        if (sock.kind === 'listening-socket' && input.option === SO_CONDITIONAL_ACCEPT && (input.request ?? WskSetOption) === WskSetOption) return p.setConditionalAccept
        return p.call
      default: return p.call
    }
  }

  /**
   * What a completed WSK call means for its objects, applied once: at a return other than
   * STATUS_PENDING, or at the IoCompletion of its IRP.
   */
  private applyOutcome(call: TraceEvent, ev: TraceEvent, status: number, information: Id | null | undefined): void {
    const ok = isNtSuccess(status)
    // The socket is looked up only by the calls whose outcome concerns it (not WskReceive, WskSend…).
    switch (call.event) {
      case 'WskSocket': {
        const id = information ?? ev.socket ?? call.socket
        if (ok && id !== undefined && id !== null) this.createSocket(id, call, ev)
        break
      }
      case 'WskBind': {
        const sock = this.callSocket(call)
        if (sock?.kind === 'listening-socket') this.fire(ListeningSocket, sock, ok ? ListeningSocket.E.bindSucceeded : ListeningSocket.E.bindFailed, ev, call)
        break
      }
      case 'WskAccept': {
        const sock = this.callSocket(call)
        this.unpinAcceptAddresses(call, ev)
        const id = information ?? ev.acceptSocket ?? call.acceptSocket
        if (id === undefined || id === null) break
        const listener = sock?.kind === 'listening-socket' ? sock : undefined
        if (ok) {
          const s = this.createAccepted(id, ev, listener, 'irp', 'Owned')
          s.data.context = call.context
          s.data.dispatch = call.dispatch
          if (call.context) this.bindContext(call.context, s, ev, 'bindContext')
        } else if (this.sockets.live(id) === undefined) {
          this.createAccepted(id, ev, listener, 'irp', 'NotASocket')
        }
        break
      }
      case 'WskControlSocket': {
        const sock = this.callSocket(call)
        if (sock !== undefined && (ok || status === STATUS_EVENT_PENDING)) this.optionApplied(sock, call, ev)
        break
      }
      case 'WskCloseSocket': {
        const sock = this.callSocket(call)
        if (sock === undefined) break
        const p = primaryOf(sock.kind)
        if (p !== undefined) this.fireIf(p.m, sock, p.closeCompleted, ev, call)
        if (sock.data.context) this.fireIf(PoolBlock, this.blocks.live(sock.data.context), PoolBlock.E.unbindContext, ev, call)
        break
      }
      default: break
    }
  }
  private callSocket(call: TraceEvent): TrackedObject | undefined {
    return call.socket !== undefined && call.socket !== null ? this.sockets.get(call.socket) : undefined
  }


  private optionApplied(sock: TrackedObject, call: TraceEvent, ev: TraceEvent): void {
    if ((call.request ?? WskSetOption) !== WskSetOption || call.value === undefined) return
    if (call.option === SO_CONDITIONAL_ACCEPT) {
      if (sock.kind === 'listening-socket') this.fire(ConditionalAccept, sock, call.value !== 0 ? ConditionalAccept.E.turnedOn : ConditionalAccept.E.turnedOff, ev, call)
      return
    }
    if (call.option !== SO_WSK_EVENT_CALLBACK) return
    const mask = call.value
    const disable = (mask & WSK_EVENT_DISABLE) !== 0
    if (sock.kind === 'listening-socket') {
      if ((mask & WSK_EVENT_ACCEPT) !== 0) this.fire(AcceptCallback, sock, disable ? AcceptCallback.E.disable : AcceptCallback.E.enable, ev, call)
      if (!disable && (mask & CONNECTION_EVENTS) !== 0) this.fire(InheritedCallbacks, sock, InheritedCallbacks.E.enableConnectionCallbacks, ev, call)
    } else if (!disable && (mask & ~WSK_EVENT_DISABLE) !== 0) {
      sock.data.callbacksEnabled = true
    }
  }

  private onWskControlClient(input: TraceEvent, ev: TraceEvent, isIn: boolean, isOut: boolean): void {
    if (input.request !== WSK_SET_STATIC_EVENT_CALLBACKS) return
    if (isIn) this.fire(WskClient, this.client, WskClient.E.setStaticEventCallbacks, ev, input)
    if (isOut && (ev.status === undefined || isNtSuccess(ev.status)) && input.value !== undefined) this.client.data.staticEventMask = input.value
  }

  // ---- sockets ------------------------------------------------------------------------------

  /** The socket a record names; one first seen mid-trace is adopted, as a listener when the record says it is one. */
  private socketFor(id: Id, name: string, ev: TraceEvent): TrackedObject {
    const known = this.sockets.get(id)
    if (known !== undefined) return known
    const listenerRole = name === 'WskAccept' || name === 'WskInspectComplete' || name === 'WskAcceptEvent' || name === 'WskInspectEvent' || name === 'WskAbortEvent'
    const obj = listenerRole ? this.newListener(id, ev, true) : this.sockets.create('socket', id, ev.line)
    if (!listenerRole) obj.setState(OtherSocket.slot, OtherSocket.S.Adopted)
    obj.data.origin = 'adopted'
    obj.record(ev)
    return obj
  }

  private createSocket(id: Id, call: TraceEvent, ev: TraceEvent): void {
    const flags = call.flags ?? ev.flags
    let obj: TrackedObject
    if (flags !== undefined && (flags & WSK_FLAG_LISTEN_SOCKET) !== 0) obj = this.newListener(id, ev, false)
    else {
      obj = this.sockets.create('socket', id, call.line)
      obj.setState(OtherSocket.slot, OtherSocket.S.Open)
      obj.data.socketFlags = flags
    }
    obj.originLine = call.line
    obj.data.origin = 'create'
    obj.data.context = call.context
    obj.record(call)
    obj.record(ev)
    if (call.context) this.bindContext(call.context, obj, ev, 'bindContext')
  }

  private newListener(id: Id, ev: TraceEvent, adopted: boolean): TrackedObject {
    const obj = this.sockets.create('listening-socket', id, ev.line)
    obj.setState(ListeningSocket.slot, ListeningSocket.S[adopted ? 'Listening' : 'Created'])
    const staticMask = this.client.data.staticEventMask ?? 0
    obj.setState(AcceptCallback.slot, AcceptCallback.S[adopted ? 'Unknown' : (staticMask & WSK_EVENT_ACCEPT) !== 0 ? 'Static' : 'NeverEnabled'])
    obj.setState(ConditionalAccept.slot, ConditionalAccept.S[adopted ? 'Unknown' : 'Off'])
    obj.setState(InheritedCallbacks.slot, InheritedCallbacks.S.None)
    return obj
  }

  private createAccepted(id: Id, ev: TraceEvent, listener: TrackedObject | undefined, origin: 'event' | 'irp', state: AcceptedSocketState): TrackedObject {
    const obj = this.sockets.create('accepted-socket', id, ev.line)
    obj.setState(AcceptedSocket.slot, AcceptedSocket.S[state])
    obj.data.origin = origin
    obj.data.listener = listener
    obj.record(ev)
    if (AcceptedSocket.terminal[AcceptedSocket.S[state]] === true) this.sockets.retire(obj)
    return obj
  }

  private listenerClosing(listener: TrackedObject, ev: TraceEvent): void {
    for (const insp of [...this.inspections.alive()]) {
      if (insp.data.listener === listener) this.fire(Inspection, insp, Inspection.E.listenerClosed, ev, ev)
    }
  }

  private detach(ev: TraceEvent): void {
    this.endProven = true
    for (const obj of [...this.sockets.alive()]) this.firePrimary(obj, (p) => p.detach, ev, ev)
  }

  // ---- callbacks ----------------------------------------------------------------------------

  private onCallback(input: TraceEvent, ev: TraceEvent, isIn: boolean, isOut: boolean, frame: Frame | undefined): void {
    let act = frame?.act
    if (isIn) {
      act = this.newActivation(input, frame)
      if (frame !== undefined) frame.act = act
      this.fire(Activation, act, Activation.E.enter, ev, input)
    }
    const name = input.event
    const listener = input.socket !== undefined && input.socket !== null && (name === 'WskAcceptEvent' || name === 'WskInspectEvent' || name === 'WskAbortEvent')
      ? this.socketFor(input.socket, name, ev)
      : undefined
    const isListener = listener?.kind === 'listening-socket'
    if (name === 'WskAcceptEvent') {
      if (isIn) {
        if (isListener) {
          this.fire(ListeningSocket, listener, input.acceptSocket === null ? ListeningSocket.E.nullAcceptIndication : ListeningSocket.E.acceptIndication, ev, input)
          if (input.acceptSocket === null && listener.data.brokenLine === undefined) listener.data.brokenLine = ev.line
          this.fire(AcceptCallback, listener, AcceptCallback.E.acceptIndication, ev, input)
        }
        if (input.acceptSocket) this.createAccepted(input.acceptSocket, ev, isListener ? listener : undefined, 'event', 'Offered')
        this.lend(input.localAddress, 'LiveAcceptAddress', ev)
        this.lend(input.remoteAddress, 'LiveAcceptAddress', ev)
      }
      if (isOut) {
        this.returning(act, ev, input)
        const s = input.acceptSocket ? this.sockets.get(input.acceptSocket) : undefined
        if (s !== undefined && s.kind === 'accepted-socket' && ev.status !== undefined) {
          if (ev.status === STATUS_SUCCESS) {
            s.originLine = ev.line
            s.data.context = ev.context
            s.data.dispatch = ev.dispatch
            this.fire(AcceptedSocket, s, AcceptedSocket.E.accepted, ev, input)
            if (ev.context) this.bindContext(ev.context, s, ev, 'bindAcceptEventContext')
          } else if (ev.status === STATUS_REQUEST_NOT_ACCEPTED) {
            s.data.closeLine = ev.line
            this.fire(AcceptedSocket, s, AcceptedSocket.E.rejected, ev, input)
          } else this.fire(AcceptedSocket, s, AcceptedSocket.E.invalidReturn, ev, input)
        }
        this.expire(input.localAddress, ev)
        this.expire(input.remoteAddress, ev)
      }
    } else if (name === 'WskInspectEvent') {
      if (isIn) {
        if (isListener) {
          this.fire(ListeningSocket, listener, input.inspectId === null ? ListeningSocket.E.nullInspectIndication : ListeningSocket.E.inspectIndication, ev, input)
          if (input.inspectId === null && listener.data.brokenLine === undefined) listener.data.brokenLine = ev.line
          this.fire(ConditionalAccept, listener, ConditionalAccept.E.inspectIndication, ev, input)
        }
        if (input.inspectId && listener !== undefined) {
          const insp = this.inspections.create('inspection', this.inspectionKey(listener, input.inspectId), ev.line)
          insp.setState(Inspection.slot, Inspection.S[Inspection.def.initial])
          insp.data.listener = listener
          insp.data.wskPtr = input.inspectIdPtr
          insp.record(ev)
        }
        this.lend(input.localAddress, 'LiveInspectAddress', ev)
        this.lend(input.remoteAddress, 'LiveInspectAddress', ev)
        this.lend(input.inspectIdPtr, 'LiveInspectId', ev)
      }
      if (isOut) {
        this.returning(act, ev, input)
        const action = ev.action
        if (input.inspectId && listener !== undefined && action !== undefined) {
          const insp = this.inspections.get(this.inspectionKey(listener, input.inspectId))
          if (insp !== undefined) {
            if (action === WskInspectPend) insp.originLine = ev.line
            else insp.data.answeredSync = true
            this.fire(Inspection, insp, Inspection.E[action === WskInspectAccept ? 'answerAccept' : action === WskInspectReject ? 'answerReject' : action === WskInspectPend ? 'answerPend' : 'answerInvalid'], ev, input)
          }
        }
        this.expire(input.localAddress, ev)
        this.expire(input.remoteAddress, ev)
        this.expire(input.inspectIdPtr, ev)
      }
    } else if (name === 'WskAbortEvent') {
      if (isIn && isListener) {
        this.fire(ConditionalAccept, listener, ConditionalAccept.E.abortIndication, ev, input)
        const insp = input.inspectId ? this.inspections.get(this.inspectionKey(listener, input.inspectId)) : undefined
        if (insp !== undefined) {
          insp.data.abortPtr = input.inspectIdPtr
          this.fire(Inspection, insp, Inspection.E.abort, ev, input)
        }
      }
      if (isOut) this.returning(act, ev, input)
    } else if (isOut) this.returning(act, ev, input)
  }

  private returning(act: TrackedObject | undefined, ev: TraceEvent, input: TraceEvent): void {
    if (act === undefined) return
    this.fire(Activation, act, Activation.E.elapsed, ev, input)
    this.fire(Activation, act, Activation.E.return, ev, input)
  }

  private newActivation(enter: TraceEvent, frame: Frame | undefined): TrackedObject {
    let act = frame?.spareAct
    if (act !== undefined && frame!.spareActEvent === enter.event) act.restart(enter.line)
    else {
      act = new TrackedObject('activation', `${enter.event} on thread ${enter.tid}`, 1, enter.line)
      if (frame !== undefined) {
        frame.spareAct = act
        frame.spareActEvent = enter.event
      }
    }
    act.setState(Activation.slot, Activation.S.Running)
    // WSK_FLAG_AT_DISPATCH_LEVEL is WskAcceptEvent's flag (the same bit means other things elsewhere).
    act.data.atDispatch = enter.irql === DISPATCH_LEVEL || (enter.event === 'WskAcceptEvent' && enter.flags !== undefined && (enter.flags & WSK_FLAG_AT_DISPATCH_LEVEL) !== 0)
    act.record(enter)
    return act
  }

  private inspectionKey(listener: TrackedObject, inspectId: string): Id {
    return `${inspectId} on listening socket ${listener.id}${listener.generation > 1 ? `#${listener.generation}` : ''}`
  }

  private onInspectComplete(listener: TrackedObject, input: TraceEvent, ev: TraceEvent): void {
    if (input.inspectId) {
      const key = this.inspectionKey(listener, input.inspectId)
      let insp = this.inspections.get(key)
      if (insp === undefined) {
        insp = this.inspections.create('inspection', key, ev.line)
        insp.setState(Inspection.slot, Inspection.S.Unknown)
        insp.data.listener = listener
        this.inspections.retire(insp)
      }
      const action = input.action
      const on = action === WskInspectAccept ? 'completeAccept' : action === WskInspectReject || action === undefined ? 'completeReject' : 'completeInvalid'
      this.fire(Inspection, insp, Inspection.E[on], ev, input)
    }
    if (input.inspectIdPtr) this.useLent(input.inspectIdPtr, WskBuffer.E.passedAsInspectId, ev, input)
  }

  // ---- buffers and pool ---------------------------------------------------------------------

  private lend(address: Id | null | undefined, state: WskBufferState, ev: TraceEvent): void {
    if (address) this.lent.lend(address, WskBuffer.S[state], ev.line)
  }

  /** The callback that lent it returns: the buffer expires (its wsk-buffer machine moves on). */
  private expire(address: Id | null | undefined, ev: TraceEvent): void {
    if (!address) return
    const slot = this.lent.recent(address)
    if (slot >= 0) this.useLentSlot(slot, address, WskBuffer.E.callbackReturned, ev, ev)
  }

  /** A record uses a pointer WSK may have lent: run the use through the wsk-buffer machine. */
  private useLent(address: Id, e: number, ev: TraceEvent, input: TraceEvent): void {
    const slot = this.lent.find(address)
    if (slot >= 0) this.useLentSlot(slot, address, e, ev, input)
  }

  private useLentSlot(slot: number, address: Id, e: number, ev: TraceEvent, input: TraceEvent): void {
    const state = this.lent.stateOf(slot)
    if (LENT_QUIET[state * WskBuffer.nEvents + e] === true) {
      // No guard, no violation: the step only moves the state, and no object is needed to carry it.
      const t = step(WskBuffer as unknown as AnyMachine, state, e, this.ctx)
      if (t !== undefined && t.to >= 0) this.lent.setState(slot, t.to)
      return
    }
    // The buffer is not a registry object: a transient one carries its state through the table.
    const buf = new TrackedObject('memory', address, 1, this.lent.lineOf(slot))
    buf.setState(WskBuffer.slot, this.lent.stateOf(slot))
    buf.recordLine(this.lent.lineOf(slot))
    this.fire(WskBuffer, buf, e, ev, input)
    this.lent.setState(slot, buf.state(WskBuffer.slot))
  }

  private onPoolAllocate(input: TraceEvent, ev: TraceEvent): void {
    const address = ev.address ?? input.address
    if (!address) return
    const block = this.blocks.create('memory', address, ev.line)
    block.setState(PoolBlock.slot, PoolBlock.S.Allocated)
    block.data.pool = input.pool ?? ev.pool
    block.record(ev)
  }

  private onPoolFree(ev: TraceEvent): void {
    if (ev.address) this.fireIf(PoolBlock, this.blocks.live(ev.address), PoolBlock.E.free, ev, ev)
  }

  private block(address: Id, ev: TraceEvent): TrackedObject {
    let block = this.blocks.live(address)
    if (block === undefined) {
      block = this.blocks.create('memory', address, ev.line)
      block.setState(PoolBlock.slot, PoolBlock.S.Allocated)
    }
    return block
  }

  private bindContext(address: Id, sock: TrackedObject, ev: TraceEvent, on: 'bindContext' | 'bindAcceptEventContext'): void {
    const block = this.block(address, ev)
    block.data.socket = sock
    this.fire(PoolBlock, block, PoolBlock.E[on], ev, ev)
  }

  private pinAcceptAddresses(call: TraceEvent, ev: TraceEvent): void {
    const irp = call.irp ? this.irps.get(call.irp) : undefined
    this.pinAcceptAddress(call.localAddress, irp, call, ev)
    this.pinAcceptAddress(call.remoteAddress, irp, call, ev)
  }

  private pinAcceptAddress(a: Id | null | undefined, irp: TrackedObject | undefined, call: TraceEvent, ev: TraceEvent): void {
    if (!a) return
    const block = this.block(a, ev)
    block.data.irp = irp
    block.originLine = call.line
    this.fire(PoolBlock, block, PoolBlock.E.pinAcceptAddress, ev, call)
  }

  private unpinAcceptAddresses(call: TraceEvent, ev: TraceEvent): void {
    if (call.localAddress) this.fireIf(PoolBlock, this.blocks.live(call.localAddress), PoolBlock.E.unpin, ev, call)
    if (call.remoteAddress) this.fireIf(PoolBlock, this.blocks.live(call.remoteAddress), PoolBlock.E.unpin, ev, call)
  }

  // ---- IRPs ---------------------------------------------------------------------------------

  private irp(id: Id, ev: TraceEvent, state: IrpState): TrackedObject {
    let irp = this.irps.get(id)
    if (irp === undefined) {
      irp = this.irps.create('irp', id, ev.line)
      irp.setState(Irp.slot, Irp.S[state])
      irp.record(ev)
    }
    return irp
  }

  private onIoAllocateIrp(input: TraceEvent, ev: TraceEvent): void {
    const id = ev.irp ?? input.irp
    if (!id) return
    const irp = this.irps.create('irp', id, ev.line)
    irp.setState(Irp.slot, Irp.S.Allocated)
    irp.data.allocated = true
    irp.record(ev)
  }

  private onIoReuseIrp(ev: TraceEvent): void {
    if (!ev.irp) return
    const irp = this.irp(ev.irp, ev, 'Allocated')
    this.fire(Irp, irp, Irp.E.reuse, ev, ev)
    if (irp.state(Irp.slot) === Irp.S.Allocated) this.resetSubmission(irp)
  }

  private onIoSetCompletionRoutine(ev: TraceEvent): void {
    if (!ev.irp) return
    const irp = this.irp(ev.irp, ev, 'Allocated')
    this.fire(Irp, irp, Irp.E.setCompletion, ev, ev)
    if (irp.state(Irp.slot) === Irp.S.Armed) {
      irp.data.armed = true
      irp.data.completionContext = ev.context
    }
  }

  private onIoFreeIrp(ev: TraceEvent): void {
    if (!ev.irp) return
    const irp = this.irps.get(ev.irp)
    if (irp === undefined) return
    this.fire(Irp, irp, Irp.E.free, ev, ev)
    const s = irp.state(Irp.slot)
    if (s === Irp.S.Freed || s === Irp.S.FreedInCompletion) this.untie(irp)
  }

  private resetSubmission(irp: TrackedObject): void {
    irp.data.armed = false
    irp.data.call = undefined
    irp.data.socket = undefined
    irp.data.outcomeApplied = false
    irp.data.earlyOutcome = undefined
  }

  private submitIrp(input: TraceEvent, ev: TraceEvent, sock: TrackedObject | undefined): void {
    // An IRP first seen here was allocated before the capture (or the log is terse): adopt it as ready.
    const irp = this.irp(input.irp!, ev, 'Allocated')
    this.fire(Irp, irp, Irp.E.submit, ev, input)
    const state = irp.state(Irp.slot)
    if (state !== Irp.S.Submitted && state !== Irp.S.InCompletion && state !== Irp.S.Completed) return
    // A reused copy, not the record: an in-flight IRP would otherwise keep a whole event alive
    // until its completion, and the GC would promote one per WSK call.
    const call = (irp.data.callRecord ??= newTraceEvent(0))
    copyEvent(input, call)
    irp.data.call = call
    irp.data.socket = sock
    const early = irp.data.earlyOutcome
    if (early !== undefined && early.status !== undefined) {
      irp.data.earlyOutcome = undefined
      irp.data.outcomeApplied = true
      this.applyOutcome(input, early, early.status, early.information)
    }
  }

  private onIoCompletion(input: TraceEvent, ev: TraceEvent, isIn: boolean, isOut: boolean, frame: Frame | undefined): void {
    if (!input.irp) return
    let irp = frame?.irp
    if (isIn) {
      irp = this.irp(input.irp, ev, 'Adopted')
      if (frame !== undefined) frame.irp = irp
      this.fire(Irp, irp, Irp.E.completionEnter, ev, input)
      const call = irp.data.call
      if (call !== undefined) {
        if (!irp.data.outcomeApplied && ev.status !== undefined) {
          irp.data.outcomeApplied = true
          this.applyOutcome(call, ev, ev.status, ev.information)
        } else if (call.event === 'WskAccept') this.unpinAcceptAddresses(call, ev)
      } else {
        // Kept past this record: a copy (the reader reuses its event object).
        const early = (irp.data.earlyOutcome ??= newTraceEvent(0))
        copyEvent(ev, early)
      }
    }
    if (isOut) {
      irp ??= this.irps.get(input.irp)
      if (irp !== undefined) this.fire(Irp, irp, Irp.E.completionExit, ev, input)
      // Nothing of the activation machine concerns an IoCompletion's return; its object exists only if a wait made it.
      if (frame?.act !== undefined) this.returning(frame.act, ev, input)
    }
  }

  // ---- waits --------------------------------------------------------------------------------

  private tie(object: Id, irp: TrackedObject): void {
    if (this.waitTies.get(object) === irp) return
    this.waitTies.set(object, irp)
    const ties = (irp.data.ties ??= [])
    if (!ties.includes(object)) ties.push(object)
  }

  /**
   * The WSK request a dispatcher object is tied to: an IRP that went to a WSK call with this object
   * as its completion context, or whose IoCompletion signalled it. Looked up only for a wait inside
   * a callback or completion routine (rare: it is the bug), so completion contexts are not indexed
   * on every IoSetCompletionRoutine.
   */
  private tiedIrp(object: Id): TrackedObject | undefined {
    for (const irp of this.irps.alive()) if (irp.data.call !== undefined && irp.data.completionContext === object) return irp
    return this.waitTies.get(object)
  }

  private untie(irp: TrackedObject): void {
    for (const o of irp.data.ties ?? []) if (this.waitTies.get(o) === irp) this.waitTies.delete(o)
    irp.data.ties = undefined
  }

  private onKeSetEvent(ev: TraceEvent): void {
    if (!ev.object) return
    const frames = this.stackOf(ev.tid)?.frames
    if (frames === undefined) return
    for (let i = frames.length - 1; i >= 0; i--) {
      const irp = frames[i]!.irp
      if (irp !== undefined && irp.data.call !== undefined) {
        this.tie(ev.object, irp)
        return
      }
    }
  }

  /** A wait that returned (point record or exit): judged with its enter's inputs. */
  private onWait(input: TraceEvent, ev: TraceEvent): void {
    if (input.timeout === 0) return
    const frames = this.stackOf(ev.tid)?.frames
    const act = frames !== undefined ? this.innermostActivation(frames, true) : undefined
    if (act === undefined) return
    const tie = input.object !== undefined && input.object !== null ? this.tiedIrp(input.object) : undefined
    this.ctx.waitTied = tie !== undefined
    const extra: Record<string, string> = {object: String(input.object ?? 'no object (a delay)')}
    if (tie !== undefined) {
      extra.irp = tie.id
      extra.call = tie.data.call?.event ?? 'a WSK call'
      extra.line = String(tie.data.call?.line ?? tie.originLine)
    }
    this.fire(Activation, act, Activation.E.wait, input, input, extra)
    this.ctx.waitTied = undefined
  }

  /** A PASSIVE_LEVEL-only action inside WskAcceptEvent (R66). */
  private passiveOnly(ev: TraceEvent): void {
    const frames = this.stackOf(ev.tid)?.frames
    if (frames === undefined) return
    for (let i = frames.length - 1; i >= 0; i--) {
      const act = frames[i]!.act
      if (act !== undefined && frames[i]!.enter.event === 'WskAcceptEvent') {
        this.fire(Activation, act, Activation.E.passiveOnly, ev, ev)
        return
      }
    }
  }

  // ---- activation stacks --------------------------------------------------------------------

  private stackOf(tid: number | string): ThreadStack | undefined {
    if (typeof tid === 'number' && tid >= 0 && tid < SMALL_TIDS && (tid | 0) === tid) return tid < this.smallThreads.length ? this.smallThreads[tid] : undefined
    return this.threads.get(tid)
  }

  private newStack(tid: number | string): ThreadStack {
    const stack: ThreadStack = {frames: [], spare: []}
    this.threads.set(tid, stack)
    if (typeof tid === 'number' && tid >= 0 && tid < SMALL_TIDS && (tid | 0) === tid) {
      const small = this.smallThreads
      while (small.length <= tid) small.push(undefined)
      small[tid] = stack
    }
    return stack
  }

  /** Pops the frame an exit closes; frames above it never returned and are reported (and pooled again). */
  private pop(stack: ThreadStack, ev: TraceEvent): Frame | undefined {
    const frames = stack.frames
    for (let i = frames.length - 1; i >= 0; i--) {
      if (frames[i]!.enter.event !== ev.event) continue
      for (let j = frames.length - 1; j > i; j--) {
        const lost = frames[j]!
        this.findings.direct('unbalanced-activation', lost.enter.line, `${lost.enter.event} enter on thread ${lost.enter.tid} has no exit before ${ev.event} exit at line ${ev.line}`, 'neverReturned', lost.enter)
        stack.spare.push(lost)
      }
      const frame = frames[i]!
      // Nearly always the top frame: pop() is much cheaper than setting the length.
      if (i === frames.length - 1) frames.pop()
      else frames.length = i
      return frame
    }
    return undefined
  }

  /**
   * The innermost callback or IoCompletion activation on a thread. An IoCompletion routine gets
   * its activation object only when something inside it needs one (`create`): most never do.
   */
  private innermostActivation(frames: Frame[], create: boolean): TrackedObject | undefined {
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i]!
      if (f.act !== undefined) return f.act
      if (f.irp !== undefined) {
        if (!create) return undefined
        f.act = this.newActivation(f.enter, f)
        f.act.data.irp = f.irp
        return f.act
      }
    }
    return undefined
  }

  // ---- the engine ---------------------------------------------------------------------------

  /** Fires `e` if there is an object and `e` is an event of the machine (not -1). */
  private fireIf<S extends string, E extends string>(m: Machine<S, E, StepContext>, obj: TrackedObject | undefined, e: number, ev: TraceEvent, input: TraceEvent): void {
    if (obj !== undefined && e >= 0) this.fire(m, obj, e, ev, input)
  }

  /** Fires on a socket the event its kind's primary machine gives it (end of trace, detach). */
  private firePrimary(obj: TrackedObject, e: (p: Primary) => number, ev: TraceEvent, input: TraceEvent): void {
    const p = primaryOf(obj.kind)
    if (p !== undefined) this.fireIf(p.m, obj, e(p), ev, input)
  }

  /** The engine's one entry point: runs event `e` through machine `m` for `obj`, reports, moves, retires. */
  private fire<S extends string, E extends string>(
    machine: Machine<S, E, StepContext>,
    obj: TrackedObject,
    e: number,
    ev: TraceEvent,
    input: TraceEvent,
    extra?: Record<string, string>,
  ): void {
    const m = machine as unknown as AnyMachine
    const state = obj.state(m.slot)
    if (state < 0) return
    const ctx = this.ctx
    ctx.obj = obj
    ctx.ev = ev
    ctx.input = input
    const t = step(m, state, e, ctx)
    if (t === undefined) return
    const moves = t.to >= 0 && t.to !== state
    // Witnesses keep the events that moved the object (or broke a rule), not every use of it.
    if ((moves || t.violates !== undefined) && ev.event !== END_OF_TRACE) obj.record(ev)
    if (t.violates !== undefined) this.report(m, obj, state, e, ev, input, t.violates, extra)
    if (moves) {
      obj.setState(m.slot, t.to)
      if (m.retiring[t.to] === true && obj.registry !== undefined) obj.registry.retire(obj)
    }
  }

  private report(m: AnyMachine, obj: TrackedObject, state: number, e: number, ev: TraceEvent, input: TraceEvent, v: Violation, extra?: Record<string, string>): void {
    this.findings.fromMachine({
      machine: m.def.name, obj, state: m.stateNames[state]!, event: m.eventNames[e]!, ev, input, violation: v, expected: m.expected[state] ?? [],
      endProven: this.endProven, eventsLost: this.header.eventsLost, usPerUnit: this.ctx.usPerUnit, extra,
    })
  }
}
