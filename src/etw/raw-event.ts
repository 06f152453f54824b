/**
 * What every ETW export reader emits: events as the export shows them, before any WSK meaning is
 * given to them (that is the mapping's job, src/etw/mapping/).
 *
 * An event's identity (provider, event name, task, opcode, event id, version) and its payload
 * field names are the same for every event of one kind, so they live in a shared {@link RawLayout}
 * the reader interns (one per dumper header line, per tracerpt CSV event id, per XML event kind …).
 * Per event only the line, the header values (time, thread, cpu …) and the payload texts vary.
 * This keeps per-event work to a few stores, and lets the mapping decide once per layout.
 */
import type {TimeUnit} from '../trace/event.js'

/** The ETW export formats wsktrace reads (canonical JSON Lines is `jsonl`, read by src/trace). */
export type EtwFormat = 'dumper' | 'tracerpt-xml' | 'tracerpt-csv' | 'wpa-csv'

export const ETW_FORMATS: readonly EtwFormat[] = ['dumper', 'tracerpt-xml', 'tracerpt-csv', 'wpa-csv']

/** How each format is called in messages. */
export const FORMAT_TITLES: Readonly<Record<EtwFormat, string>> = {
  dumper: 'xperf dumper text',
  'tracerpt-xml': 'tracerpt XML',
  'tracerpt-csv': 'tracerpt CSV',
  'wpa-csv': 'WPA CSV export',
}

/** One kind of event of one export: its identity and the names of its payload fields. */
export interface RawLayout {
  /** The identity as the file shows it (dumper key `Prov/Task/win:Start`, …): what `--unmapped` prints. */
  readonly key: string
  readonly providerName: string | undefined
  /** `{…}` GUID in lower case, with braces. */
  readonly providerGuid: string | undefined
  /** TraceLogging event name (= WPA Task Name, dumper task segment, XML RenderingInfo Task/EventName). */
  readonly eventName: string | undefined
  readonly task: number | undefined
  /** `win:Start`, `Start`, `Info`, … as written (possibly localized). */
  readonly opcodeName: string | undefined
  readonly opcode: number | undefined
  readonly eventId: number | undefined
  readonly version: number | undefined
  /**
   * Payload field names by position (position 0 = field `#1`); `undefined` where the export names
   * no field (tracerpt CSV `User Data`, WPA `Field N`).
   */
  readonly names: ReadonlyArray<string | undefined>
  /** Events of this layout read so far. */
  count: number
  /** The mapping's decision for this layout, cached by it (opaque to readers). */
  plan: unknown
}

export interface RawEvent {
  layout: RawLayout
  /** 1-based line of the export where the event starts. */
  line: number
  /** Timestamp as written in the export. */
  time: string
  /** Timestamp in the source's time unit (SourceMeta.timeUnit), normalised by src/etw/clock.ts. */
  ts: number
  tid: number | string | undefined
  /** Process id, when the reader parsed it; else see {@link pidOf} (the dumper leaves it in `process`). */
  pid: number | undefined
  /** The process cell as written (`"Unknown" (1956)`), parsed only on demand. */
  process: string | undefined
  cpu: number | undefined
  activityId: string | undefined
  /**
   * Payload texts by position: field `#n` is `values[valueOffset + n - 1]`. Readers hand over
   * their split row without copying it, so a text may still carry blanks or one pair of quotes:
   * read it with {@link payloadText}.
   */
  values: readonly string[]
  valueOffset: number
  /** Number of payload values (`values.length - valueOffset` unless the reader says otherwise). */
  valueCount: number
  /**
   * Only for a sink that {@link RawSink.acceptsRows}: the row still as bytes, `values` (and the
   * header texts `time`, `process`, `activityId`) not made yet; `row.complete(raw)` makes them.
   */
  row?: ByteRow | undefined
}

/**
 * A row a reader found in the bytes and has not made into strings: most of its cells repeat
 * (pointers, statuses), and a sink that memoises their converted values by bytes never needs the
 * text (src/etw/mapping/map-event.ts `fill`). Payload field `#n` is cell `valueOffset + n - 1`.
 */
export interface ByteRow {
  readonly bytes: Uint8Array
  /** Cell k is bytes[start[k], end[k]): as the text reader's split would cut it, blanks included. */
  readonly start: Int32Array
  readonly end: Int32Array
  /** Makes `raw` whole, as the text path would have: `values`, `time`, `process`, `activityId`; clears `raw.row`. */
  complete(raw: RawEvent): void
  /**
   * Where the row's cells' converted values are remembered, when the row brings its own table
   * (the dumper's WebAssembly scanner keeps its texts in its memory); otherwise the sink uses one
   * of its own (a ByteStringTable).
   */
  readonly memo?: CellMemo
}

/**
 * Cell texts of byte rows → the value a conversion made of each before, by the cell's bytes
 * (see map-event.ts `fill`). Implemented by ByteStringTable and the dumper scanner's table.
 */
export interface CellMemo {
  /**
   * The slot of cell k of `row` read for conversion `kind`: -1 for a cell that is no value (empty;
   * a memo may also answer -1 for blanks only), -2 when its text must be decoded (not printable
   * ASCII). A memo may key its slots by kind too (the WebAssembly one does) or by text alone.
   */
  slotOfCell(row: ByteRow, k: number, kind: number): number
  /** The text of a slot slotOfCell returned. */
  string(slot: number): string
  /** Whether the slot holds a converted value of `kind` (a non-zero number the caller chooses). */
  hasConverted(slot: number, kind: number): boolean
  convertedValue(slot: number): unknown
  setConverted(slot: number, kind: number, value: unknown): void
}

/** A payload cell a sink reads (see RawSink.cellsRead). */
export interface CellRead {
  /** 1-based payload position. */
  readonly pos: number
  /** The conversion kind it is read for (CellMemo.slotOfCell). */
  readonly kind: number
}

/** What a reader knows about the trace as a whole; given once, before the first event. */
export interface SourceMeta {
  format: EtwFormat
  timeUnit: TimeUnit
  /** Events and buffers the recorder lost (`Events Lost`, `EventsLost`, lost-event notices). */
  eventsLost: number
  buffersLost: number
  /** Things the user should know about the export (precision lost, …), one line each. */
  notes: string[]
}

/** Where a reader sends what it reads. */
export interface RawSink {
  /** The sink reads {@link RawEvent.row} (and completes the event itself when it needs the texts). */
  readonly acceptsRows?: boolean
  /**
   * The payload cells the sink will look up in a row of `layout` still in bytes, in the order it
   * asks the row's memo for them (1-based positions, each with its conversion kind; `[]` for a
   * kind it ignores); undefined when it reads that layout's rows from their texts. A reader may
   * look the cells up ahead (the dumper's WebAssembly scanner does, many rows at a time).
   */
  cellsRead?(layout: RawLayout): ReadonlyArray<CellRead> | undefined
  /** Exactly once, before the first event (also for an export without events). */
  header(meta: SourceMeta): void
  event(raw: RawEvent): void
  /**
   * A line that is no event (an `Error:` line of xperf, an undecodable event, a row the reader
   * cannot split…). `layout` when the reader knows which kind of event it was meant to be: the
   * mapping then tells an event it would have mapped (reported) from noise (counted).
   */
  skipped(line: number, reason: string, layout?: RawLayout): void
  /** Damage to the export itself (an unbalanced quote, truncated XML): always reported. */
  invalid(line: number, reason: string): void
}

/** A fresh layout; readers intern them. */
export function newLayout(identity: Omit<RawLayout, 'count' | 'plan'>): RawLayout {
  return {...identity, count: 0, plan: undefined}
}

/** The process id of an event: the reader's, or parsed from the `name ( pid)` cell. */
export function pidOf(raw: RawEvent): number | undefined {
  if (raw.pid !== undefined || raw.process === undefined) return raw.pid
  const m = /\(\s*(\d+)\s*\)\s*$/.exec(raw.process)
  return m === null ? undefined : Number(m[1])
}

/** The text of payload field `#pos` (1-based), blanks trimmed and one pair of surrounding quotes removed; '' when absent. */
export function payloadText(raw: RawEvent, pos: number): string {
  if (pos < 1 || pos > raw.valueCount) return ''
  const v = raw.values[raw.valueOffset + pos - 1]
  return v === undefined ? '' : cellText(v)
}

/**
 * A cell as text: blanks around it trimmed, then one pair of surrounding double quotes removed
 * (tracerpt writes strings as ` "text"`, keeping blanks inside the quotes: `"HTTP Protocol "`).
 * Returns the input itself when there is nothing to strip (the common case).
 */
export function cellText(v: string): string {
  const len = v.length
  if (len === 0) return v
  let start = 0
  let end = len
  while (start < end && isBlank(v.charCodeAt(start))) start++
  while (end > start && isBlank(v.charCodeAt(end - 1))) end--
  if (end - start >= 2 && v.charCodeAt(start) === 34 && v.charCodeAt(end - 1) === 34) {
    start++
    end--
  }
  return start === 0 && end === len ? v : v.slice(start, end)
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10
}
