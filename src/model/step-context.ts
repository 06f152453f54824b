import type {TraceEvent} from '../trace/event.js'
import type {TrackedObject} from './tracked-object.js'
import type {LintOptions} from '../lint/lint-options.js'

/** What a guard may look at: the object, the record, its enter record, and run-wide facts. */
export interface StepContext {
  obj: TrackedObject
  /** The record being replayed (for an `exit`, the exit). */
  ev: TraceEvent
  /** The activation's inputs: its `enter` record, or the point record itself. */
  input: TraceEvent
  options: LintOptions
  /** Microseconds per unit of the trace's timestamps. */
  usPerUnit: number
  /** True when the waited object is tied to a WSK request (set by the replay for `wait` events). */
  waitTied?: boolean
}
