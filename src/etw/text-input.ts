/**
 * Bytes of an export → text, streaming: the byte-order mark or the first bytes decide the
 * encoding once, then every chunk is decoded with it.
 *
 * - `FF FE` → UTF-16LE (`tracerpt -en Unicode`, PowerShell 5.1 `>`); `EF BB BF` → UTF-8.
 * - UTF-16LE without a BOM (text whose odd bytes are all NUL) is read as UTF-16LE too.
 * - Otherwise UTF-8 when the first chunk is valid UTF-8, else Windows-1252 (tracerpt's default
 *   "ANSI" CSV on an en-US machine). Invalid UTF-8 later in the file becomes U+FFFD (xperf's
 *   dumper prints a few lines of 8-bit text, e.g. file versions): never an error.
 *
 * Windows-1252 is decoded here rather than with `TextDecoder('windows-1252')`: Node 20.18.3 and
 * later decode its 0x80–0x9F bytes as C1 controls (nodejs/node#60888), so `€` would come out as
 * U+0080. It is a fixed table of 32 code points; a dependency (iconv-lite) is not worth it.
 */
import {isUtf8} from 'node:buffer'
import {StringDecoder} from 'node:string_decoder'

export type TextEncoding = 'utf-8' | 'utf-16le' | 'windows-1252'

export interface EncodingChoice {
  encoding: TextEncoding
  /** Bytes of the byte-order mark to skip (0 without one). */
  bomLength: number
  /** UTF-16LE recognised by its NUL bytes, without a BOM. */
  utf16WithoutBom?: boolean
}

/**
 * The encoding of an export from its first bytes (at least a few KiB when the file has them).
 * `fallback` is what text that is not valid UTF-8 is read as.
 */
export function chooseEncoding(head: Uint8Array, fallback: 'windows-1252' | 'utf-8' = 'windows-1252'): EncodingChoice {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return {encoding: 'utf-8', bomLength: 3}
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return {encoding: 'utf-16le', bomLength: 2}
  if (looksUtf16le(head)) return {encoding: 'utf-16le', bomLength: 0, utf16WithoutBom: true}
  if (fallback === 'utf-8') return {encoding: 'utf-8', bomLength: 0}
  // A chunk may end inside a multi-byte sequence: judge it without its last 3 bytes.
  const body = head.length > 4096 ? head.subarray(0, head.length - 3) : head
  return {encoding: isUtf8(body) || isUtf8(head) ? 'utf-8' : 'windows-1252', bomLength: 0}
}

/** ASCII text written as UTF-16LE with no BOM: every odd byte of the first 64 is NUL, the even ones are not. */
export function looksUtf16le(head: Uint8Array): boolean {
  const n = Math.min(head.length, 64) & ~1
  if (n < 8) return false
  for (let i = 0; i < n; i += 2) if (head[i] === 0 || head[i + 1] !== 0) return false
  return true
}

/** Windows-1252 0x80–0x9F → Unicode (WHATWG index; the five unassigned bytes stay C1 controls, as WHATWG says). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
]
const C1_RANGE = /[\u0080-\u009f]/g

function decodeCp1252(buf: Uint8Array): string {
  const s = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1')
  return C1_RANGE.test(s) ? s.replace(C1_RANGE, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80])) : s
}

/** A streaming decoder for one encoding: `write` each chunk, then `end`. */
export class ChunkDecoder {
  private readonly decoder: StringDecoder | undefined
  private skip: number

  constructor(
    readonly encoding: TextEncoding,
    bomLength = 0,
  ) {
    this.decoder = encoding === 'windows-1252' ? undefined : new StringDecoder(encoding === 'utf-8' ? 'utf8' : 'utf16le')
    this.skip = bomLength
  }

  write(chunk: Uint8Array): string {
    let buf = chunk
    if (this.skip > 0) {
      const n = Math.min(this.skip, buf.length)
      buf = buf.subarray(n)
      this.skip -= n
    }
    if (this.decoder === undefined) return decodeCp1252(buf)
    return this.decoder.write(buf as Buffer)
  }

  end(): string {
    return this.decoder?.end() ?? ''
  }
}

export {LineSplitter, MAX_LINE_LENGTH} from '../trace/line-splitter.js'

/** Property lookups on it internalize a string: see {@link detach}. */
const INTERN: Record<string, unknown> = Object.create(null) as Record<string, unknown>

/**
 * `s`, no longer a view into its source chunk. V8 makes substrings of 13 or more characters
 * views into their parent, so an id sliced out of a 1 MiB chunk would pin the whole chunk for as
 * long as the replay keeps the id, and compare slower as a Map key. Looking `s` up as a property
 * name internalizes it in place (the slice becomes a reference to the string table's flat copy,
 * weakly held, so dead ids still go away): the chunk is free, and Map lookups compare pointers.
 * Measured on 1M lines with two pointer ids each: 0.53 s sliced, 0.48 s internalized, 0.67 s
 * with a copy made by concatenation; 300 ids out of 300 1-MiB chunks keep 318 MB alive sliced,
 * 4 MB internalized.
 */
export function detach(s: string): string {
  if (s.length >= 13) void INTERN[s]
  return s
}
