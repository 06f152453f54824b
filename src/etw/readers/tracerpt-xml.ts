/**
 * Reader of `tracerpt x.etl -of XML` (the Windows event schema, etw-formats.md §1.3), and of a
 * bare sequence of `<Event>` elements with no root (`wevtutil qe … /f:xml`), streaming: saxes
 * parses the text chunk by chunk and each `<Event>` is turned into a raw event as it closes.
 *
 * ```xml
 * <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
 *     <System>
 *         <Provider Name="Contoso.WskDriver" Guid="{…}" />
 *         <EventID>0</EventID> <Version>0</Version> <Task>0</Task> <Opcode>1</Opcode>
 *         <TimeCreated SystemTime="2022-11-12T16:19:33.048245000Z" />
 *         <Execution ProcessID="4" ThreadID="9" ProcessorID="2" />
 *     </System>
 *     <EventData><Data Name="Socket">0xFFFFA00100001000</Data> …</EventData>
 *     <RenderingInfo Culture="en-US"><Opcode>Start</Opcode><Task>WskAcceptEvent</Task></RenderingInfo>
 * </Event>
 * ```
 *
 * - Fields: `EventData/Data@Name`, or the leaves of a provider's `UserData` element.
 * - Identity: `System/Provider@Name`/`@Guid`, `EventID`, `Version`, `Task`, `Opcode`, and the
 *   names in `RenderingInfo` (`Task` — a TraceLogging event name —, `EventName`, `Opcode`).
 * - Time: `TimeCreated@SystemTime` (ISO, made relative to the first event, in ns); `@RawTime`
 *   (tracerpt -rts) only when SystemTime is missing, read as FILETIME ticks.
 * - The trace header event (`EventTrace`, provider {68fdd900-…}) gives EventsLost/BuffersLost.
 * - An event tracerpt could not decode (`ProcessingErrorData`) is skipped and counted.
 * - Broken XML: the first well-formedness error is reported with its line and the rest of the
 *   file is not read; a file that ends inside an element is reported as truncated. Events read
 *   before either are kept.
 */
import {SaxesParser, type SaxesTagPlain} from 'saxes'
import {parseIntegerText} from '../../trace/name-table.js'
import {FiletimeClock, IsoClock, type Clock} from '../clock.js'
import {newLayout, type RawEvent, type RawLayout, type RawSink, type SourceMeta} from '../raw-event.js'
import {textChunks, type ByteSource, type ReadOptions} from './byte-source.js'

/** The kernel logger's trace header event (EventTrace/Header). */
const EVENT_TRACE_GUID = '{68fdd900-4a3e-11d1-84f4-0000f80464e3}'

/** What one `<Event>` collects while it is parsed. */
interface EventScratch {
  line: number
  providerName: string | undefined
  providerGuid: string | undefined
  eventId: string | undefined
  version: string | undefined
  task: string | undefined
  opcode: string | undefined
  renderedTask: string | undefined
  renderedOpcode: string | undefined
  renderedEventName: string | undefined
  renderedProvider: string | undefined
  systemTime: string | undefined
  rawTime: string | undefined
  pid: string | undefined
  tid: string | undefined
  cpu: string | undefined
  activityId: string | undefined
  names: Array<string | undefined>
  values: string[]
  processingError: string | undefined
}

/** Where the parser is inside an `<Event>`: which text is being collected. */
const enum Capture {
  None, EventID, Version, Task, Opcode, Data, UserDataField, RenderedTask, RenderedOpcode, RenderedEventName, RenderedProvider, ErrorCode,
}

export async function read(source: ByteSource, sink: RawSink, options: ReadOptions = {}): Promise<void> {
  const reader = new TracerptXmlReader(sink)
  let first = true
  for await (const chunk of textChunks(source, {fallback: 'utf-8', ...options})) {
    if (first) {
      first = false
      reader.start(chunk)
    }
    if (!reader.write(chunk)) break
  }
  reader.end()
}

class TracerptXmlReader {
  private parser: SaxesParser | undefined
  private readonly meta: SourceMeta = {format: 'tracerpt-xml', timeUnit: 'ns', eventsLost: 0, buffersLost: 0, notes: []}
  private clock: Clock | undefined
  private headerSent = false
  private readonly layouts = new Map<string, RawLayout>()
  /** Element names from the root down (local names). */
  private readonly stack: string[] = []
  private eventDepth = -1
  private ev: EventScratch | undefined
  private capture = Capture.None
  /** Depth of the element whose text is collected. */
  private captureDepth = 0
  private text = ''
  private section: 'System' | 'EventData' | 'UserData' | 'RenderingInfo' | 'ProcessingErrorData' | 'Other' | undefined
  private failed: {line: number; message: string} | undefined
  private eventsSeen = 0

  constructor(private readonly sink: RawSink) {}

  /** Picks the parser mode from the first chunk: a bare `<Event>` sequence needs fragment mode. */
  start(chunk: string): void {
    const bare = isBareSequence(chunk)
    const parser = new SaxesParser({fragment: bare, xmlns: false, position: true})
    parser.on('opentag', (tag) => this.open(tag))
    parser.on('closetag', (tag) => this.close(tag.name))
    parser.on('text', (t) => {
      if (this.capture !== Capture.None) this.text += t
    })
    parser.on('error', (err) => {
      this.failed ??= {line: parser.line, message: err.message.replace(/^\d+:\d+: /, '')}
    })
    this.parser = parser
    this.bare = bare
  }

  private bare = false

  /** Feeds one chunk; false once the XML is broken (the rest is not read). */
  write(chunk: string): boolean {
    let text = chunk
    if (this.bare && this.stack.length === 0 && this.eventsSeen === 0 && text.trimStart().startsWith('<?xml')) {
      // Fragment mode refuses an XML declaration: blank it (same length, same lines).
      const end = text.indexOf('?>')
      if (end !== -1) text = text.slice(0, end + 2).replace(/[^\n]/g, ' ') + text.slice(end + 2)
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    this.parser!.write(text)
    if (this.failed !== undefined) {
      this.sink.invalid(this.failed.line, `XML error: ${this.failed.message}; the rest of the file is not read`)
      return false
    }
    return true
  }

  end(): void {
    if (this.parser === undefined) {
      // No text at all (an empty file read as XML): no event, and nothing to report.
      this.sendHeader()
      return
    }
    if (this.failed === undefined) {
      const open = this.ev
      const lastLine = this.parser.line
      this.parser.close()
      if (this.failed !== undefined) {
        // Reported at the event that was cut (or the last line): the events before it were read.
        if (open !== undefined) this.sink.invalid(open.line, `the XML ends inside this <Event> (line ${lastLine} is the last): the file is truncated`)
        else this.sink.invalid(lastLine, 'the XML ends before its root element is closed: the file is truncated')
      }
    }
    this.sendHeader()
  }

  private open(tag: SaxesTagPlain): void {
    const name = localName(tag.name)
    this.stack.push(name)
    const depth = this.stack.length
    if (name === 'Event' && this.ev === undefined) {
      this.eventDepth = depth
      this.ev = newScratch(this.parser!.line)
      this.section = undefined
      return
    }
    const ev = this.ev
    if (ev === undefined) return
    // Inside a value being collected (a nested element of a field): its text is part of the value.
    if (this.capture !== Capture.None) return
    const rel = depth - this.eventDepth
    const attr = tag.attributes as Record<string, string>
    if (rel === 1) {
      this.section = name === 'System' || name === 'EventData' || name === 'UserData' || name === 'RenderingInfo' || name === 'ProcessingErrorData' ? name : 'Other'
      if (name === 'ProcessingErrorData') ev.processingError = 'ProcessingErrorData'
      return
    }
    this.text = ''
    this.captureDepth = depth
    switch (this.section) {
      case 'System':
        if (rel !== 2) return
        switch (name) {
          case 'Provider':
            ev.providerName = attribute(attr, 'Name') || undefined
            ev.providerGuid = attribute(attr, 'Guid')?.toLowerCase() || undefined
            return
          case 'EventID':
            this.capture = Capture.EventID
            return
          case 'Version':
            this.capture = Capture.Version
            return
          case 'Task':
            this.capture = Capture.Task
            return
          case 'Opcode':
            this.capture = Capture.Opcode
            return
          case 'TimeCreated':
            ev.systemTime = attribute(attr, 'SystemTime')
            ev.rawTime = attribute(attr, 'RawTime')
            return
          case 'Execution':
            ev.pid = attribute(attr, 'ProcessID')
            ev.tid = attribute(attr, 'ThreadID')
            ev.cpu = attribute(attr, 'ProcessorID')
            return
          case 'Correlation': {
            const id = attribute(attr, 'ActivityID')?.toLowerCase()
            ev.activityId = id !== undefined && id !== '{00000000-0000-0000-0000-000000000000}' ? id : undefined
            return
          }
          default:
            return
        }
      case 'EventData':
        if (rel === 2 && name === 'Data') {
          ev.names.push(attribute(attr, 'Name') || undefined)
          this.capture = Capture.Data
        }
        return
      case 'UserData':
        // <UserData><ProviderTemplate xmlns=…><Field>value</Field>…
        if (rel === 3) {
          ev.names.push(name)
          this.capture = Capture.UserDataField
        }
        return
      case 'RenderingInfo':
        if (rel !== 2) return
        this.capture =
          name === 'Task' ? Capture.RenderedTask : name === 'Opcode' ? Capture.RenderedOpcode : name === 'EventName' ? Capture.RenderedEventName : name === 'Provider' ? Capture.RenderedProvider : Capture.None
        return
      case 'ProcessingErrorData':
        if (name === 'ErrorCode') this.capture = Capture.ErrorCode
        return
      default:
        // ExtendedTracingInfo/EventGuid and vendor elements: not needed.
        return
    }
  }

  private close(qname: string): void {
    const depth = this.stack.length
    this.stack.pop()
    const ev = this.ev
    if (ev === undefined) return
    if (depth === this.eventDepth && localName(qname) === 'Event') {
      this.ev = undefined
      this.eventDepth = -1
      this.capture = Capture.None
      this.finish(ev)
      return
    }
    if (this.capture === Capture.None || depth !== this.captureDepth) return
    const t = this.text
    switch (this.capture) {
      case Capture.EventID:
        ev.eventId = t.trim()
        break
      case Capture.Version:
        ev.version = t.trim()
        break
      case Capture.Task:
        ev.task = t.trim()
        break
      case Capture.Opcode:
        ev.opcode = t.trim()
        break
      case Capture.Data:
      case Capture.UserDataField:
        ev.values.push(t)
        break
      case Capture.RenderedTask:
        ev.renderedTask = t.trim() || undefined
        break
      case Capture.RenderedOpcode:
        ev.renderedOpcode = t.trim() || undefined
        break
      case Capture.RenderedEventName:
        ev.renderedEventName = t.trim() || undefined
        break
      case Capture.RenderedProvider:
        ev.renderedProvider = t.trim() || undefined
        break
      case Capture.ErrorCode:
        ev.processingError = `ProcessingErrorData, ErrorCode ${t.trim()}`
        break
    }
    this.capture = Capture.None
    this.text = ''
  }

  private finish(ev: EventScratch): void {
    this.eventsSeen++
    if (!this.headerSent && isTraceHeader(ev)) {
      this.traceHeader(ev)
      this.timeOf(ev) // the trace start is the time origin
      return
    }
    const layout = this.layoutOf(ev)
    if (ev.processingError !== undefined) {
      this.sink.skipped(ev.line, `tracerpt could not decode this event (${ev.processingError})`, layout)
      return
    }
    const ts = this.timeOf(ev)
    if (ts === undefined) {
      this.sink.skipped(ev.line, 'event without a usable TimeCreated (SystemTime or RawTime)', layout)
      return
    }
    this.sendHeader()
    const raw: RawEvent = {
      layout,
      line: ev.line,
      time: ev.systemTime ?? ev.rawTime ?? '',
      ts,
      tid: number(ev.tid),
      pid: number(ev.pid),
      process: undefined,
      cpu: number(ev.cpu),
      activityId: ev.activityId,
      values: ev.values,
      valueOffset: 0,
      valueCount: ev.values.length,
    }
    layout.count++
    this.sink.event(raw)
  }

  private timeOf(ev: EventScratch): number | undefined {
    if (this.clock === undefined) {
      if (ev.systemTime !== undefined) this.clock = new IsoClock()
      else if (ev.rawTime !== undefined) this.clock = new FiletimeClock()
      else return undefined
      this.meta.timeUnit = this.clock.timeUnit
    }
    const text = this.clock instanceof IsoClock ? ev.systemTime : ev.rawTime
    return text === undefined ? undefined : this.clock.ts(text)
  }

  /** Interned by identity and field names (events of one kind share them). */
  private layoutOf(ev: EventScratch): RawLayout {
    const providerName = ev.providerName ?? ev.renderedProvider
    const eventName = ev.renderedEventName ?? ev.renderedTask
    const opcodeName = ev.renderedOpcode
    const signature = [providerName, ev.providerGuid, eventName, ev.eventId, ev.version, ev.task, ev.opcode, opcodeName, ...ev.names].join('\u001f')
    let layout = this.layouts.get(signature)
    if (layout === undefined) {
      const eventId = number(ev.eventId)
      const opcode = number(ev.opcode)
      const shownEvent = eventName ?? (ev.task !== undefined && ev.task !== '0' ? `task ${ev.task}` : undefined)
      const shownOpcode = opcodeName ?? (opcode !== undefined ? `opcode ${opcode}` : '')
      const key = [providerName ?? ev.providerGuid ?? '?', shownEvent ?? `id ${eventId ?? '?'}`, shownOpcode].join('/') + (shownEvent !== undefined && eventId ? ` (id ${eventId} v${ev.version ?? 0})` : '')
      layout = newLayout({
        key, providerName, providerGuid: ev.providerGuid, eventName, task: number(ev.task), opcodeName, opcode, eventId, version: number(ev.version), names: ev.names.slice(),
      })
      this.layouts.set(signature, layout)
    }
    return layout
  }

  private traceHeader(ev: EventScratch): void {
    for (let i = 0; i < ev.names.length; i++) {
      const n = ev.names[i]
      const v = number(ev.values[i]?.trim())
      if (v === undefined) continue
      if (n === 'EventsLost') this.meta.eventsLost = v
      else if (n === 'BuffersLost') this.meta.buffersLost = v
    }
  }

  private sendHeader(): void {
    if (this.headerSent) return
    this.headerSent = true
    this.sink.header(this.meta)
  }
}

function newScratch(line: number): EventScratch {
  return {
    line, providerName: undefined, providerGuid: undefined, eventId: undefined, version: undefined, task: undefined, opcode: undefined,
    renderedTask: undefined, renderedOpcode: undefined, renderedEventName: undefined, renderedProvider: undefined, systemTime: undefined,
    rawTime: undefined, pid: undefined, tid: undefined, cpu: undefined, activityId: undefined, names: [], values: [], processingError: undefined,
  }
}

function isTraceHeader(ev: EventScratch): boolean {
  if (ev.providerGuid === EVENT_TRACE_GUID) return true
  return (ev.renderedEventName === 'EventTrace' || ev.renderedTask === 'EventTrace') && ev.renderedOpcode === 'Header'
}

/** Element or attribute name without its namespace prefix. */
function localName(name: string): string {
  const colon = name.indexOf(':')
  return colon === -1 ? name : name.slice(colon + 1)
}

function attribute(attrs: Record<string, string>, name: string): string | undefined {
  const v = attrs[name]
  if (v !== undefined) return v
  for (const k in attrs) if (localName(k) === name) return attrs[k]
  return undefined
}

/** Decimal or `0x…` text → a non-negative integer. */
function number(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined
  const n = parseIntegerText(text)
  return n !== undefined && n >= 0 ? n : undefined
}

/** The first element of the text is `<Event`, not `<Events`: several events with no root. */
function isBareSequence(chunk: string): boolean {
  let k = 0
  for (;;) {
    const lt = chunk.indexOf('<', k)
    if (lt === -1) return false
    const c = chunk.charCodeAt(lt + 1)
    if (c === 63 || c === 33) {
      const gt = chunk.indexOf('>', lt)
      if (gt === -1) return false
      k = gt + 1
      continue
    }
    const m = /^<(?:[\w.-]+:)?(Events?)\b/.exec(chunk.slice(lt, lt + 40))
    return m?.[1] === 'Event'
  }
}
