/**
 * Canonical events → `tracerpt -of XML` (the Windows event schema, laid out as in Microsoft's
 * sample of tracerpt output, etw-formats.md §1.3): `<Events>` at byte 0, the kernel logger's
 * trace header event first (EventsLost, BuffersLost), then one `<Event>` per record with the
 * fields the record carries as `EventData/Data@Name`, and the TraceLogging event name in
 * `RenderingInfo/Task`. CRLF line ends.
 */
import {createHash} from 'node:crypto'
import type {Writable} from 'node:stream'
import {DEFAULT_HEADER, MICROSECONDS_PER_UNIT, type TraceEvent, type TraceHeader} from '../../trace/event.js'
import {filetimeToIso} from '../clock.js'
import {DEFAULT_TRACE_START, fieldsOf, opcodeOf, opcodeShortName, renderField, ticksOf, tlFieldName} from './etw-layout.js'
import {TextOutput, type EtwWriterOptions, type TraceWriter} from './text-output.js'

const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event'
const TRACE_NS = 'http://schemas.microsoft.com/win/2004/08/events/trace'
const EVENT_TRACE_GUID = '{68fdd900-4a3e-11d1-84f4-0000f80464e3}'
const ZERO_GUID = '{00000000-0000-0000-0000-000000000000}'
const EOL = '\r\n'

export function createTracerptXmlWriter(out: Writable, options: EtwWriterOptions = {}): TraceWriter {
  const provider = options.provider ?? 'Contoso.WskDriver'
  const guid = options.providerGuid ?? providerGuidFromName(provider)
  const pid = options.pid ?? 4
  const start = options.traceStart ?? DEFAULT_TRACE_START
  const output = new TextOutput(out, 'utf8')
  let header: TraceHeader | undefined
  let usPerUnit = 1

  const writeHeader = (h: TraceHeader): void => {
    header = h
    usPerUnit = MICROSECONDS_PER_UNIT[h.timeUnit]
    const data: Array<[string, string]> = [
      ['BufferSize', '65536'], ['Version', '83951626'], ['ProviderVersion', '19041'], ['NumberOfProcessors', '8'], ['EndTime', String(start)],
      ['TimerResolution', '156250'], ['MaxFileSize', '0'], ['LogFileMode', '0x00000001'], ['BuffersWritten', '0'], ['StartBuffers', '1'],
      ['PointerSize', '8'], ['EventsLost', String(h.eventsLost)], ['CPUSpeed', '1800'], ['BootTime', String(start)], ['PerfFreq', '10000000'],
      ['StartTime', String(start)], ['ReservedFlags', '1'], ['BuffersLost', '0'], ['SessionName', 'WskTrace'], ['LogFileName', options.traceName ?? 'C:\\wsk.etl'],
    ]
    const lines = [
      '<Events>',
      `<Event xmlns="${EVENT_NS}">`,
      '    <System>',
      `        <Provider Guid="${EVENT_TRACE_GUID}" />`,
      '        <EventID>0</EventID>',
      '        <Version>2</Version>',
      '        <Level>0</Level>',
      '        <Task>0</Task>',
      '        <Opcode>0</Opcode>',
      '        <Keywords>0x0</Keywords>',
      `        <TimeCreated SystemTime="${filetimeToIso(start)}" />`,
      `        <Correlation ActivityID="${ZERO_GUID}" />`,
      `        <Execution ProcessID="${pid}" ThreadID="0" ProcessorID="0" KernelTime="0" UserTime="0" />`,
      '        <Channel />',
      '        <Computer />',
      '    </System>',
      '    <EventData>',
      ...data.map(([n, v]) => `        <Data Name="${n}">${escapeXml(v)}</Data>`),
      '    </EventData>',
      '    <RenderingInfo Culture="en-US">',
      '        <Opcode>Header</Opcode>',
      '        <Provider>MSNT_SystemTrace</Provider>',
      `        <EventName xmlns="${TRACE_NS}">EventTrace</EventName>`,
      '    </RenderingInfo>',
      `    <ExtendedTracingInfo xmlns="${TRACE_NS}">`,
      `        <EventGuid>${EVENT_TRACE_GUID}</EventGuid>`,
      '    </ExtendedTracingInfo>',
      '</Event>',
    ]
    void output.write(lines.join(EOL) + EOL)
  }

  return {
    header: writeHeader,
    event(e: TraceEvent) {
      if (header === undefined) writeHeader(DEFAULT_HEADER)
      const time = filetimeToIso(start + BigInt(ticksOf(e, header!.timeUnit, usPerUnit)))
      const lines = [
        `<Event xmlns="${EVENT_NS}">`,
        '    <System>',
        `        <Provider Name="${escapeXml(provider)}" Guid="${guid}" />`,
        '        <EventID>0</EventID>',
        '        <Version>0</Version>',
        '        <Level>5</Level>',
        '        <Task>0</Task>',
        `        <Opcode>${opcodeOf(e.phase)}</Opcode>`,
        '        <Keywords>0x0</Keywords>',
        `        <TimeCreated SystemTime="${time}" />`,
        `        <Correlation ActivityID="${ZERO_GUID}" />`,
        `        <Execution ProcessID="${pid}" ThreadID="${escapeXml(String(e.tid))}" ProcessorID="${e.cpu ?? 0}" KernelTime="0" UserTime="0" />`,
        '        <Channel />',
        '        <Computer />',
        '    </System>',
        '    <EventData>',
      ]
      for (const f of fieldsOf(e)) {
        const v = renderField(e, f, 'upper')
        if (v !== '') lines.push(`        <Data Name="${tlFieldName(f)}">${escapeXml(v)}</Data>`)
      }
      lines.push(
        '    </EventData>',
        '    <RenderingInfo Culture="en-US">',
        `        <Opcode>${opcodeShortName(e.phase)}</Opcode>`,
        `        <Task>${e.event}</Task>`,
        `        <Provider>${escapeXml(provider)}</Provider>`,
        '    </RenderingInfo>',
        '</Event>',
      )
      return output.write(lines.join(EOL) + EOL)
    },
    async end() {
      if (header === undefined) writeHeader(DEFAULT_HEADER)
      void output.write('</Events>' + EOL)
      await output.end()
    },
  }
}

export function escapeXml(s: string): string {
  return /[&<>"]/.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : s
}

/**
 * The GUID ETW derives from a provider name (TraceLogging's recommended name hash, as
 * EventSource computes it): SHA-1 over a fixed namespace and the upper-cased name in UTF-16BE,
 * first 16 bytes, version 5; printed with the first three fields little-endian.
 */
export function providerGuidFromName(name: string): string {
  const namespace = Buffer.from([0x48, 0x2c, 0x2d, 0xb2, 0xc3, 0x90, 0x47, 0xc8, 0x87, 0xf8, 0x1a, 0x15, 0xbf, 0xc1, 0x30, 0xfb])
  const utf16be = Buffer.from(name.toUpperCase(), 'utf16le').swap16()
  const b = createHash('sha1').update(namespace).update(utf16be).digest().subarray(0, 16)
  b[7] = (b[7] & 0x0f) | 0x50
  const hex = (from: number, to: number, reverse: boolean): string => {
    const bytes = [...b.subarray(from, to)]
    return (reverse ? bytes.reverse() : bytes).map((x) => x.toString(16).padStart(2, '0')).join('')
  }
  return `{${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}}`
}
