/** IRPs the application allocates and passes to WSK: the `irp` machine (R40–R47) and the records that drive it. */
import {Irp} from '../../model/machines/irp.js'
import {STATUS_PENDING} from '../../trace/ntstatus.js'
import type {Id, TraceEvent} from '../../trace/event.js'
import type {AnyMachine, IrpOutcome, SynthObject, Thread, Walker} from '../walker.js'
import {unpinAcceptAddresses} from './pool-block.js'

export const IRP = Irp as unknown as AnyMachine

export function ioAllocateIrp(w: Walker, th: Thread, id: Id): SynthObject {
  const ev = w.record(th, 'IoAllocateIrp')
  ev.irp = id
  const irp = w.create('irp', id, ev.line)
  irp.setState(Irp.slot, Irp.S.Allocated)
  irp.data.allocated = true
  return w.track(irp, IRP)
}

export function ioReuseIrp(w: Walker, th: Thread, irp: SynthObject): void {
  const ev = w.record(th, 'IoReuseIrp')
  ev.irp = irp.id
  w.fire(IRP, irp, 'reuse', ev, ev)
  if (!w.dry && irp.state(Irp.slot) === Irp.S.Allocated) {
    const d = irp.data
    d.armed = false
    d.call = undefined
    d.socket = undefined
    d.outcomeApplied = false
    irp.outcome = undefined
    irp.pinned = undefined
  }
}

export function ioSetCompletionRoutine(w: Walker, th: Thread, irp: SynthObject, context: Id | null): void {
  const ev = w.record(th, 'IoSetCompletionRoutine')
  ev.irp = irp.id
  ev.context = context
  w.fire(IRP, irp, 'setCompletion', ev, ev)
  if (!w.dry && irp.state(Irp.slot) === Irp.S.Armed) {
    irp.data.armed = true
    irp.data.completionContext = context
  }
}

export function ioFreeIrp(w: Walker, th: Thread, irp: SynthObject, irql?: number): void {
  const ev = w.record(th, 'IoFreeIrp', 'point', irql)
  ev.irp = irp.id
  w.fire(IRP, irp, 'free', ev, ev)
}

/** The IRP goes with a WSK call (its enter or point record); `outcome` is what the call means once it completes. */
export function submitIrp(w: Walker, irp: SynthObject, call: TraceEvent, sock: SynthObject | undefined, outcome: IrpOutcome): void {
  w.fire(IRP, irp, 'submit', call, call)
  const s = irp.state(Irp.slot)
  if (!w.dry && (s === Irp.S.Submitted || s === Irp.S.InCompletion || s === Irp.S.Completed)) {
    irp.data.call = call
    irp.data.socket = sock
    irp.outcome = outcome
  }
}

/**
 * The call returned (`ev`: its point record or exit). Returns true when the IRP carries the
 * outcome (pending, or already applied at a nested completion); false when the caller applies it.
 */
export function callReturned(w: Walker, irp: SynthObject | undefined, call: TraceEvent, ev: TraceEvent, status: number): boolean {
  if (irp === undefined || irp.data.call !== call) return status === STATUS_PENDING
  if (status === STATUS_PENDING) {
    w.fire(IRP, irp, 'returnedPending', ev, call)
    return true
  }
  w.fire(IRP, irp, 'returnedSync', ev, call)
  if (irp.data.outcomeApplied) return true
  if (!w.dry) irp.data.outcomeApplied = true
  return false
}

/** IoCompletion enter: IoStatus.Status and .Information; the call's outcome applies here. */
export function ioCompletionEnter(w: Walker, th: Thread, irp: SynthObject, status: number, information: Id | null, irql?: number): TraceEvent {
  const ev = w.record(th, 'IoCompletion', 'enter', irql)
  ev.irp = irp.id
  ev.status = status
  ev.information = information
  w.fire(IRP, irp, 'completionEnter', ev, ev)
  const call = irp.data.call
  if (call !== undefined) {
    if (!irp.data.outcomeApplied) {
      if (!w.dry) irp.data.outcomeApplied = true
      irp.outcome?.(ev, status, information)
    } else if (call.event === 'WskAccept') unpinAcceptAddresses(w, irp, ev)
  }
  return ev
}

export function ioCompletionExit(w: Walker, th: Thread, irp: SynthObject, enter: TraceEvent, status: number, irql?: number): TraceEvent {
  const ev = w.record(th, 'IoCompletion', 'exit', irql)
  ev.irp = irp.id
  ev.status = status
  w.fire(IRP, irp, 'completionExit', ev, enter)
  return ev
}
