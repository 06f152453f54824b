/**
 * Reader of `xperf -i x.etl -o x.txt -a dumper` text (also what wpaexporter's dumper writes).
 *
 * ```
 * BeginHeader
 * Prov/Task/win:Start,  TimeStamp,     Process Name ( PID),   ThreadID, CPU, etw:ActivityId, etw:Related ActivityId, etw:UserSid, etw:SessionId, Socket, Flags
 * …one layout line per event kind; a key may have several layouts (different event ids/versions)
 * EndHeader
 * OS Version: 10.0.19043, Trace Size: 20736KB, Events Lost: 0, Buffers lost: 0, Trace Start: 132675686690347142, Trace Length: 2 sec, PointerSize: 8, Trace Name: x.etl
 * FirstReliableEventTimeStamp, 0
 * Prov/Task/win:Start,    2012071,        "Unknown" (   4),        844,   0, , , , , 0xffffc08f3b853000, 0x00000008
 * ```
 *
 * - A row is matched to the layout of its key whose column count equals the row's cell count
 *   (rows carry no event id); when a row has more cells than every layout, its last string
 *   column held unescaped commas and the overflow is joined back into it.
 * - Cells are split on commas outside quotes, `[…]` and `{…}` (struct and array values).
 * - `TimeStamp` is integer µs since the trace started; the process cell is `name ( pid)`.
 * - `Error: …` lines, `UnknownEvent/*` rows (no manifest on the analysis machine), `FirstReliable…`
 *   lines are skipped; the `OS Version:` line gives Events Lost and Buffers lost.
 * - The file is decoded as UTF-8 with replacement: xperf prints a few lines of 8-bit text.
 *
 * Fast path: a UTF-8 file is split into lines in its bytes, and a row of printable ASCII whose
 * layout is known is cut into cells there too — by the WebAssembly scanner (wasm/dumper-scan-row.ts)
 * where this Node runs it, else in JavaScript (dumper-byte-row.ts) — and handed on as bytes to a
 * sink that accepts rows (lint's and convert's pipeline), which fills the event from remembered
 * cell values. Every other line (the header, the preamble, 8-bit text, a row the plain split does
 * not fit) is decoded and read by the text path below, which also words every problem.
 */
import {ByteLineSplitter} from '../../trace/byte-line-splitter.js'
import {FatalInputError} from '../../trace/jsonl-reader.js'
import {MicrosecondClock, parseDecimalCell} from '../clock.js'
import {newLayout, type RawEvent, type RawLayout, type RawSink, type SourceMeta} from '../raw-event.js'
import {chooseEncoding, LineSplitter, MAX_LINE_LENGTH} from '../text-input.js'
import {peekChunks, stripBom, textChunks, utf8Buffers, type ByteSource, type ReadOptions} from './byte-source.js'
import {DumperByteRow} from './dumper-byte-row.js'
import {dumperScan, ENTRY_INTS, RECORD_HEAD, SCAN_LINES, SCAN_NEXT, SCAN_STATUS, SCAN_STOPPED, STOP_END, STOP_START, type DumperScan} from './wasm/dumper-scan.js'
import {DumperScanRow} from './wasm/dumper-scan-row.js'

/** Header columns that are part of the event header, not of the payload. */
const FIXED_COLUMNS = new Set([
  'TimeStamp', 'Process Name ( PID)', 'ThreadID', 'CPU', 'etw:ActivityId', 'etw:Related ActivityId', 'etw:UserSid', 'etw:SessionId',
])
/** Rows that are trace bookkeeping, not events: skipped without a word. */
const BOOKKEEPING = new Set(['FirstReliableEventTimeStamp', 'FirstReliableCSwitchEventTimeStamp'])

interface DumperLayout extends RawLayout {
  /** Cells of a row of this layout, the key cell included. */
  readonly cells: number
  readonly tsCell: number
  readonly processCell: number
  readonly tidCell: number
  readonly cpuCell: number
  readonly activityCell: number
  readonly payloadStart: number
  /** Another layout of the same key has the same cell count (rows of that count are ambiguous). */
  ambiguous: boolean
}

export async function read(source: ByteSource, sink: RawSink, options: ReadOptions = {}): Promise<void> {
  const scan = options.rowScanner === 'javascript' ? undefined : dumperScan()
  const reader = new DumperReader(sink, scan === undefined ? new DumperByteRow(withTexts) : new DumperScanRow(scan, withTexts))
  const tooLong = (n: number): void => sink.invalid(n, 'line longer than 16 MiB')
  const {first, chunks} = await peekChunks(source)
  if (first !== undefined && typeof first !== 'string') {
    const choice = options.encoding ?? chooseEncoding(first, options.fallback ?? 'utf-8')
    if (choice.encoding === 'utf-8') {
      const lines = new ByteLineSplitter((buf, start, end, n) => reader.lineBytes(buf, start, end, n), tooLong, MAX_LINE_LENGTH)
      const row = reader.bytesRow
      // A sink that says which cells it reads gets most rows read by the scanner many at a time.
      const many = row instanceof DumperScanRow && sink.acceptsRows === true && sink.cellsRead !== undefined
      const scanLines = (buf: Buffer, start: number, end: number, first: number): number => reader.scanLines(buf, start, end, first)
      for await (const buf of utf8Buffers(chunks, choice.bomLength)) {
        if (row instanceof DumperScanRow) {
          // Into the scanner's memory, a piece at a time, where its rows are cut in place.
          for (let at = 0; at < buf.length; at += row.capacity) {
            const piece = row.load(buf, at, Math.min(row.capacity, buf.length - at))
            if (many) lines.pushMany(piece, scanLines)
            else lines.push(piece)
          }
        } else lines.push(buf)
      }
      lines.end()
      reader.end()
      return
    }
  }
  // Other encodings (UTF-16), and text handed over as strings: decoded, then split.
  const lines = new LineSplitter((text, n) => reader.line(text, n), tooLong)
  let atStart = true
  for await (const chunk of textChunks(chunks, {fallback: 'utf-8', ...options})) {
    lines.push(atStart ? stripBom(chunk) : chunk)
    atStart = false
  }
  lines.end()
  reader.end()
}

/** The UTF-8 byte-order mark, if one reached the first line. */
const BOM = [0xef, 0xbb, 0xbf]

class DumperReader {
  private readonly layouts = new Map<string, DumperLayout[]>()
  /** Bumped by every layout added: what byKeySlot remembers is from an epoch. */
  private layoutEpoch = 0
  private readonly byKeySlot: Array<{key: string; epoch: number; candidates: DumperLayout[] | undefined} | undefined>
  /** Reading pieces with the scanner (scanLines): keys are registered as their rows come. */
  private scanning = false
  /** Layouts defined in the scanner, by their number there, and the reverse (-1: not defined). */
  private readonly scanned: DumperLayout[] = []
  private readonly scanIds = new Map<DumperLayout, number>()
  private readonly clock = new MicrosecondClock()
  private readonly meta: SourceMeta = {format: 'dumper', timeUnit: 'us', eventsLost: 0, buffersLost: 0, notes: []}
  private headerSent = false
  /** One event object, refilled for every row: the sink keeps nothing of it. */
  private readonly raw: RawEvent = {
    layout: undefined as unknown as RawLayout, line: 0, time: '', ts: 0, tid: undefined, pid: undefined, process: undefined, cpu: undefined,
    activityId: undefined, values: [], valueOffset: 0, valueCount: 0, row: undefined,
  }
  constructor(
    private readonly sink: RawSink,
    /** Cuts rows in bytes: in WebAssembly (DumperScanRow) or in JavaScript (DumperByteRow). */
    readonly bytesRow: DumperByteRow,
  ) {
    this.byKeySlot = new Array<{key: string; epoch: number; candidates: DumperLayout[] | undefined} | undefined>(bytesRow.keySlots).fill(undefined)
  }

  /**
   * A line in bytes (the fast path): a plain row of a known layout goes on as bytes; any other
   * line is decoded and read by {@link line}, exactly as the text path would have.
   */
  lineBytes(buf: Buffer, start: number, end: number, n: number): void {
    if (n === 1 && end - start >= 3 && buf[start] === BOM[0] && buf[start + 1] === BOM[1] && buf[start + 2] === BOM[2]) start += 3
    if (start === end) return
    const row = this.bytesRow
    if (!row.split(buf, start, end) || row.count === 1 || row.endsWithTimeStamp(1)) {
      this.line(buf.toString('utf8', start, end), n)
      return
    }
    const candidates = this.candidates(row)
    if (this.scanning) this.register(row as DumperScanRow, candidates)
    const layout = candidates === undefined ? undefined : pick(candidates, row.count)
    const ts = layout === undefined || layout.ambiguous ? undefined : row.decimal(layout.tsCell)
    if (layout === undefined || ts === undefined) {
      this.line(buf.toString('utf8', start, end), n)
      return
    }
    const raw = this.begin(layout, n, ts, layout.tidCell >= 0 ? row.decimal(layout.tidCell) : undefined, layout.cpuCell >= 0 ? row.decimal(layout.cpuCell) : undefined)
    raw.time = ''
    raw.process = undefined
    raw.activityId = undefined
    raw.values = NO_VALUES
    raw.valueOffset = layout.payloadStart
    raw.valueCount = row.count - layout.payloadStart
    raw.row = row
    if (this.sink.acceptsRows !== true) row.complete(raw)
    this.sink.event(raw)
  }

  /**
   * Lines [start, end) of a piece in the scanner's memory (`buf`, as load() gave it), each ending
   * with '\n', the first numbered `first`: the scanner reads the rows of registered layouts into
   * records, handed on here as rows; any other line stops it, is read the one-row way (which
   * registers its key's layouts), and the scan goes on after it. Returns the lines read.
   */
  scanLines(buf: Buffer, start: number, end: number, first: number): number {
    const row = this.bytesRow as DumperScanRow
    const scan = row.scan
    this.scanning = true
    this.claim(scan)
    const base = scan.inputAddress
    const state = scan.scanState
    const out = scan.out
    let at = base + start
    const stop = base + end
    let line = first
    while (at < stop) {
      const used = scan.exports.scan_rows(at, stop)
      for (let r = 0; r < used; r += RECORD_HEAD + ENTRY_INTS * out[r + 9]!) this.record(row, r, line + out[r]!)
      const lines = state[SCAN_LINES]!
      if (state[SCAN_STATUS] === SCAN_STOPPED) {
        this.lineBytes(buf, state[STOP_START]! - base, state[STOP_END]! - base, line + lines)
        line += lines + 1
      } else line += lines
      at = state[SCAN_NEXT]!
    }
    return line - first
  }

  /** Record `r` of scan_rows, the row on line `n`, handed on as a row in bytes. */
  private record(row: DumperScanRow, r: number, n: number): void {
    const out = row.scan.out
    const layout = this.scanned[out[r + 1]!]!
    const cpu = out[r + 5]!
    const raw = this.begin(layout, n, (out[r + 3]! >>> 0) * 2 ** 32 + (out[r + 2]! >>> 0), out[r + 4]!, cpu < 0 ? undefined : cpu)
    raw.time = ''
    raw.process = undefined
    raw.activityId = undefined
    raw.values = NO_VALUES
    raw.valueOffset = layout.payloadStart
    raw.valueCount = out[r + 8]! - layout.payloadStart
    raw.row = row
    row.enterRecord(r)
    try {
      this.sink.event(raw)
    } finally {
      row.leaveRecord()
    }
  }

  /** Registers the scanner's reading of a key's layouts (its rows then need no one-row reading). */
  private register(row: DumperScanRow, candidates: DumperLayout[] | undefined): void {
    if (candidates === undefined) return
    const scan = row.scan
    this.claim(scan)
    for (const layout of candidates) {
      if (layout.ambiguous) continue
      const id = this.scanId(scan, layout)
      if (id >= 0) scan.exports.register_key(row.keySlot, layout.cells, id)
    }
  }

  /** The layout's number in the scanner, defined on first use; -1 when its rows are read one at a time. */
  private scanId(scan: DumperScan, layout: DumperLayout): number {
    let id = this.scanIds.get(layout)
    if (id !== undefined) return id
    id = -1
    const cells = this.sink.cellsRead?.(layout)
    if (cells !== undefined && layout.tidCell >= 0 && 2 * cells.length <= scan.layoutStage.length) {
      for (let i = 0; i < cells.length; i++) {
        scan.layoutStage[2 * i] = cells[i]!.pos
        // The scanner keys its cell table by the kind's low byte (see ScanCellMemo.slotOfCell).
        scan.layoutStage[2 * i + 1] = cells[i]!.kind & 0xff || 1
      }
      const next = this.scanned.length
      if (scan.exports.define_layout(next, layout.tsCell, layout.tidCell, layout.cpuCell, layout.payloadStart, cells.length) === 1) {
        this.scanned.push(layout)
        id = next
      }
    }
    this.scanIds.set(layout, id)
    return id
  }

  /** Makes the scanner's registrations this file's (another file read in this thread may have made its own). */
  private claim(scan: DumperScan): void {
    if (scan.owner === this) return
    scan.owner = this
    scan.exports.forget_layouts()
    this.scanIds.clear()
    this.scanned.length = 0
  }

  /**
   * The layouts of the row's key, remembered per key-table slot (see DumperByteRow.keySlot):
   * valid while the slot's string is the same object and no layout was added since.
   */
  private candidates(row: DumperByteRow): DumperLayout[] | undefined {
    const key = row.key()
    const seen = this.byKeySlot[row.keySlot]
    if (seen !== undefined && seen.key === key && seen.epoch === this.layoutEpoch) return seen.candidates
    const candidates = this.layouts.get(key)
    this.byKeySlot[row.keySlot] = {key, epoch: this.layoutEpoch, candidates}
    return candidates
  }

  line(text: string, n: number): void {
    if (text.length === 0) return
    let cells = text.split(',')
    if (cells.length === 1) {
      this.singleCell(text, n)
      return
    }
    // A layout line: its second column is the title `TimeStamp` (a row's is a number).
    if (cells[1].endsWith('TimeStamp')) {
      this.addLayout(cells)
      return
    }
    const key = cells[0].trim()
    const candidates = this.layouts.get(key)
    let layout = candidates === undefined ? undefined : pick(candidates, cells.length)
    if (layout === undefined && candidates !== undefined) {
      if (hasNesting(text)) {
        cells = splitCells(text)
        layout = pick(candidates, cells.length)
      }
      if (layout === undefined) {
        const widest = widestLayout(candidates)
        if (cells.length > widest.cells && !widest.ambiguous) {
          // The last column is a string with unescaped commas (a command line): join them back.
          cells = [...cells.slice(0, widest.cells - 1), cells.slice(widest.cells - 1).join(',')]
          layout = widest
        }
      }
    }
    if (layout === undefined) {
      this.noLayout(text, key, cells.length, candidates, n)
      return
    }
    if (layout.ambiguous) {
      const same = candidates!.filter((l) => l.cells === layout!.cells).length
      this.sink.skipped(n, `${same} header layouts of "${key}" have ${layout.cells} columns: the row cannot be told apart`, layout)
      return
    }
    this.row(layout, cells, n)
  }

  end(): void {
    // Forced on a file that holds no dumper layout at all: not an export of this kind, not a clean trace.
    if (this.layouts.size === 0) throw new FatalInputError('no dumper header layout (BeginHeader … EndHeader): not an `xperf -a dumper` export')
    this.sendHeader()
  }

  private row(layout: DumperLayout, cells: string[], n: number): void {
    const time = cells[layout.tsCell]
    const ts = this.clock.ts(time)
    if (ts === undefined) {
      this.sink.skipped(n, `TimeStamp "${time.trim()}" is not an integer number of microseconds`, layout)
      return
    }
    const raw = this.begin(layout, n, ts, layout.tidCell >= 0 ? parseDecimalCell(cells[layout.tidCell]) : undefined, layout.cpuCell >= 0 ? parseDecimalCell(cells[layout.cpuCell]) : undefined)
    withTexts(raw, cells)
    raw.valueOffset = layout.payloadStart
    raw.valueCount = cells.length - layout.payloadStart
    raw.row = undefined
    this.sink.event(raw)
  }

  /** The reused event, started for a row of `layout` (a row in bytes or in text: the same header fields). */
  private begin(layout: DumperLayout, n: number, ts: number, tid: number | undefined, cpu: number | undefined): RawEvent {
    this.sendHeader()
    layout.count++
    const raw = this.raw
    raw.layout = layout
    raw.line = n
    raw.ts = ts
    raw.tid = tid
    raw.cpu = cpu
    return raw
  }

  /** A line with no comma: markers, the `OS Version:` preamble, xperf's `Error:` lines. */
  private singleCell(text: string, n: number): void {
    const t = text.trim()
    if (t === '' || t === 'BeginHeader' || t === 'EndHeader') return
    this.other(t, n)
  }

  private other(text: string, n: number): void {
    if (text.startsWith('OS Version:')) {
      this.preamble(text)
      return
    }
    this.sink.skipped(n, text.startsWith('Error') ? 'xperf error line' : 'not a dumper row')
  }

  /** `OS Version: …, Events Lost: 0, Buffers lost: 0, …` (xperf writes `Buffers lost`; matched in any case). */
  private preamble(text: string): void {
    for (const part of text.split(',')) {
      const colon = part.indexOf(':')
      if (colon === -1) continue
      const name = part.slice(0, colon).trim().toLowerCase()
      const value = parseDecimalCell(part.slice(colon + 1))
      if (value === undefined) continue
      if (name === 'events lost') this.meta.eventsLost = value
      else if (name === 'buffers lost') this.meta.buffersLost = value
    }
  }

  private noLayout(text: string, key: string, count: number, candidates: DumperLayout[] | undefined, n: number): void {
    if (key.startsWith('OS Version:')) {
      this.preamble(text)
      return
    }
    if (BOOKKEEPING.has(key)) return
    if (key.startsWith('Error')) {
      this.sink.skipped(n, 'xperf error line')
      return
    }
    if (key.startsWith('UnknownEvent/') || key.startsWith('InvalidEvent/')) {
      this.sink.skipped(n, `${key}: xperf could not decode this event (its manifest is not installed on the machine that exported it)`)
      return
    }
    if (candidates === undefined) {
      this.sink.skipped(n, `no layout for "${key}" in the dumper header (BeginHeader…EndHeader)`, guessLayout(key))
      return
    }
    const counts = [...new Set(candidates.map((l) => l.cells))].join(', ')
    this.sink.skipped(n, `row of "${key}" has ${count} columns, its header layouts have ${counts}`, candidates[0])
  }

  private addLayout(cells: string[]): void {
    const key = cells[0].trim()
    if (BOOKKEEPING.has(key)) return
    const columns = cells.slice(1).map((c) => c.trim())
    let fixed = 0
    while (fixed < columns.length && FIXED_COLUMNS.has(columns[fixed])) fixed++
    const at = (name: string): number => {
      const i = columns.indexOf(name)
      return i === -1 ? -1 : i + 1
    }
    const names = columns.slice(fixed)
    const list = this.layouts.get(key) ?? []
    const sameCount = list.filter((l) => l.cells === cells.length)
    if (sameCount.some((l) => sameNames(l.names, names))) return // the same layout twice
    // A damaged layout line (a quote or a control character in a title) has no TimeStamp
    // column: not a layout, so its rows are reported as rows without one.
    if (at('TimeStamp') < 1) return
    const id = identityOf(key)
    // Every field written out in one literal: layouts made by spreading had four hidden classes
    // on the bench, and the reads of them per row went megamorphic (~40 ms per million rows).
    const layout: DumperLayout = {
      key: id.key,
      providerName: id.providerName,
      providerGuid: id.providerGuid,
      eventName: id.eventName,
      task: id.task,
      opcodeName: id.opcodeName,
      opcode: id.opcode,
      eventId: id.eventId,
      version: id.version,
      names,
      count: 0,
      plan: undefined,
      cells: cells.length,
      tsCell: at('TimeStamp'),
      processCell: at('Process Name ( PID)'),
      tidCell: at('ThreadID'),
      cpuCell: at('CPU'),
      activityCell: at('etw:ActivityId'),
      payloadStart: fixed + 1,
      ambiguous: sameCount.length > 0,
    }
    for (const l of sameCount) l.ambiguous = true
    list.push(layout)
    this.layouts.set(key, list)
    this.layoutEpoch++
    // Keys registered with the scanner may have another layout now: registered again as they come.
    const scan = this.bytesRow instanceof DumperScanRow ? this.bytesRow.scan : undefined
    if (scan !== undefined && scan.owner === this) scan.exports.forget_keys()
  }

  private sendHeader(): void {
    if (this.headerSent) return
    this.headerSent = true
    this.sink.header(this.meta)
  }
}

const NO_VALUES: readonly string[] = []

/** A row's texts from its cells: the payload, the time, the process and activity cells. */
function withTexts(raw: RawEvent, cells: string[]): void {
  const layout = raw.layout as DumperLayout
  raw.values = cells
  raw.time = cells[layout.tsCell]
  raw.process = layout.processCell >= 0 ? cells[layout.processCell] : undefined
  const activity = layout.activityCell >= 0 ? cells[layout.activityCell] : ''
  raw.activityId = activity.length > 1 ? activity.trim() || undefined : undefined
}

/** The layout of `candidates` with `count` cells (the first when several: `ambiguous` tells). */
function pick(candidates: DumperLayout[], count: number): DumperLayout | undefined {
  for (let i = 0; i < candidates.length; i++) if (candidates[i].cells === count) return candidates[i]
  return undefined
}

function widestLayout(candidates: DumperLayout[]): DumperLayout {
  let w = candidates[0]
  for (const l of candidates) if (l.cells > w.cells) w = l
  return w
}

function sameNames(a: ReadonlyArray<string | undefined>, b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** `Provider/Task/Opcode` → its parts; kernel keys (`P-Start`, `UnknownEvent/Crimson`) are event names. */
export function identityOf(key: string): Omit<RawLayout, 'count' | 'plan' | 'names'> {
  const last = key.lastIndexOf('/')
  const prev = last > 0 ? key.lastIndexOf('/', last - 1) : -1
  if (prev <= 0) {
    return {key, providerName: undefined, providerGuid: undefined, eventName: key, task: undefined, opcodeName: undefined, opcode: undefined, eventId: undefined, version: undefined}
  }
  return {
    key, providerName: key.slice(0, prev), providerGuid: undefined, eventName: key.slice(prev + 1, last), task: undefined,
    opcodeName: key.slice(last + 1), opcode: undefined, eventId: undefined, version: undefined,
  }
}

/** The identity of a key the header has no layout for (to tell whether the mapping wanted it). */
function guessLayout(key: string): RawLayout {
  return newLayout({...identityOf(key), names: []})
}

/** True when the row has quotes, brackets or braces, so a plain split on ',' may cut a value. */
function hasNesting(text: string): boolean {
  return text.indexOf('[') !== -1 || text.indexOf('{') !== -1 || text.indexOf('"') !== -1
}

/** Splits on commas that are outside double quotes, `[…]` and `{…}`. */
export function splitCells(text: string): string[] {
  const cells: string[] = []
  let depth = 0
  let quoted = false
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (quoted) {
      if (c === 34) quoted = false
    } else if (c === 34) quoted = true
    else if (c === 91 || c === 123) depth++
    else if ((c === 93 || c === 125) && depth > 0) depth--
    else if (c === 44 && depth === 0) {
      cells.push(text.slice(start, i))
      start = i + 1
    }
  }
  cells.push(text.slice(start))
  return cells
}
