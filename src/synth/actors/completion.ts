/** IRP completions as WSK runs them: an IoCompletion activation on a callback thread at DISPATCH_LEVEL. */
import type {Id, TraceEvent} from '../../trace/event.js'
import {STATUS_MORE_PROCESSING_REQUIRED} from '../../trace/ntstatus.js'
import {ioCompletionEnter, ioCompletionExit, ioFreeIrp} from '../emit/irp.js'
import {keSetEvent, keWaitEnter, keWaitExit} from '../emit/wait.js'
import type {Session} from '../session.js'
import type {SynthObject, Thread} from '../walker.js'

export interface CompletionOptions {
  /** The routine frees the IRP (the documented pattern for IRPs it owns). */
  free?: boolean
  /** The routine signals this KEVENT (a thread waits for the call). */
  kevent?: Id
  /** What the routine returns (STATUS_MORE_PROCESSING_REQUIRED unless a fault says otherwise). */
  returns?: number
  /** Runs after the enter record (the routine's body). */
  body?: (th: Thread, enter: TraceEvent) => void
}

/** Completes `irp` with IoStatus (`status`, `information`); yields while it runs. */
export function* complete(s: Session, irp: SynthObject, status: number, information: Id | null, o: CompletionOptions = {}): Generator<number, void, undefined> {
  const w = s.w
  const th = yield* s.callbackThread()
  const enter = ioCompletionEnter(w, th, irp, status, information)
  o.body?.(th, enter)
  if (o.kevent !== undefined) keSetEvent(w, th, o.kevent)
  if (o.free === true) ioFreeIrp(w, th, irp)
  yield s.prng.int(1, 3)
  ioCompletionExit(w, th, irp, enter, o.returns ?? STATUS_MORE_PROCESSING_REQUIRED)
  s.release(th)
}

/** A worker blocks on the KEVENT of a call until its IRP completes (outside any callback: allowed). */
export function* waitForCompletion(
  s: Session, th: Thread, irp: SynthObject, kevent: Id, status: number, information: Id | null, o: CompletionOptions = {},
): Generator<number, void, undefined> {
  const w = s.w
  th.busy = true
  keWaitEnter(w, th, kevent)
  yield s.prng.int(15, 60)
  yield* complete(s, irp, status, information, {...o, kevent})
  yield s.prng.int(1, 3)
  keWaitExit(w, th)
  th.busy = false
}
