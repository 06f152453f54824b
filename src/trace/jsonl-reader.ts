/**
 * Streaming reader of `wsk-trace` JSON Lines: file or stdin, plain or gzip, any size in constant
 * memory. 1 MiB chunks are split on '\n'; each line is read by the RecordScanner (one pass, no
 * JSON.parse) or, when it is anything but a plain valid record, by JSON.parse → normaliser (and
 * the schema when the normaliser refuses it, see recordToEvent) → sink. Not readline: it costs
 * ~35% more, per the measured baselines.
 *
 * Line numbers are physical 1-based lines of the decompressed text, blank lines included.
 * A bad line is reported to `sink.invalid` and skipped; replay goes on. Only input that cannot be
 * a trace at all (missing, a directory, binary, broken gzip, not wsk-trace v1) throws.
 */
import {createReadStream} from 'node:fs'
import {stat} from 'node:fs/promises'
import {pipeline, Readable} from 'node:stream'
import {createGunzip} from 'node:zlib'
import {DEFAULT_HEADER, newTraceEvent, type TraceEvent, type TraceHeader} from './event.js'
import {ByteLineSplitter} from './byte-line-splitter.js'
import {isNormalizeError, normalizeEvent} from './normalize.js'
import {sharedRecordScanner} from './record-scanner.js'
import {invalidRecordMessage, isHeaderError, parseHeader} from './validate.js'

export interface TraceSink {
  /** Called exactly once, before the first event: the file's header, or DEFAULT_HEADER with line 0. */
  header(h: TraceHeader, line: number): void
  event(e: TraceEvent): void
  /** A line that is not a valid record; it is skipped. */
  invalid(line: number, message: string): void
}

/** The input cannot be read as a trace at all (exit 2 for this file, others go on). One-line message. */
export class FatalInputError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message)
    this.name = 'FatalInputError'
  }
}

export interface ReadOptions {
  /** Name used in messages (`cannot read <name>: …`); `stdin` by default for streams. */
  name?: string
  /** Force gunzip (a `.gz` name); otherwise gzip is detected by its magic bytes. */
  gzip?: boolean
  /**
   * Hand every record to the sink in ONE reused event object (its fields overwritten by the next
   * line). Only for sinks that keep no reference to an event after `event()` returns (lint's
   * replay keeps line numbers and copies). Saves an allocation per line.
   */
  reuseEvents?: boolean
  /** Longest line kept, in bytes; a longer one is reported and skipped. Default 16 MiB. */
  maxLineLength?: number
}

const CHUNK_SIZE = 1 << 20
const DEFAULT_MAX_LINE = 16 << 20
/** How much of the start of the (decompressed) input is checked for NUL bytes. */
const SNIFF_BYTES = 4096
const BINARY_MESSAGE = 'binary file: not a wsk-trace JSONL file (an .etl must be exported with tracerpt or xperf first)'

/** Reads `file` (a path, or `-` for stdin) into `sink`. Throws FatalInputError when it cannot. */
export async function readJsonlTrace(file: string, sink: TraceSink, options: Pick<ReadOptions, 'reuseEvents'> = {}): Promise<{lines: number}> {
  if (file === '-') return readJsonlStream(process.stdin, sink, {...options, name: 'stdin'})
  try {
    const st = await stat(file)
    if (st.isDirectory()) throw new FatalInputError(`cannot read ${file}: is a directory`)
  } catch (err) {
    throw asFatal(err, file, undefined)
  }
  const stream = createReadStream(file, {highWaterMark: CHUNK_SIZE})
  try {
    return await readJsonlStream(stream, sink, {...options, name: file, gzip: file.endsWith('.gz')})
  } finally {
    stream.destroy()
  }
}

/** Reads a byte stream (a file, stdin, or a test's Readable) into `sink`. */
export async function readJsonlStream(source: AsyncIterable<Buffer | string>, sink: TraceSink, options: ReadOptions = {}): Promise<{lines: number}> {
  const name = options.name ?? 'stdin'
  const lines = new JsonlRecords(sink, options.maxLineLength ?? DEFAULT_MAX_LINE, options.reuseEvents === true)
  let gunzip: ReturnType<typeof createGunzip> | undefined
  try {
    const it = source[Symbol.asyncIterator]()
    const first = await it.next()
    if (first.done === true) return {lines: lines.end()}
    const head = toBuffer(first.value)
    let chunks: AsyncIterable<Buffer | string>
    if (options.gzip === true || (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b)) {
      gunzip = createGunzip({chunkSize: 64 << 10})
      // pipeline destroys gunzip with any source error, so the loop below sees it.
      pipeline(Readable.from(resume(head, it)), gunzip, () => {})
      chunks = gunzip
    } else {
      chunks = resume(head, it)
    }
    let sniffed = 0
    for await (const chunk of chunks) {
      const buf = toBuffer(chunk)
      if (sniffed < SNIFF_BYTES) {
        sniff(buf, sniffed)
        sniffed += buf.length
      }
      lines.push(buf)
    }
    return {lines: lines.end()}
  } catch (err) {
    throw asFatal(err, name, lines.lineCount())
  } finally {
    gunzip?.destroy()
  }
}

/** The first chunk again, then the rest of the iterator. */
async function* resume(head: Buffer, it: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer | string> {
  yield head
  for (;;) {
    const r = await it.next()
    if (r.done === true) return
    yield r.value
  }
}

/** A chunk of any byte source as a Buffer (stdin may hand out strings). */
export function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
}

/** Refuses binary input: NUL bytes in the first 4 KiB (ETL, executables), or UTF-16 text. */
function sniff(buf: Buffer, offset: number): void {
  if (offset === 0 && buf.length >= 2) {
    const utf16 = (buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff) || (buf[0] === 0x7b && buf[1] === 0)
    if (utf16) throw new FatalInputError('UTF-16 text: a wsk-trace JSONL file must be UTF-8 (PowerShell: Out-File -Encoding utf8)')
  }
  const end = Math.min(buf.length, SNIFF_BYTES - offset)
  if (buf.subarray(0, end).indexOf(0) !== -1) throw new FatalInputError(BINARY_MESSAGE)
}

/**
 * An error of a read (fs, zlib) → FatalInputError with a one-line message naming the input (and,
 * with `hint`, what was being read: "cannot read x.csv (as tracerpt CSV): …"). Anything else (a
 * bug, an exception thrown by a sink) is not an input problem and is returned unchanged. Every
 * reader words its read failures through this one function.
 */
export function asFatal(err: unknown, name: string, line?: number, hint?: string): unknown {
  if (err instanceof FatalInputError) return err
  const e = err as NodeJS.ErrnoException
  if (!(err instanceof Error) || typeof e.code !== 'string') return err
  const at = line !== undefined && line > 0 ? line : undefined
  switch (e.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new FatalInputError(`cannot read ${name}: no such file`)
    case 'EISDIR':
      return new FatalInputError(`cannot read ${name}: is a directory`)
    case 'EACCES':
    case 'EPERM':
      return new FatalInputError(`cannot read ${name}: permission denied`)
    default: {
      if (e.code.startsWith('Z_')) return new FatalInputError(`cannot read ${name}: bad gzip stream (${e.message})`, at)
      const nl = e.message.indexOf('\n')
      return new FatalInputError(`cannot read ${name}${hint !== undefined ? ` ${hint}` : ''}: ${nl === -1 ? e.message : e.message.slice(0, nl)}`, at)
    }
  }
}

/**
 * Bytes → lines → records. Keeps only the unfinished last line between chunks (capped), so memory
 * does not grow with the file.
 */
class JsonlRecords {
  private readonly lines: ByteLineSplitter
  private headerDone = false
  /** The event every record is written into, with `reuseEvents`. */
  private readonly scratch: TraceEvent | undefined
  private readonly scanner = sharedRecordScanner()

  constructor(
    private readonly sink: TraceSink,
    maxLineLength: number,
    reuseEvents = false,
  ) {
    this.scratch = reuseEvents ? newTraceEvent(0) : undefined
    this.lines = new ByteLineSplitter(
      (buf, start, end, n) => this.line(buf, start, end, n),
      (n) => sink.invalid(n, `line longer than ${describeLength(maxLineLength)}`),
      maxLineLength,
    )
  }

  lineCount(): number {
    return this.lines.lines
  }

  push(buf: Buffer): void {
    this.lines.push(buf)
  }

  /** Flushes the last line (no final '\n') and returns the number of lines. */
  end(): number {
    this.lines.end()
    this.noHeader()
    return this.lines.lines
  }

  /** The first non-blank line is no header (or there is none): the sink gets the defaults, once. */
  private noHeader(): void {
    if (this.headerDone) return
    this.headerDone = true
    this.sink.header(DEFAULT_HEADER, 0)
  }

  /** Line `n`: bytes [start, end) of `buf`, its LF and CR cut off. */
  private line(buf: Buffer, start: number, end: number, n: number): void {
    // UTF-8 BOM (Notepad, PowerShell)
    if (n === 1 && end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3
    // Blank lines are ignored (but counted). A record starts with '{' after optional blanks.
    let i = start
    while (i < end && isBlank(buf[i] as number)) i++
    if (i === end) return
    if (this.headerDone) {
      // The common case: a well-formed record read in one pass; anything else goes to JSON.parse.
      const fast = this.scanner.scan(buf, i, end, n, this.scratch)
      if (fast !== undefined) {
        this.sink.event(fast)
        return
      }
    }
    this.record(buf.toString('utf8', start, end), n)
  }

  /** The JSON.parse path: the header, and every line the scanner leaves (it words all errors). */
  private record(text: string, n: number): void {
    let len = text.length
    if (len > 0 && text.charCodeAt(len - 1) === 13) len-- // a second CR
    let obj: unknown
    try {
      obj = JSON.parse(len === text.length ? text : text.slice(0, len))
    } catch (err) {
      this.noHeader()
      this.sink.invalid(n, 'not JSON: ' + jsonReason(err))
      return
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      this.noHeader()
      this.sink.invalid(n, `not a JSON object: each line must be one record {…} (got ${Array.isArray(obj) ? 'an array' : JSON.stringify(obj).slice(0, 40)})`)
      return
    }
    const record = obj as Record<string, unknown>
    if (!this.headerDone) {
      // The first non-blank line: a header iff it has `format`.
      this.headerDone = true
      if (Object.hasOwn(record, 'format')) {
        const h = parseHeader(record)
        if (!isHeaderError(h)) {
          this.sink.header(h, n)
          return
        }
        if (h.fatal === true) throw new FatalInputError(h.error, n)
        this.sink.header(DEFAULT_HEADER, 0)
        this.sink.invalid(n, h.error + ' (using the default header)')
        return
      }
      this.sink.header(DEFAULT_HEADER, 0)
    }
    // The normaliser checks every type; the schema only runs to word the message of a refused
    // record (same result as schema-then-normaliser, see recordToEvent, at a fraction of the cost).
    const e = normalizeEvent(record, n, this.scratch)
    if (!isNormalizeError(e)) {
      this.sink.event(e)
    } else if (Object.hasOwn(record, 'format') && !Object.hasOwn(record, 'event')) {
      // Looked for only now: valid records pay nothing for the check.
      this.sink.invalid(n, 'header record after the first record: a header may only be the first line')
    } else {
      this.sink.invalid(n, invalidRecordMessage(record, e))
    }
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13
}

/** JSON.parse's message, one short line (V8 quotes part of the input in it). */
function jsonReason(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err)
  return m.length > 100 ? m.slice(0, 97) + '...' : m
}

function describeLength(n: number): string {
  return n >= 1 << 20 && n % (1 << 20) === 0 ? `${n >> 20} MiB` : `${n} bytes`
}
