/**
 * Which format a trace file is in, from its first bytes (etw-formats.md §0):
 *
 * 1. A byte-order mark, or UTF-16LE recognised by its NUL bytes, picks the encoding.
 * 2. `<Events`, `<Event `, `<?xml` → tracerpt XML (a bare sequence of `<Event>` too).
 * 3. `BeginHeader`, or a first line `<key>,  TimeStamp, …` (an excerpt without BeginHeader) → xperf dumper.
 * 4. A first row `Event Name, Type, Event ID, …` (after trimming, possibly after an extra
 *    leading column such as pandas' `Index`) → tracerpt CSV.
 * 5. A first row naming `Provider Name` and `Task Name` or `Opcode Name` → WPA export.
 * 6. `{` → canonical wsk-trace JSON Lines. Anything unrecognised is left to the JSON Lines
 *    reader too, which says line by line what is wrong with it.
 *
 * Binary input is refused with a one-line hint: an `.etl` must be exported first, an `.evtx`
 * read back with wevtutil. Known exports wsktrace does not read (PerfView CSV, TraceEvent text,
 * Get-WinEvent JSON) are refused naming a supported export to produce instead.
 */
import {FORMAT_TITLES, type EtwFormat} from './raw-event.js'
import {chooseEncoding, ChunkDecoder, type EncodingChoice} from './text-input.js'

export type InputFormat = 'jsonl' | EtwFormat

export const INPUT_FORMATS: readonly InputFormat[] = ['jsonl', 'dumper', 'tracerpt-xml', 'tracerpt-csv', 'wpa-csv']

export function inputFormatTitle(f: InputFormat): string {
  return f === 'jsonl' ? 'wsk-trace JSON Lines' : FORMAT_TITLES[f]
}

export interface Detected {
  format: InputFormat
  encoding: EncodingChoice
}

/** Why a file is refused: one line, ready to print. */
export interface Refused {
  error: string
}

const EXPORT_HINT = 'export it with `tracerpt x.etl -of XML -o x.xml` or `xperf -i x.etl -o x.txt -a dumper` first'
export const ETL_MESSAGE = `this is a binary ETL file: ${EXPORT_HINT}`
const EVTX_MESSAGE = 'this is a binary EVTX event log: read it back with `wevtutil qe x.evtx /lf:true /f:xml > x.xml` first'

/** How much of the start is examined (the reader passes at least its first chunk). */
export const DETECT_BYTES = 64 << 10

export function detectFormat(head: Uint8Array, name: string): Detected | Refused {
  if (startsWithAscii(head, 'ElfFile\0')) return {error: EVTX_MESSAGE}
  const encoding = chooseEncoding(head)
  if (encoding.encoding !== 'utf-16le') {
    const sniff = head.subarray(0, 4096)
    if (sniff.indexOf(0) !== -1) {
      // Binary. An .etl by name or by its first buffer header (BufferSize, a power of two ≥ 4 KiB);
      // anything else is left to the JSON Lines reader, whose message mentions .etl too.
      if (/\.etl$/i.test(name) || looksLikeEtlBuffer(head)) return {error: ETL_MESSAGE}
      return {format: 'jsonl', encoding}
    }
  }
  const decoder = new ChunkDecoder(encoding.encoding, encoding.bomLength)
  const text = decoder.write(head.subarray(0, DETECT_BYTES))
  const format = detectText(text)
  if (typeof format !== 'string') return format
  // JSON Lines must be UTF-8: its reader refuses UTF-16 with its own message.
  return {format, encoding}
}

/** The format of decoded text; JSON Lines when nothing else fits. */
export function detectText(text: string): InputFormat | Refused {
  let i = 0
  while (i < text.length && isSpace(text.charCodeAt(i))) i++
  const start = text.slice(i, i + 4096)
  if (start.startsWith('<')) return xmlRoot(start)
  if (start.startsWith('{')) return 'jsonl'
  const nl = start.indexOf('\n')
  const first = (nl === -1 ? start : start.slice(0, nl)).replace(/\r$/, '')
  if (first.trim() === 'BeginHeader') return 'dumper'
  const cells = first.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'))
  if (cells.length >= 3 && cells[1] === 'TimeStamp') return 'dumper'
  if (first.startsWith('OS Version:')) return 'dumper'
  const ev = cells.indexOf('Event Name')
  if (ev !== -1 && cells[ev + 1] === 'Type' && cells[ev + 2] === 'Event ID') return 'tracerpt-csv'
  if (cells.includes('Provider Name') && (cells.includes('Task Name') || cells.includes('Opcode Name'))) return 'wpa-csv'
  const semicolon = first.split(';').map((c) => c.trim())
  if ((cells[0] === 'Event Name' && cells[1] === 'Time MSec') || (semicolon[0] === 'Event Name' && semicolon[1] === 'Time MSec')) {
    return {error: `PerfView CSV is not supported: ${EXPORT_HINT.replace('export it', 'export the .etl')}`}
  }
  if (/^EVENT [\d,.]+: /.test(first)) return {error: `TraceEvent text is not supported: ${EXPORT_HINT.replace('export it', 'export the .etl')}`}
  if (start.startsWith('[') && /"(ProviderName|TimeCreated)"\s*:/.test(start)) {
    return {error: `Get-WinEvent JSON is not supported (its payload has no field names): ${EXPORT_HINT.replace('export it', 'export the .etl')}`}
  }
  return 'jsonl'
}

/** `<Events>` / `<Event>` → tracerpt XML; another root element is refused. */
function xmlRoot(start: string): InputFormat | Refused {
  let k = 0
  for (;;) {
    const lt = start.indexOf('<', k)
    if (lt === -1) return 'tracerpt-xml' // only a prolog in the first 4 KiB: let the reader judge
    const c = start.charCodeAt(lt + 1)
    if (c === 63 /* ? */ || c === 33 /* ! */) {
      const gt = start.indexOf('>', lt)
      if (gt === -1) return 'tracerpt-xml'
      k = gt + 1
      continue
    }
    const name = /^<([A-Za-z_][\w.:-]*)/.exec(start.slice(lt))?.[1] ?? ''
    const local = name.slice(name.indexOf(':') + 1)
    if (local === 'Events' || local === 'Event') return 'tracerpt-xml'
    return {error: `XML whose root element is <${name}>, not a tracerpt export (<Events> of <Event> elements)`}
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff
}

function startsWithAscii(b: Uint8Array, s: string): boolean {
  if (b.length < s.length) return false
  for (let i = 0; i < s.length; i++) if (b[i] !== s.charCodeAt(i)) return false
  return true
}

/** An ETL file starts with a WMI buffer header whose first field, BufferSize, is a power of two (usually 64 KiB). */
function looksLikeEtlBuffer(head: Uint8Array): boolean {
  if (head.length < 72) return false
  const size = head[0] | (head[1] << 8) | (head[2] << 16) | (head[3] << 24)
  return size >= 4096 && size <= 64 << 20 && (size & (size - 1)) === 0
}
