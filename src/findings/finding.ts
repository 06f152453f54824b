import type {RuleKind, Severity} from '../rules/rule-meta.js'
import type {SourceSummary} from '../etw/read-etw.js'

/** One step of a witness: an event of the object (or of an object tied to it) that led to the finding. */
export interface WitnessStep {
  line: number
  ts: number
  tid: number | string
  /** e.g. `WskAcceptEvent exit` */
  event: string
  /** Short human description, e.g. `socket=0xffffa001 status=STATUS_SUCCESS`. */
  detail: string
  /** Which object it belongs to, e.g. `listening socket 0xffff...#1`. */
  role: string
}

export type ObjectKind = 'listening-socket' | 'accepted-socket' | 'socket' | 'irp' | 'inspection' | 'activation' | 'session' | 'memory'

export interface FindingObject {
  kind: ObjectKind
  id: string
  /** Life number of this pointer value: Windows reuses freed pointers. */
  generation: number
  state: string
}

export interface Finding {
  ruleId: string
  severity: Severity
  kind: RuleKind
  message: string
  /** The object the verdict is about, with its state when the event arrived. */
  object?: FindingObject
  /** The event that was not allowed, e.g. `WskCloseSocket` or `end of trace`. */
  event: string
  /** Events the machine would have accepted in that state. */
  expected?: string[]
  file: string
  line: number
  ts?: number
  tid?: number | string
  witness: WitnessStep[]
  /** Set when the verdict depends on events the recorder may have lost. */
  inconclusive?: string
}

/** A file that could not be read at all (missing, unreadable, binary): exit 2, other files go on. */
export interface FatalFileError {
  file: string
  line?: number
  message: string
}

export interface FileResult {
  file: string
  findings: Finding[]
  fatal?: FatalFileError
  /** For an ETW export: its format, what nothing mapped, lost events (absent for canonical JSONL). */
  source?: SourceSummary
  /** Events replayed. */
  events: number
  errorCount: number
  warningCount: number
  infoCount: number
}
