/**
 * What a reader reads: a file path, or any stream of bytes (a file stream, stdin, a test's
 * Readable), decoded to text chunks with the encoding its first bytes call for (text-input.ts).
 */
import {createReadStream} from 'node:fs'
import {chooseEncoding, ChunkDecoder, type EncodingChoice} from '../text-input.js'

export type ByteSource = string | AsyncIterable<Uint8Array | string>

export interface ReadOptions {
  /** The encoding, when the caller already sniffed it (src/lint/trace-source.ts does). */
  encoding?: EncodingChoice
  /** What text that is not valid UTF-8 is read as (default Windows-1252, tracerpt's "ANSI"). */
  fallback?: 'windows-1252' | 'utf-8'
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
