/**
 * Reader of a WPA "Export table…" CSV (or `wpaexporter` output) of the Generic Events table
 * (etw-formats.md §3): the visible columns, in the preset's order, titled with their display names.
 *
 * ```
 * Provider Name,Task Name,Opcode Name,Id,Process,ThreadId,Cpu,Count,Field 1,Field 2,Field 3,Time (s)
 * Contoso.WskDriver,WskAcceptEvent,win:Start,0,System (4),9,2,1,2,0xFFFFA00100001000,0x00000008,0.000100000
 * ```
 *
 * - Known columns are found by name (case-insensitive, a trailing unit such as `(s)` dropped):
 *   Provider Name, Provider Id, Task Name (the TraceLogging event name), Opcode Name, Id,
 *   Version, Event Name, Process (`name (pid)`), ThreadId, Cpu, Count, Time.
 * - Every other column is payload: `Field N` columns are positional (field `#N`), any other title
 *   is a field name (an export whose columns carry the field names needs no mapping).
 * - `Time` is seconds since the trace started (`Time (ms)` etc. scale it), read digit by digit;
 *   numbers may carry thousands separators (`"1,234.5"`).
 * - A grouped table exports aggregates, not events: a row whose Count is above 1 is reported.
 */
import {FatalInputError} from '../../trace/jsonl-reader.js'
import {parseIntegerText} from '../../trace/name-table.js'
import {DecimalSecondsClock} from '../clock.js'
import {cellText, newLayout, type RawEvent, type RawLayout, type RawSink, type SourceMeta} from '../raw-event.js'
import {textChunks, type ByteSource, type ReadOptions} from './byte-source.js'
import {CsvRows} from './csv-rows.js'

interface Columns {
  provider: number
  providerId: number
  task: number
  opcode: number
  id: number
  version: number
  eventName: number
  process: number
  tid: number
  cpu: number
  count: number
  time: number
  /** Payload columns in order, and their field names (undefined for `Field N`). */
  payload: number[]
  names: Array<string | undefined>
  /** The payload columns are exactly `Field 1…N` in order: rows need no reordering. */
  contiguous: boolean
}

export async function read(source: ByteSource, sink: RawSink, options: ReadOptions = {}): Promise<void> {
  const reader = new WpaCsvReader(sink)
  const rows = new CsvRows(reader)
  for await (const chunk of textChunks(source, options)) rows.push(chunk)
  rows.end()
  reader.end()
}

class WpaCsvReader {
  private columns: Columns | undefined
  private clock = new DecimalSecondsClock('s')
  private readonly meta: SourceMeta = {format: 'wpa-csv', timeUnit: 'ns', eventsLost: 0, buffersLost: 0, notes: []}
  private headerSent = false
  private readonly layouts = new Map<string, RawLayout>()
  private readonly raw: RawEvent = {
    layout: undefined as unknown as RawLayout, line: 0, time: '', ts: 0, tid: undefined, pid: undefined, process: undefined, cpu: undefined,
    activityId: undefined, values: [], valueOffset: 0, valueCount: 0,
  }

  constructor(private readonly sink: RawSink) {}

  row(cells: string[], line: number): void {
    const c = this.columns
    if (c === undefined) {
      if (cells.length === 1 && cells[0].trim() === '') return
      this.columns = this.header(cells, line)
      return
    }
    if (cells.length === 1 && cells[0].trim() === '') return
    const layout = this.layoutOf(cells, c)
    if (c.count >= 0) {
      const count = numberCell(cells[c.count])
      if (count !== undefined && count > 1) {
        this.sink.invalid(line, `row aggregates ${count} events (Count ${count}): export the Generic Events table flat, with no grouping`)
        return
      }
    }
    const time = c.time >= 0 ? cells[c.time] ?? '' : ''
    const ts = this.clock.ts(time)
    if (ts === undefined) {
      this.sink.skipped(line, `Time "${time.trim()}" is not a number of seconds`, layout)
      return
    }
    this.sendHeader()
    const raw = this.raw
    raw.layout = layout
    raw.line = line
    raw.time = time
    raw.ts = ts
    raw.pid = c.process >= 0 ? processId(cells[c.process]) : undefined
    raw.tid = c.tid >= 0 ? numberCell(cells[c.tid]) : undefined
    raw.cpu = c.cpu >= 0 ? numberCell(cells[c.cpu]) : undefined
    raw.activityId = undefined
    if (c.contiguous) {
      raw.values = cells
      raw.valueOffset = c.payload[0] ?? cells.length
      raw.valueCount = Math.max(0, Math.min(c.payload.length, cells.length - raw.valueOffset))
    } else {
      raw.values = c.payload.map((i) => cells[i] ?? '')
      raw.valueOffset = 0
      raw.valueCount = raw.values.length
    }
    layout.count++
    this.sink.event(raw)
  }

  broken(line: number, reason: string): void {
    this.sink.invalid(line, reason)
  }

  end(): void {
    if (this.columns === undefined) throw new FatalInputError('no WPA export header row (Provider Name, Task Name, …)')
    this.sendHeader()
  }

  private header(cells: string[], line: number): Columns {
    const titles = cells.map((c) => cellText(c))
    const keys = titles.map((t) => t.replace(/\s*\([^)]*\)\s*$/, '').trim().toLowerCase())
    const used = new Set<number>()
    const at = (...names: string[]): number => {
      for (const n of names) {
        const i = keys.indexOf(n)
        if (i !== -1) {
          used.add(i)
          return i
        }
      }
      return -1
    }
    const c = {
      provider: at('provider name'), providerId: at('provider id'), task: at('task name'), opcode: at('opcode name'), id: at('id', 'event id'),
      version: at('version'), eventName: at('event name'), process: at('process', 'process name'), tid: at('threadid', 'thread id'),
      cpu: at('cpu'), count: at('count'), time: at('time', 'timestamp'),
    }
    for (const skip of ['event type', 'message', 'thread name', 'thread activity tag', 'annotation', 'line #', 'stack']) at(skip)
    if (c.time === -1) throw new FatalInputError('WPA export has no Time column: add it to the view before exporting', line)
    const unit = /\((s|ms|us|µs|ns)\)\s*$/.exec(titles[c.time])?.[1]
    this.clock = new DecimalSecondsClock(unit === 'ms' ? 'ms' : unit === 'us' || unit === 'µs' ? 'us' : unit === 'ns' ? 'ns' : 's')
    const payload: number[] = []
    const names: Array<string | undefined> = []
    for (let i = 0; i < titles.length; i++) {
      if (used.has(i) || titles[i] === '') continue
      payload.push(i)
      names.push(/^field \d+$/i.test(titles[i]) ? undefined : titles[i])
    }
    const contiguous = payload.every((col, k) => col === payload[0] + k)
    return {...c, payload, names, contiguous}
  }

  private layoutOf(cells: string[], c: Columns): RawLayout {
    const cell = (i: number): string => (i >= 0 ? cells[i] ?? '' : '')
    const id = cell(c.provider) + '\u001f' + cell(c.providerId) + '\u001f' + cell(c.task) + '\u001f' + cell(c.opcode) + '\u001f' + cell(c.id) + '\u001f' + cell(c.version) + '\u001f' + cell(c.eventName)
    let layout = this.layouts.get(id)
    if (layout === undefined) {
      const provider = cellText(cell(c.provider)) || undefined
      const guid = cellText(cell(c.providerId)).toLowerCase()
      const task = cellText(cell(c.task)) || undefined
      const eventName = cellText(cell(c.eventName)) || undefined
      const opcodeName = cellText(cell(c.opcode)) || undefined
      const eventId = numberCell(cell(c.id))
      const version = numberCell(cell(c.version))
      const name = task ?? eventName
      layout = newLayout({
        key: `${provider ?? guid ?? '?'}/${name ?? `id ${eventId ?? '?'}`}/${opcodeName ?? ''}`,
        providerName: provider,
        providerGuid: guid === '' ? undefined : guid.startsWith('{') ? guid : `{${guid}}`,
        eventName: name,
        task: undefined,
        opcodeName: opcodeName !== undefined && /^\d+$/.test(opcodeName) ? undefined : opcodeName,
        opcode: opcodeName !== undefined && /^\d+$/.test(opcodeName) ? Number(opcodeName) : undefined,
        eventId,
        version,
        names: c.names,
      })
      this.layouts.set(id, layout)
    }
    return layout
  }

  private sendHeader(): void {
    if (this.headerSent) return
    this.headerSent = true
    this.sink.header(this.meta)
  }
}

/** `1,234` (thousands separators, quotes, blanks) or `0x4D2` → the integer. */
function numberCell(cell: string | undefined): number | undefined {
  if (cell === undefined) return undefined
  let t = cellText(cell)
  if (t.indexOf(',') !== -1) t = t.replace(/,/g, '')
  if (t === '') return undefined
  const n = parseIntegerText(t)
  return n !== undefined && n >= 0 ? n : undefined
}

/** `System (4)`, `"Unknown" (1956)`, or a bare number → the PID. */
function processId(cell: string | undefined): number | undefined {
  if (cell === undefined) return undefined
  const m = /\(\s*([\d,]+)\s*\)\s*$/.exec(cell)
  if (m !== null) return numberCell(m[1])
  return numberCell(cell)
}
