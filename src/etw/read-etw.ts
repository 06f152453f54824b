/**
 * One ETW export → canonical events, in one streaming pass: the format's reader emits raw events,
 * the mapper turns each event of a mapped kind into a canonical record, normalizeEvent (the same
 * normaliser as the JSON Lines path) makes the TraceEvent, and the TraceSink gets it — the same
 * sink lint's replay and `convert` use for JSON Lines.
 *
 * What does not become an event is accounted for: kinds nothing maps are counted per kind (the
 * `--unmapped` histogram), noise lines are counted, and only what was meant to be a WSK record
 * (a mapped kind that fails to split or normalise) or damage to the file itself reaches
 * `sink.invalid`, to be reported with its line.
 */
import {newTraceEvent, type TraceEvent, type TraceHeader} from '../trace/event.js'
import type {TraceSink} from '../trace/jsonl-reader.js'
import {isNormalizeError, normalizeEvent} from '../trace/normalize.js'
import type {EventMapper} from './mapping/map-event.js'
import {FORMAT_TITLES, type CellRead, type EtwFormat, type RawEvent, type RawLayout, type RawSink, type SourceMeta} from './raw-event.js'
import type {ByteSource, ReadOptions} from './readers/byte-source.js'
import {read as readDumper} from './readers/dumper.js'
import {read as readTracerptCsv} from './readers/tracerpt-csv.js'
import {read as readTracerptXml} from './readers/tracerpt-xml.js'
import {read as readWpaCsv} from './readers/wpa-csv.js'
import type {EncodingChoice} from './text-input.js'
import type {InputFormat} from './detect-format.js'

/** What reading one file gave, besides its events: `--unmapped` and `convert` print it. */
export interface SourceSummary {
  format: InputFormat
  /** Canonical records made from an ETW export (valid ones); not counted for JSON Lines. */
  events?: number
  /** Events of kinds nothing maps (other providers, other event names). */
  ignored: number
  /** Lines that are no event (xperf error lines, undecodable events …). */
  skipped: number
  /** Kinds nothing maps, most frequent first: what to put in a mapping. */
  unmapped: Array<{key: string; count: number}>
  eventsLost: number
  buffersLost: number
  notes: string[]
}

export interface EtwReadOptions {
  mapper: EventMapper
  encoding?: EncodingChoice
  /** Hand every event to the sink in one reused TraceEvent (for sinks that keep no reference, like lint's replay). */
  reuseEvents?: boolean
  /** How the dumper reader cuts rows in bytes (ReadOptions.rowScanner; tests compare both). */
  rowScanner?: ReadOptions['rowScanner']
}

const READERS: Record<EtwFormat, (source: ByteSource, sink: RawSink, options: ReadOptions) => Promise<void>> = {
  dumper: readDumper,
  'tracerpt-xml': readTracerptXml,
  'tracerpt-csv': readTracerptCsv,
  'wpa-csv': readWpaCsv,
}

export async function readEtwTrace(source: ByteSource, format: EtwFormat, sink: TraceSink, options: EtwReadOptions): Promise<SourceSummary> {
  const pipe = new EtwPipeline(format, sink, options)
  await READERS[format](source, pipe, {encoding: options.encoding, rowScanner: options.rowScanner})
  return pipe.summary()
}

class EtwPipeline implements RawSink {
  /** Rows still in bytes are welcome: the mapper fills most of them without making their texts. */
  readonly acceptsRows = true
  private readonly mapper: EventMapper
  private readonly scratch: TraceEvent | undefined
  private readonly unmappedKinds: RawLayout[] = []
  private meta: SourceMeta | undefined
  private events = 0
  private ignored = 0
  private skippedLines = 0

  constructor(
    private readonly format: EtwFormat,
    private readonly sink: TraceSink,
    options: EtwReadOptions,
  ) {
    this.mapper = options.mapper
    this.scratch = options.reuseEvents === true ? newTraceEvent(0) : undefined
  }

  cellsRead(layout: RawLayout): ReadonlyArray<CellRead> | undefined {
    const plan = this.mapper.plan(layout)
    return plan === undefined ? [] : this.mapper.cellsRead(plan)
  }

  header(meta: SourceMeta): void {
    this.meta = meta
    const h: TraceHeader = {
      format: 'wsk-trace',
      version: 1,
      timeUnit: meta.timeUnit,
      // A lost buffer lost at least one event: either makes "missing event" verdicts inconclusive.
      eventsLost: meta.eventsLost + meta.buffersLost,
      complete: false,
      source: FORMAT_TITLES[this.format],
    }
    this.sink.header(h, 0)
  }

  event(raw: RawEvent): void {
    const layout = raw.layout
    const plan = this.mapper.plan(layout)
    if (plan === undefined) {
      this.ignored++
      if (layout.count === 1) this.unmappedKinds.push(layout)
      return
    }
    const filled = this.mapper.fill(raw, plan, this.scratch) // rows still in bytes only
    if (filled !== undefined) {
      this.events++
      this.sink.event(filled)
      return
    }
    raw.row?.complete(raw) // the record path, which words what fill would not take
    const e = normalizeEvent(this.mapper.record(raw, plan), raw.line, this.scratch)
    if (isNormalizeError(e)) {
      this.sink.invalid(raw.line, `${layout.key}: ${e.error}`)
      return
    }
    this.events++
    this.sink.event(e)
  }

  skipped(line: number, reason: string, layout?: RawLayout): void {
    if (layout !== undefined && this.mapper.plan(layout) !== undefined) {
      this.sink.invalid(line, reason)
      return
    }
    this.skippedLines++
  }

  invalid(line: number, reason: string): void {
    this.sink.invalid(line, reason)
  }

  summary(): SourceSummary {
    const meta = this.meta
    return {
      format: this.format,
      events: this.events,
      ignored: this.ignored,
      skipped: this.skippedLines,
      unmapped: this.unmappedKinds.map((l) => ({key: l.key, count: l.count})).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)),
      eventsLost: meta?.eventsLost ?? 0,
      buffersLost: meta?.buffersLost ?? 0,
      notes: meta?.notes ?? [],
    }
  }
}
