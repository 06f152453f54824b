/**
 * Canonical events → `xperf -a dumper` text, as xperf writes it for a TraceLogging provider
 * (columns and padding copied from a real dump, etw-samples/xperf-dumper_dxgkrnl-dwm_excerpt.txt;
 * the preamble from rustc-perf's parser tests):
 *
 * ```
 * BeginHeader
 * Contoso.WskDriver/WskAcceptEvent/win:Start,  TimeStamp,     Process Name ( PID),   ThreadID, CPU, etw:ActivityId, etw:Related ActivityId, etw:UserSid, etw:SessionId, Irql, Socket, Flags, …
 * …one line per DDI and opcode
 * EndHeader
 * OS Version: 10.0.19041, Trace Size: 0KB, Events Lost: 0, Buffers lost: 0, Trace Start: 133127435730482450, Trace Length: 0 sec, PointerSize: 8, Trace Name: wsk.etl
 * FirstReliableEventTimeStamp, 0
 * Contoso.WskDriver/WskAcceptEvent/win:Start,        100,        "Unknown" (   4),          9,   2, , , , , 2, 0xffffa00100001000, 0x00000008, …
 * ```
 *
 * TimeStamp is whole microseconds since the trace start (finer canonical times are rounded).
 * Trace Size and Trace Length are not known while streaming and are written as 0.
 */
import type {Writable} from 'node:stream'
import {EVENT_NAMES, type EventName} from '../../trace/event-catalogue.js'
import {DEFAULT_HEADER, MICROSECONDS_PER_UNIT, type TraceEvent, type TraceHeader} from '../../trace/event.js'
import {DDI_FIELDS, DEFAULT_TRACE_START, fieldsOf, microsecondsOf, opcodeWinName, PHASES, renderField, tlFieldName} from './etw-layout.js'
import {TextOutput, type EtwWriterOptions, type TraceWriter} from './text-output.js'

export function createDumperWriter(out: Writable, options: EtwWriterOptions = {}): TraceWriter {
  const provider = options.provider ?? 'Contoso.WskDriver'
  const process = `"Unknown" (${String(options.pid ?? 4).padStart(4)})`.padStart(23)
  const output = new TextOutput(out, 'utf8')
  let header: TraceHeader | undefined
  let usPerUnit = 1

  const writeHeader = (h: TraceHeader): void => {
    header = h
    usPerUnit = MICROSECONDS_PER_UNIT[h.timeUnit]
    const lines = ['BeginHeader']
    for (const event of EVENT_NAMES) {
      const names = DDI_FIELDS[event as EventName].map(tlFieldName)
      for (const phase of PHASES) {
        lines.push(
          [`${provider}/${event}/${opcodeWinName(phase)}`, 'TimeStamp'.padStart(10), 'Process Name ( PID)'.padStart(23), 'ThreadID'.padStart(10), 'CPU', 'etw:ActivityId', 'etw:Related ActivityId', 'etw:UserSid', 'etw:SessionId', ...names].join(', '),
        )
      }
    }
    lines.push(['FirstReliableEventTimeStamp', 'TimeStamp'.padStart(10)].join(', '), 'EndHeader')
    lines.push(
      `OS Version: 10.0.19041, Trace Size: 0KB, Events Lost: ${h.eventsLost}, Buffers lost: 0, Trace Start: ${options.traceStart ?? DEFAULT_TRACE_START}, Trace Length: 0 sec, PointerSize: 8, Trace Name: ${options.traceName ?? 'wsk.etl'}`,
      'FirstReliableEventTimeStamp, 0',
    )
    void output.write(lines.join('\n') + '\n')
  }

  return {
    header: writeHeader,
    event(e: TraceEvent) {
      if (header === undefined) writeHeader(DEFAULT_HEADER)
      const fields = fieldsOf(e)
      const cells = [
        `${provider}/${e.event}/${opcodeWinName(e.phase)}`,
        String(microsecondsOf(e, header!.timeUnit, usPerUnit)).padStart(10),
        process,
        String(e.tid).padStart(10),
        String(e.cpu ?? 0).padStart(3),
        '', '', '', '',
      ]
      for (const f of fields) cells.push(renderField(e, f, 'lower'))
      return output.write(cells.join(', ') + '\n')
    },
    async end() {
      if (header === undefined) writeHeader(DEFAULT_HEADER)
      await output.end()
    },
  }
}
