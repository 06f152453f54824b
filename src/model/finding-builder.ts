/**
 * Turns a machine verdict into a finding a driver developer can act on: the rule, the object and
 * its state, the event and what was expected there, and a short witness — the few events of the
 * object (and of the objects tied to it) that led there.
 */
import type {Finding, WitnessStep} from '../findings/finding.js'
import type {TraceEvent} from '../trace/event.js'
import type {LintOptions} from '../lint/lint-options.js'
import type {Severity} from '../rules/rule-meta.js'
import {getRule} from '../rules/index.js'
import type {Violation} from './machine.js'
import type {TrackedObject} from './tracked-object.js'
import {describeEvent, eventLabel} from './event-description.js'
import {ntStatusName} from '../trace/ntstatus.js'
import {inspectActionName} from '../trace/inspect-action.js'

/** How many witness steps a finding carries at most: the object's first events and its latest. */
const WITNESS_HEAD = 3
const WITNESS_MAX = 12

const SEVERITY_RANK: Record<Severity, number> = {info: 0, warning: 1, error: 2}

export interface MachineVerdict {
  machine: string
  obj: TrackedObject
  state: string
  event: string
  ev: TraceEvent
  input: TraceEvent
  violation: Violation
  expected: string[]
  endProven: boolean
  eventsLost: number
  usPerUnit: number
  /** Values for placeholders only the replay knows (the waited object, the IRP that ties it). */
  extra?: Record<string, string>
}

export class FindingBuilder {
  private readonly findings: Finding[] = []

  constructor(
    private readonly file: string,
    private readonly options: LintOptions,
  ) {}

  /** A finding about the trace itself (a bad line, an unbalanced activation): no object, no machine. */
  direct(ruleId: string, line: number, message: string, _messageId?: string, ev?: TraceEvent): void {
    const rule = getRule(ruleId)
    this.findings.push({
      ruleId,
      severity: rule?.severity ?? 'error',
      kind: rule?.kind ?? 'model',
      message,
      event: ev !== undefined ? eventLabel(ev) : 'record',
      file: this.file,
      line,
      ...(ev !== undefined ? {ts: ev.ts, tid: ev.tid} : {}),
      witness: ev !== undefined ? [step(ev, 'thread ' + String(ev.tid))] : [],
    })
  }

  fromMachine(v: MachineVerdict): void {
    const rule = getRule(v.violation.rule)
    let severity: Severity = v.violation.severity ?? rule?.severity ?? 'error'
    const kind = v.violation.kind ?? rule?.kind ?? 'app'
    const template = rule?.messages[v.violation.message ?? 'default'] ?? rule?.messages['default'] ?? rule?.title ?? v.violation.rule
    const isEnd = v.event === 'end'
    let message = `${isEnd ? 'end of trace' : eventLabel(v.ev)} on ${v.obj.label()} in state ${v.state}: ${fill(template, this.data(v))}`
    let inconclusive: string | undefined
    if (v.violation.missing) {
      if (!v.endProven) {
        severity = milder(severity, 'warning')
        message += ' (still open when the capture stopped: the trace does not prove the session ended)'
      } else if (this.options.endOfTrace === 'never') {
        severity = milder(severity, 'warning')
        message += ' (end-of-trace policy "never": an object left open is a warning)'
      }
      if (v.eventsLost > 0) {
        severity = milder(severity, 'warning')
        inconclusive = `the recorder lost ${v.eventsLost} event(s): the event that would discharge this obligation may be among them`
      }
    }
    const line = v.violation.at === 'origin' ? v.obj.originLine : v.violation.at === 'broken' ? (v.obj.data.brokenLine ?? v.obj.originLine) : v.ev.line
    const finding: Finding = {
      ruleId: v.violation.rule,
      severity,
      kind,
      message,
      object: {kind: v.obj.kind, id: v.obj.id, generation: v.obj.generation, state: v.state},
      event: isEnd ? 'end of trace' : eventLabel(v.ev),
      expected: v.expected,
      file: this.file,
      line,
      witness: this.witness(v),
    }
    if (!isEnd) {
      finding.ts = v.ev.ts
      finding.tid = v.ev.tid
    }
    if (inconclusive !== undefined) finding.inconclusive = inconclusive
    this.findings.push(finding)
  }

  sorted(): Finding[] {
    return this.findings.sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId))
  }

  /** Values for the `{placeholders}` of rule messages. */
  private data(v: MachineVerdict): Record<string, string> {
    const {obj, ev, input} = v
    const d = obj.data
    const status = ev.status ?? input.status
    const action = ev.action ?? input.action
    const isEnd = v.event === 'end'
    const out: Record<string, string> = {
      object: obj.label(),
      socket: String(input.socket ?? input.acceptSocket ?? (obj.kind.endsWith('socket') ? obj.id : '?')),
      listener: String(d.listener?.id ?? input.socket ?? '?'),
      irp: String(input.irp ?? d.irp?.id ?? (obj.kind === 'irp' ? obj.id : '?')),
      status: status !== undefined ? ntStatusName(status) : '?',
      rv: status !== undefined ? ntStatusName(status) : action !== undefined ? inspectActionName(action) : '?',
      action: action !== undefined ? inspectActionName(action) : '?',
      inspectId: String(input.inspectId ?? obj.id),
      irql: String(input.irql ?? ev.irql ?? '?'),
      flags: input.flags !== undefined ? `0x${input.flags.toString(16)}` : '?',
      line: String(d.closeLine ?? d.brokenLine ?? d.socket?.data.closeLine ?? obj.originLine),
      where: isEnd ? 'by the end of the trace' : v.event === 'detach' ? `when ${ev.event} returned (line ${ev.line})` : `at line ${ev.line}`,
      duration: `${Math.round((ev.ts - input.ts) * v.usPerUnit * 10) / 10} µs`,
      budget: `${this.options.dispatchBudgetUs} µs`,
      address: String(input.address ?? ev.address ?? obj.id),
      call: input.event,
      context: String(d.context ?? input.context ?? ev.context ?? (obj.kind === 'memory' ? obj.id : '?')),
      reason: '',
    }
    if (v.extra !== undefined) Object.assign(out, v.extra)
    return out
  }

  /**
   * The lines of the object's history and of the objects tied to it, with their roles. Steps of
   * records at hand (the current one) are described now; the others are resolved after the replay
   * by re-reading their lines (see witness-resolver.ts).
   */
  private witness(v: MachineVerdict): WitnessStep[] {
    const roles = new Map<number, string>()
    const add = (lines: number[], role: string) => {
      for (const l of lines) if (!roles.has(l)) roles.set(l, role)
    }
    const {obj} = v
    add(obj.history(), obj.label())
    const listener = obj.data.listener
    if (listener !== undefined) add(listener.history(true), listener.label())
    const irp = obj.data.irp
    if (irp !== undefined) add(irp.history(), irp.label())
    const sock = obj.data.socket
    if (sock !== undefined) add(sock.history(true), sock.label())
    const atHand = new Map<number, TraceEvent>()
    if (v.event !== 'end') {
      for (const e of [v.input, v.ev]) {
        atHand.set(e.line, e)
        if (!roles.has(e.line)) roles.set(e.line, obj.label())
      }
    }
    let lines = [...roles.keys()].sort((a, b) => a - b)
    if (lines.length > WITNESS_MAX) lines = [...lines.slice(0, WITNESS_HEAD), ...lines.slice(lines.length - (WITNESS_MAX - WITNESS_HEAD))]
    return lines.map((l) => {
      const e = atHand.get(l)
      return e !== undefined ? step(e, roles.get(l)!) : {line: l, ts: 0, tid: '', event: '', detail: '', role: roles.get(l)!}
    })
  }
}

export function step(e: TraceEvent, role: string): WitnessStep {
  return {line: e.line, ts: e.ts, tid: e.tid, event: eventLabel(e), detail: describeEvent(e), role}
}

function milder(a: Severity, cap: Severity): Severity {
  return SEVERITY_RANK[a] > SEVERITY_RANK[cap] ? cap : a
}

function fill(template: string, data: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => data[k] ?? m)
}
