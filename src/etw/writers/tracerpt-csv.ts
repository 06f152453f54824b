/**
 * Canonical events → `tracerpt -of CSV`, as tracerpt writes it for a manifest provider
 * (etw-formats.md §1.2; header cells and their right-aligned widths copied from the real PktMon
 * export): the `EventTrace, Header` row first, then one row per record with its payload as
 * positional `User Data` cells (` value`, strings ` "text"`), CRLF line ends.
 *
 * TraceLogging event names do not survive tracerpt's CSV, so this writer renders the driver as
 * a manifest provider: Event ID and Task per DDI (etw-layout.ts), which
 * docs/mapping-tracerpt-csv-template.json maps back. A field the record lacks is an empty cell.
 * `encoding: 'unicode'` writes UTF-16LE with a BOM, as `tracerpt -en Unicode` does.
 */
import type {Writable} from 'node:stream'
import type {EventName} from '../../trace/event-catalogue.js'
import {DEFAULT_HEADER, MICROSECONDS_PER_UNIT, type TraceEvent, type TraceHeader} from '../../trace/event.js'
import {DEFAULT_TRACE_START, eventIdOf, fieldsOf, isStringField, opcodeOf, opcodeShortName, renderField, taskOf, ticksOf} from './etw-layout.js'
import {TextOutput, type EtwWriterOptions, type TraceWriter} from './text-output.js'

/** The header row, cell by cell, exactly as tracerpt pads it (Windows 10 19041). */
export const TRACERPT_CSV_HEADER = [
  '  Event Name', '       Type', '     Event ID', '    Version', '    Channel', '      Level', '     Opcode', '       Task', '            Keyword',
  '        PID', '        TID', '     Processor Number', '  Instance ID', '   Parent Instance ID', '                              Activity ID',
  '                      Related Activity ID', '           Clock-Time', ' Kernel(ms)', '   User(ms)', ' User Data',
]
const W = TRACERPT_CSV_HEADER.map((c) => c.length)
const ZERO_GUID = '{00000000-0000-0000-0000-000000000000}'
const EOL = '\r\n'

export interface TracerptCsvOptions extends EtwWriterOptions {
  /** `ansi` (default; the text is ASCII) or `unicode` (UTF-16LE with a BOM, `tracerpt -en Unicode`). */
  encoding?: 'ansi' | 'unicode'
}

export function createTracerptCsvWriter(out: Writable, options: TracerptCsvOptions = {}): TraceWriter {
  const provider = options.provider ?? 'Contoso-WskDriver'
  const pid = String(options.pid ?? 4)
  const start = options.traceStart ?? DEFAULT_TRACE_START
  const unicode = options.encoding === 'unicode'
  const output = new TextOutput(out, unicode ? 'utf16le' : 'latin1')
  let header: TraceHeader | undefined
  let usPerUnit = 1

  const fixed = (cells: string[]): string => cells.map((c, i) => c.padStart(W[i])).join(',')

  const writeHeader = (h: TraceHeader): void => {
    header = h
    usPerUnit = MICROSECONDS_PER_UNIT[h.timeUnit]
    const s = String(start)
    // BufferSize … EventsLost (12th) … BuffersLost (3rd from the end), SessionName, LogFileName.
    const userData = ['65536', '131082', '19041', '8', s, '156250', '0', '1', '0', '1', '8', String(h.eventsLost), '1800', '0', '0', s, '10000000', s, '1', '0']
      .map((v) => ' ' + v)
      .concat([' "WskTrace"', ` "${options.traceName ?? 'C:\\wsk.etl'}"`])
    const row = fixed(['EventTrace', 'Header', '0', '2', '0', '0', '0', '0', '0x0000000000000000', pid, '0', '0', '', '', ZERO_GUID, '', s, '0', '0']) + ',' + userData.join(',')
    void output.write((unicode ? '\ufeff' : '') + TRACERPT_CSV_HEADER.join(',') + EOL + row + EOL)
  }

  return {
    header: writeHeader,
    event(e: TraceEvent) {
      if (header === undefined) writeHeader(DEFAULT_HEADER)
      const event = e.event as EventName
      const clock = String(start + BigInt(ticksOf(e, header!.timeUnit, usPerUnit)))
      const cells = [
        provider, opcodeShortName(e.phase), String(eventIdOf(event, e.phase)), '0', '0', '4', String(opcodeOf(e.phase)), String(taskOf(event)),
        '0x0000000000000000', pid, String(e.tid), String(e.cpu ?? 0), '', '', ZERO_GUID, '', clock, '0', '0',
      ]
      let row = fixed(cells)
      for (const f of fieldsOf(e)) {
        const v = renderField(e, f, 'upper')
        row += v === '' ? ',' : isStringField(f, e, v) ? `, "${v}"` : `, ${v}`
      }
      return output.write(row + EOL)
    },
    async end() {
      if (header === undefined) writeHeader(DEFAULT_HEADER)
      await output.end()
    },
  }
}
