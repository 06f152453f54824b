/**
 * Opens a trace file of any supported format and feeds its canonical events to a TraceSink: the
 * one entry point lint, witness resolution and `convert` read through.
 *
 * The first chunk decides the format (src/etw/detect-format.ts), unless `inputFormat` says it:
 * canonical JSON Lines go to readJsonlStream unchanged, ETW exports through their reader and the
 * mapping (src/etw/read-etw.ts). Gzip is undone first, whatever the format. Every failure to read
 * the file at all is a FatalInputError with a one-line message; the file is read once, streaming.
 */
import {createReadStream} from 'node:fs'
import {stat} from 'node:fs/promises'
import path from 'node:path'
import {pipeline, Readable} from 'node:stream'
import {createGunzip} from 'node:zlib'
import {detectFormat, inputFormatTitle, type InputFormat} from '../etw/detect-format.js'
import {EventMapper} from '../etw/mapping/map-event.js'
import {loadMappingFile, MappingError, type MappingFile} from '../etw/mapping/mapping-file.js'
import {readEtwTrace, type SourceSummary} from '../etw/read-etw.js'
import {chooseEncoding} from '../etw/text-input.js'
import type {FileResult} from '../findings/finding.js'
import {asFatal, FatalInputError, readJsonlStream, toBuffer, type TraceSink} from '../trace/jsonl-reader.js'

export type {SourceSummary} from '../etw/read-etw.js'

export interface TraceSourceOptions {
  /** The same bytes again from the start in smaller chunks (a file can; stdin cannot): used for ETW exports. */
  reopen?: () => AsyncIterable<Buffer>
  /** `auto` (default): detected from the first bytes. */
  inputFormat?: InputFormat | 'auto'
  /** Mapping files for ETW exports (paths; relative ones from the working directory). */
  mappings?: readonly string[]
  /** Hand events to the sink in one reused object (the sink keeps no reference to them). */
  reuseEvents?: boolean
  /**
   * Awaited (when it returns a promise) before the next chunk of input is read: a consumer whose
   * own output is full (convert writing to a slow pipe) holds the reading back, so memory stays
   * bounded whatever the speed of the output.
   */
  gate?: () => Promise<void> | undefined
}

/** `source` read no faster than `gate` allows. */
async function* gated<T>(source: AsyncIterable<T>, gate: () => Promise<void> | undefined): AsyncGenerator<T> {
  for await (const chunk of source) {
    yield chunk
    const wait = gate()
    if (wait !== undefined) await wait
  }
}

const CHUNK_SIZE = 1 << 20
/**
 * ETW exports are read in 64 KiB pieces: text chunks above V8's 128 KiB large-object size go
 * straight to the old generation, and a CSV reader that makes 30 strings a row then keeps ~40 MB
 * more heap (measured on 300k events: peak RSS 200 → 158 MB for tracerpt CSV, 142 → 112 MB for
 * dumper text, same time). JSON Lines keep their reader's 1 MiB.
 */
const ETW_CHUNK_SIZE = 64 << 10

/** Reads `file` (`-` = stdin) into `sink`. Throws FatalInputError when the file cannot be read as a trace. */
export async function readTraceSource(file: string, sink: TraceSink, options: TraceSourceOptions = {}): Promise<SourceSummary> {
  const gate = options.gate
  const through = <T>(source: AsyncIterable<T>): AsyncIterable<T> => (gate === undefined ? source : gated(source, gate))
  if (file === '-') return readTraceStream(through(process.stdin as AsyncIterable<Buffer | string>), 'stdin', sink, options)
  try {
    if ((await stat(file)).isDirectory()) throw new FatalInputError(`cannot read ${file}: is a directory`)
  } catch (err) {
    throw fatal(err, file)
  }
  const stream = createReadStream(file, {highWaterMark: CHUNK_SIZE})
  let again: ReturnType<typeof createReadStream> | undefined
  try {
    const reopen = (): AsyncIterable<Buffer> => through((again = createReadStream(file, {highWaterMark: ETW_CHUNK_SIZE})) as AsyncIterable<Buffer>)
    return await readTraceStream(through(stream as AsyncIterable<Buffer>), file, sink, {...options, reopen})
  } finally {
    stream.destroy()
    again?.destroy()
  }
}

/** Reads a byte stream (stdin, a spool, a test's Readable) named `name` in messages into `sink`. */
export async function readTraceStream(source: AsyncIterable<Buffer | string>, name: string, sink: TraceSink, options: TraceSourceOptions = {}): Promise<SourceSummary> {
  let gunzip: ReturnType<typeof createGunzip> | undefined
  try {
    let it = source[Symbol.asyncIterator]()
    let first = await it.next()
    let head = first.done === true ? Buffer.alloc(0) : toBuffer(first.value)
    if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
      gunzip = createGunzip({chunkSize: 64 << 10})
      pipeline(Readable.from(resume(head, it)), gunzip, () => {})
      it = (gunzip as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
      first = await it.next()
      head = first.done === true ? Buffer.alloc(0) : toBuffer(first.value)
    }
    let chunks: AsyncIterable<Buffer | string> = head.length === 0 ? empty() : resume(head, it)
    const forced = options.inputFormat !== undefined && options.inputFormat !== 'auto' ? options.inputFormat : undefined
    let format: InputFormat
    let encoding = chooseEncoding(head)
    if (forced !== undefined) {
      format = forced
    } else {
      const detected = detectFormat(head, name)
      if ('error' in detected) throw new FatalInputError(detected.error)
      format = detected.format
      encoding = detected.encoding
    }
    if (format === 'jsonl') {
      await readJsonlStream(chunks, sink, {name, reuseEvents: options.reuseEvents})
      return {format, ignored: 0, skipped: 0, unmapped: [], eventsLost: 0, buffersLost: 0, notes: []}
    }
    // A plain file is read again from its start in smaller chunks (see ETW_CHUNK_SIZE), except
    // UTF-8 dumper text and tracerpt CSV: their readers split the bytes and make no chunk-sized string.
    const bytesRead = (format === 'dumper' || format === 'tracerpt-csv') && encoding.encoding === 'utf-8'
    if (gunzip === undefined && options.reopen !== undefined && head.length > 0 && !bytesRead) chunks = options.reopen()
    const mapper = new EventMapper(await loadMappings(options.mappings ?? []))
    return await readEtwTrace(chunks, format, sink, {mapper, encoding, reuseEvents: options.reuseEvents})
  } catch (err) {
    throw fatal(err, name, forcedFormatHint(options))
  } finally {
    gunzip?.destroy()
  }
}

/** Loads mapping files (cached per process); a bad one is fatal for the file, with its message. */
export async function loadMappings(paths: readonly string[]): Promise<MappingFile[]> {
  const out: MappingFile[] = []
  for (const p of paths) out.push(await loadMappingFile(path.resolve(p), p))
  return out
}

function forcedFormatHint(options: TraceSourceOptions): string | undefined {
  const f = options.inputFormat
  return f !== undefined && f !== 'auto' ? `read as ${inputFormatTitle(f)} (--input-format)` : undefined
}

async function* resume(head: Buffer, it: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer | string> {
  yield head
  for (;;) {
    const r = await it.next()
    if (r.done === true) return
    yield r.value
  }
}

async function* empty(): AsyncGenerator<Buffer> {}

/** A read error of any format, worded once for all readers (see asFatal); a bad mapping file is fatal too. */
function fatal(err: unknown, name: string, hint?: string): unknown {
  if (err instanceof MappingError) return new FatalInputError(err.lines.join('; '))
  return asFatal(err, name, undefined, hint)
}

/**
 * The part of a FileResult that tells what an ETW export held besides WSK records: `source`, a
 * SourceSummary (nothing for JSON Lines, so their results and reports are unchanged).
 */
export function withSource(s: SourceSummary | undefined): {source?: SourceSummary} {
  return s === undefined || s.format === 'jsonl' ? {} : {source: s}
}

/** The SourceSummary lintFile attached to a result (an ETW export), if any. */
export function sourceOf(result: FileResult): SourceSummary | undefined {
  return result.source
}
