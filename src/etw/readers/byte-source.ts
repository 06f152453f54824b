/**
 * What a reader reads: a file path, or any stream of bytes (a file stream, stdin, a test's
 * Readable), decoded to text chunks with the encoding its first bytes call for (text-input.ts).
 */
import {createReadStream} from 'node:fs'
import {toBuffer} from '../../trace/jsonl-reader.js'
import {chooseEncoding, ChunkDecoder, type EncodingChoice} from '../text-input.js'

export type ByteSource = string | AsyncIterable<Uint8Array | string>

export interface ReadOptions {
  /** The encoding, when the caller already sniffed it (src/lint/trace-source.ts does). */
  encoding?: EncodingChoice
  /** What text that is not valid UTF-8 is read as (default Windows-1252, tracerpt's "ANSI"). */
  fallback?: 'windows-1252' | 'utf-8'
  /**
   * How the dumper reader cuts rows in bytes: in WebAssembly when this Node runs it (the
   * default), or in JavaScript. Both read every row alike (test/etw/dumper-byte-path.test.ts).
   */
  rowScanner?: 'webassembly' | 'javascript'
}

const CHUNK_SIZE = 1 << 20

/** The chunks of a source; a path is opened with 1 MiB reads and closed when iteration stops. */
export async function* byteChunks(source: ByteSource): AsyncGenerator<Uint8Array | string> {
  if (typeof source !== 'string') {
    yield* source
    return
  }
  const stream = createReadStream(source, {highWaterMark: CHUNK_SIZE})
  try {
    for await (const chunk of stream) yield chunk as Buffer
  } finally {
    stream.destroy()
  }
}

/** A source whose first chunk has been read (to choose a reader's path from its bytes). */
export interface PeekedSource {
  /** The first chunk; undefined for an empty source. */
  readonly first: Uint8Array | string | undefined
  /** Every chunk again, the first included (iterate once). */
  readonly chunks: AsyncIterable<Uint8Array | string>
}

/** Reads the first chunk of a source without losing it. */
export async function peekChunks(source: ByteSource): Promise<PeekedSource> {
  const rest = byteChunks(source)[Symbol.asyncIterator]()
  const head = await rest.next()
  const first = head.done === true ? undefined : head.value
  const chunks: AsyncIterable<Uint8Array | string> = {
    async *[Symbol.asyncIterator]() {
      if (first === undefined) return
      yield first
      for (let c = await rest.next(); c.done !== true; c = await rest.next()) yield c.value
    },
  }
  return {first, chunks}
}

/**
 * The chunks of a UTF-8 source as Buffers for a byte reader, without the first `bomLength` bytes
 * (a byte-order mark, which may span the first chunks).
 */
export async function* utf8Buffers(chunks: AsyncIterable<Uint8Array | string>, bomLength: number): AsyncGenerator<Buffer> {
  let bom = bomLength
  for await (const chunk of chunks) {
    let buf = asBuffer(chunk)
    if (bom > 0) {
      const n = Math.min(bom, buf.length)
      buf = buf.subarray(n)
      bom -= n
    }
    if (buf.length > 0) yield buf
  }
}

/** A chunk as a Buffer, without a copy (a test's stream may hand out plain Uint8Arrays). */
function asBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) return toBuffer(chunk)
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
}

/** Decoded text chunks of a source. Strings pass through (already text). */
export async function* textChunks(source: ByteSource, options: ReadOptions = {}): AsyncGenerator<string> {
  let decoder: ChunkDecoder | undefined
  for await (const chunk of byteChunks(source)) {
    if (typeof chunk === 'string') {
      yield chunk
      continue
    }
    if (decoder === undefined) {
      const choice = options.encoding ?? chooseEncoding(chunk, options.fallback)
      decoder = new ChunkDecoder(choice.encoding, choice.bomLength)
    }
    const text = decoder.write(chunk)
    if (text.length > 0) yield text
  }
  const rest = decoder?.end() ?? ''
  if (rest.length > 0) yield rest
}

/** Strips a leading U+FEFF (a BOM that reached the text, e.g. through a string source). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}
