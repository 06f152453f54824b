/**
 * Reader of `tracerpt x.etl -of CSV` (etw-formats.md §1.2).
 *
 * ```
 *   Event Name,       Type,     Event ID,    Version, …, Clock-Time, Kernel(ms),   User(ms), User Data
 *   EventTrace,     Header,            0,          2, …, 133127435730482450, …, 16777216, 131082, 19041, …
 * Contoso-WskDriver,      Start,           21, …, 133127435730482460, …, 2, 0xFFFFA00100001000, …
 * ```
 *
 * - Header cells are right-aligned to fixed widths: every cell is trimmed; columns are found by
 *   name, so an extra leading column (pandas' `Index`) does no harm.
 * - The first data row, `EventTrace, Header`, is the trace header: EventsLost (user data 12) and
 *   BuffersLost (3rd from the end) become the header's `eventsLost`.
 * - `User Data` is one cell per payload property, in template order, with no names: rows are
 *   ragged; trailing empty cells (a re-save pads rows) are dropped. Strings are ` "text"`: a
 *   blank, then a quoted value that a strict CSV parser keeps verbatim; payloadText strips it,
 *   and a string cut by a comma inside it is joined back.
 * - `Clock-Time` is FILETIME, read exactly (clock.ts). PID/TID are `0x…` (Windows 7) or decimal.
 * - Event identity: `Event Name` (the provider name, or `{GUID}` when tracerpt could not resolve
 *   it), `Event ID`, `Version`, `Opcode`, `Task`, and `Type` (the opcode name, localized).
 *   TraceLogging event names do not survive: map by event id (docs/mapping-tracerpt-csv-template.json).
 * - Encoding: a BOM (UTF-8, or UTF-16LE for `-en Unicode`), else UTF-8 if valid, else Windows-1252.
 *
 * Fast path: a UTF-8 (or ASCII) file is split into lines in its bytes (csv-byte-lines.ts), and an
 * event row of printable ASCII that papaparse would cut on every comma is cut into cells there too
 * (tracerpt-csv-byte-row.ts) and handed on as bytes to a sink that accepts rows, which fills the
 * event from remembered cell values. Every other line (the header rows, 8-bit text, a quoted cell,
 * a time or thread the byte reading does not take) is read by the text path below, which words
 * every problem; a file the line check cannot follow goes to papaparse whole from there on.
 */
import {FatalInputError} from '../../trace/jsonl-reader.js'
import {parseIntegerText} from '../../trace/name-table.js'
import {FiletimeClock, parseDecimalCell} from '../clock.js'
import {chooseEncoding, detach} from '../text-input.js'
import {cellText, newLayout, type RawEvent, type RawLayout, type RawSink, type SourceMeta} from '../raw-event.js'
import {peekChunks, textChunks, utf8Buffers, type ByteSource, type ReadOptions} from './byte-source.js'
import {ByteRowKeys} from './byte-row-keys.js'
import {CsvByteLines, type CsvByteSink} from './csv-byte-lines.js'
import {CsvRows} from './csv-rows.js'
import {NOT_PLAIN, TracerptCsvByteRow} from './tracerpt-csv-byte-row.js'

interface Columns {
  eventName: number
  type: number
  eventId: number
  version: number
  opcode: number
  task: number
  pid: number
  tid: number
  cpu: number
  activityId: number
  clock: number
  userData: number
  /** The last of the columns before User Data that a row must have. */
  lastFixed: number
}

const ZERO_GUID = '{00000000-0000-0000-0000-000000000000}'

export async function read(source: ByteSource, sink: RawSink, options: ReadOptions = {}): Promise<void> {
  const reader = new TracerptCsvReader(sink)
  const {first, chunks} = await peekChunks(source)
  if (first !== undefined && typeof first !== 'string') {
    const choice = options.encoding ?? chooseEncoding(first, options.fallback)
    if (choice.encoding === 'utf-8') {
      const lines = new CsvByteLines(reader)
      for await (const buf of utf8Buffers(chunks, choice.bomLength)) lines.push(buf)
      lines.end()
      reader.end()
      return
    }
  }
  // Other encodings (Windows-1252, UTF-16), and text handed over as strings: decoded, then papaparse.
  const rows = new CsvRows(reader)
  for await (const chunk of textChunks(chunks, options)) rows.push(chunk)
  rows.end()
  reader.end()
}

/** Event kinds of rows in bytes (direct-mapped on their identity cells: a file has a few dozen to hundreds). */
const KIND_SLOTS = 1 << 12
const NO_VALUES: readonly string[] = []

class TracerptCsvReader implements CsvByteSink {
  private columns: Columns | undefined
  private readonly clock = new FiletimeClock()
  private readonly meta: SourceMeta = {format: 'tracerpt-csv', timeUnit: 'filetime', eventsLost: 0, buffersLost: 0, notes: []}
  private headerSent = false
  private firstRowSeen = false
  private readonly layouts = new Map<string, Array<{name: string; version: string; opcode: string; task: string; type: string; layout: RawLayout}>>()
  private readonly raw: RawEvent = {
    layout: undefined as unknown as RawLayout, line: 0, time: '', ts: 0, tid: undefined, pid: undefined, process: undefined, cpu: undefined,
    activityId: undefined, values: [], valueOffset: 0, valueCount: 0, row: undefined,
  }
  private readonly byteRow = new TracerptCsvByteRow((raw, cells) => this.withTexts(raw, cells))
  /** Event kinds by the bytes of their identity cells; made with the columns. */
  private kinds: ByteRowKeys<RawLayout> | undefined

  constructor(private readonly sink: RawSink) {}

  /**
   * A line in bytes (the fast path): an event row that papaparse would cut on every comma, of
   * printable ASCII, with a plain Clock-Time and thread, goes on as bytes; false for any other
   * line, which the caller reads as text (then {@link row}), exactly as the text path would have.
   */
  bytes(buf: Buffer, start: number, end: number, line: number): boolean {
    const c = this.columns
    // (User Data before a fixed column: the text path reads that odd header's rows.)
    if (c === undefined || !this.firstRowSeen || c.userData <= c.lastFixed) return false
    const row = this.byteRow
    if (!row.split(buf, start, end) || row.count <= c.lastFixed) return false
    const ts = this.clock.tsBytes(buf, row.start[c.clock]!, row.end[c.clock]!)
    if (ts === undefined) return false
    const pid = c.pid >= 0 ? row.id(c.pid) : undefined
    const tid = c.tid >= 0 ? row.id(c.tid) : undefined
    if (pid === NOT_PLAIN || tid === NOT_PLAIN) return false
    const kinds = (this.kinds ??= new ByteRowKeys<RawLayout>([c.eventId, c.eventName, c.type, c.version, c.opcode, c.task], KIND_SLOTS))
    let layout = kinds.get(row)
    if (layout === undefined) {
      layout = this.layoutOf(row.cells(), c)
      kinds.set(row, layout)
    }
    const cpu = c.cpu >= 0 ? row.decimal(c.cpu) : undefined
    row.joinStrings(c.userData)
    const userDataEnd = row.userDataEnd(c.userData)
    this.sendHeader()
    const raw = this.raw
    raw.layout = layout
    raw.line = line
    raw.time = ''
    raw.ts = ts
    raw.pid = pid
    raw.tid = tid
    raw.cpu = cpu
    raw.activityId = undefined
    raw.values = NO_VALUES
    raw.valueOffset = c.userData
    raw.valueCount = Math.max(0, userDataEnd - c.userData)
    raw.row = row
    layout.count++
    if (this.sink.acceptsRows !== true) row.complete(raw)
    this.sink.event(raw)
    return true
  }

  /** The texts of a row still in bytes, from its cells (joined as userData() joins them). */
  private withTexts(raw: RawEvent, cells: string[]): void {
    const c = this.columns!
    raw.values = cells
    raw.time = cells[c.clock]
    raw.activityId = c.activityId >= 0 ? activity(cells[c.activityId]) : undefined
  }

  row(cells: string[], line: number): void {
    const c = this.columns
    if (c === undefined) {
      if (cells.length === 1 && cells[0].trim() === '') return
      this.columns = headerColumns(cells, line)
      return
    }
    if (cells.length <= c.lastFixed) {
      if (cells.length > 1 || cells[0].trim() !== '') this.sink.skipped(line, `row has ${cells.length} cells, fewer than the header's fixed columns`)
      return
    }
    if (!this.firstRowSeen) {
      // The trace header, when there is one, is the first data row.
      this.firstRowSeen = true
      if (isTraceHeader(cells[c.eventName], cells[c.type])) {
        this.traceHeader(cells, c)
        this.clock.ts(cells[c.clock]) // the trace start is the time origin
        return
      }
    }
    const layout = this.layoutOf(cells, c)
    const time = cells[c.clock]
    const ts = this.clock.ts(time)
    if (ts === undefined) {
      this.sink.skipped(line, `Clock-Time "${time.trim()}" is not a FILETIME`, layout)
      return
    }
    this.sendHeader()
    const raw = this.raw
    raw.layout = layout
    raw.line = line
    raw.time = time
    raw.ts = ts
    raw.pid = c.pid >= 0 ? idCell(cells[c.pid]) : undefined
    raw.tid = c.tid >= 0 ? idCell(cells[c.tid]) : undefined
    raw.cpu = c.cpu >= 0 ? parseDecimalCell(cells[c.cpu]) : undefined
    raw.activityId = c.activityId >= 0 ? activity(cells[c.activityId]) : undefined
    const values = userData(cells, c.userData)
    raw.values = values
    raw.valueOffset = c.userData
    raw.valueCount = Math.max(0, userDataEnd(values, c.userData) - c.userData)
    raw.row = undefined
    layout.count++
    this.sink.event(raw)
  }

  broken(line: number, reason: string): void {
    this.sink.invalid(line, reason)
  }

  end(): void {
    if (this.columns === undefined) throw new FatalInputError('no tracerpt CSV header row (Event Name, Type, Event ID, …)')
    this.sendHeader()
  }

  /**
   * Interned per identity, found by the Event ID cell as written (padding is constant within a
   * file) and then the other identity cells compared as they are: no string is built per row.
   */
  private layoutOf(cells: string[], c: Columns): RawLayout {
    const idCell = cells[c.eventId]
    const known = this.layouts.get(idCell)
    if (known !== undefined) {
      for (let i = 0; i < known.length; i++) {
        const k = known[i]
        if (k.name === cells[c.eventName] && k.version === cells[c.version] && k.opcode === cells[c.opcode] && k.task === cells[c.task] && k.type === cells[c.type]) return k.layout
      }
    }
    const name = cellText(cells[c.eventName])
    const guid = name.startsWith('{') ? name.toLowerCase() : undefined
    const type = cellText(cells[c.type])
    const eventId = parseDecimalCell(idCell)
    const version = parseDecimalCell(cells[c.version])
    const opcode = parseDecimalCell(cells[c.opcode])
    const task = parseDecimalCell(cells[c.task])
    const numericType = type === '' || /^\d+$/.test(type)
    const layout = newLayout({
      key: `${name}/id ${eventId ?? '?'} v${version ?? '?'}/${numericType ? `opcode ${opcode ?? type}` : type}`,
      providerName: guid === undefined ? name : undefined,
      providerGuid: guid,
      eventName: undefined,
      task,
      opcodeName: numericType ? undefined : type,
      opcode,
      eventId,
      version,
      names: [],
    })
    const entry = {name: detach(cells[c.eventName]), version: detach(cells[c.version]), opcode: detach(cells[c.opcode]), task: detach(cells[c.task]), type: detach(cells[c.type]), layout}
    if (known !== undefined) known.push(entry)
    else this.layouts.set(detach(idCell), [entry])
    return layout
  }

  /** `EventTrace, Header`: user data 12 is EventsLost, 3rd from the end BuffersLost (…, ReservedFlags, BuffersLost, SessionName, LogFileName). */
  private traceHeader(cells: string[], c: Columns): void {
    const values = userData(cells, c.userData)
    const end = userDataEnd(values, c.userData)
    const ud = (i: number): number | undefined => (i >= c.userData && i < end ? parseDecimalCell(cellText(values[i])) : undefined)
    this.meta.eventsLost = ud(c.userData + 11) ?? 0
    this.meta.buffersLost = ud(end - 3) ?? 0
  }

  private sendHeader(): void {
    if (this.headerSent) return
    this.headerSent = true
    const note = this.clock.note()
    if (note !== undefined) this.meta.notes.push(note)
    this.sink.header(this.meta)
  }
}

/** The header row → column indices; the columns wsktrace needs must be there. */
function headerColumns(cells: string[], line: number): Columns {
  const names = cells.map((c) => c.trim())
  const at = (name: string): number => names.indexOf(name)
  const columns: Columns = {
    eventName: at('Event Name'), type: at('Type'), eventId: at('Event ID'), version: at('Version'), opcode: at('Opcode'), task: at('Task'),
    pid: at('PID'), tid: at('TID'), cpu: at('Processor Number'), activityId: at('Activity ID'), clock: at('Clock-Time'), userData: at('User Data'), lastFixed: 0,
  }
  columns.lastFixed = Math.max(columns.eventName, columns.type, columns.eventId, columns.version, columns.opcode, columns.task, columns.pid, columns.tid, columns.cpu, columns.activityId, columns.clock)
  const missing = (['Event Name', 'Type', 'Event ID', 'Version', 'Opcode', 'Task', 'Clock-Time', 'User Data'] as const).filter((n) => at(n) === -1)
  if (missing.length > 0) {
    throw new FatalInputError(`tracerpt CSV header lacks ${missing.join(', ')} (an old Windows XP tracerpt layout is not supported)`, line)
  }
  return columns
}

function isTraceHeader(name: string, type: string): boolean {
  return cellText(name) === 'EventTrace' && cellText(type) === 'Header'
}

/** `0x1F40` (Windows 7) or `8000` (Windows 10): a bare number is read as decimal. */
function idCell(cell: string): number | undefined {
  const t = cell.charCodeAt(0) === 32 || cell.charCodeAt(cell.length - 1) === 32 ? cell.trim() : cell
  if (t.length === 0) return undefined
  const n = parseIntegerText(t)
  return n !== undefined && n >= 0 ? n : undefined
}

function activity(cell: string): string | undefined {
  if (cell.length < 38 || cell.endsWith(ZERO_GUID)) return undefined
  const t = cell.trim()
  return t.length > 0 ? t.toLowerCase() : undefined
}

/**
 * User data cells, with a string that tracerpt wrote as ` "a, b"` (a blank before the quote, so
 * no CSV parser takes it as quoted) joined back from the pieces the comma made. Returns `cells`
 * itself when there is nothing to join (the common case).
 */
function userData(cells: string[], from: number): string[] {
  let out: string[] | undefined
  for (let i = from; i < cells.length; i++) {
    const v = cells[i]
    if (!opensString(v) || closesString(v)) continue
    let j = i + 1
    while (j < cells.length && !closesString(cells[j])) j++
    if (j === cells.length) continue // never closed: keep the pieces
    out ??= cells.slice()
    const base = out.length - cells.length
    out.splice(i + base, j - i + 1, cells.slice(i, j + 1).join(','))
    i = j
  }
  return out ?? cells
}

function opensString(v: string): boolean {
  let i = 0
  while (i < v.length && v.charCodeAt(i) === 32) i++
  return i > 0 && v.charCodeAt(i) === 34
}

function closesString(v: string): boolean {
  let e = v.length
  while (e > 0 && v.charCodeAt(e - 1) === 32) e--
  if (e < 2 || v.charCodeAt(e - 1) !== 34) return false
  // `" "x"` is open-and-close; a lone `"` after the opening one is not a close.
  const t = v.slice(0, e).trimStart()
  return t.length >= 2
}

/** End of the user data without the trailing empty cells a re-save pads rows with. */
function userDataEnd(values: string[], from: number): number {
  let end = values.length
  while (end > from && isBlankCell(values[end - 1])) end--
  return end
}

function isBlankCell(v: string): boolean {
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) !== 32) return false
  return true
}
