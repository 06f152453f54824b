/** Shared by the ETW tests: fixture paths, reading a file into arrays, running the CLI. */
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import type {TraceEvent, TraceHeader} from '../../src/trace/event.js'
import {readTraceSource, type SourceSummary, type TraceSourceOptions} from '../../src/lint/trace-source.js'
import type {RawEvent, RawSink} from '../../src/etw/raw-event.js'

export const ROOT = join(import.meta.dirname, '..', '..')
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'etw')
export const fixture = (...parts: string[]): string => join(FIXTURES, ...parts)
export const TEMPLATE = join(ROOT, 'docs', 'mapping-tracerpt-csv-template.json')
export const EXAMPLE = join(ROOT, 'docs', 'mapping-example.json')

export interface Read {
  header: TraceHeader
  events: TraceEvent[]
  invalid: Array<[number, string]>
  summary: SourceSummary
}

/** Reads any supported file through the same path lint uses. */
export async function readAll(file: string, options: TraceSourceOptions = {}): Promise<Read> {
  let header: TraceHeader | undefined
  const events: TraceEvent[] = []
  const invalid: Array<[number, string]> = []
  const summary = await readTraceSource(file, {header: (h) => (header = h), event: (e) => events.push(e), invalid: (l, m) => invalid.push([l, m])}, options)
  return {header: header!, events, invalid, summary}
}

/** The canonical content of events: every field but the line, times in µs after the first event. */
export function canonical(read: Pick<Read, 'header' | 'events'>): Array<Record<string, unknown>> {
  const per = {us: 1, ns: 0.001, ms: 1000, s: 1e6, filetime: 0.1}[read.header.timeUnit]
  const t0 = read.events[0]?.ts ?? 0
  return read.events.map((e) => {
    const {line: _line, ts, ...rest} = e
    return {...rest, ts: Math.round((ts - t0) * per * 1000) / 1000}
  })
}

export function run(args: string[], input = ''): {status: number | null; stdout: string; stderr: string} {
  const env: NodeJS.ProcessEnv = {...process.env}
  delete env.FORCE_COLOR
  env.NO_COLOR = '1'
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'run.js'), ...args], {cwd: ROOT, input, encoding: 'utf8', env, maxBuffer: 64 << 20})
  return {status: r.status, stdout: r.stdout, stderr: r.stderr}
}

export function expectNoStack(text: string): boolean {
  return !/^\s+at /m.test(text)
}

/**
 * A reader's sink that writes down everything it is given, for comparing two reading paths: raw
 * events with their texts (a row still in bytes is completed first, and counted in `asBytes`),
 * skipped and invalid lines. `acceptsRows`: whether the reader may hand it rows in bytes.
 */
export function rawRecorder(acceptsRows: boolean): {sink: RawSink; rows: unknown[]; asBytes: () => number} {
  const rows: unknown[] = []
  let asBytes = 0
  const sink: RawSink = {
    acceptsRows,
    header() {},
    event(raw: RawEvent) {
      if (raw.row !== undefined) {
        asBytes++
        raw.row.complete(raw)
      }
      const l = raw.layout
      rows.push({
        key: l.key, name: l.providerName, guid: l.providerGuid, id: l.eventId, v: l.version, op: l.opcode, opName: l.opcodeName, task: l.task, count: l.count,
        line: raw.line, time: raw.time, ts: raw.ts, pid: raw.pid, tid: raw.tid, cpu: raw.cpu, process: raw.process, activityId: raw.activityId,
        values: raw.values.slice(), offset: raw.valueOffset, valueCount: raw.valueCount,
      })
    },
    skipped(line: number, reason: string) {
      rows.push({skipped: line, reason})
    },
    invalid(line: number, reason: string) {
      rows.push({invalid: line, reason})
    },
  }
  return {sink, rows, asBytes: () => asBytes}
}
