/**
 * Byte chunks of a UTF-8 CSV file → its lines, for a reader that reads most rows in their bytes
 * (tracerpt-csv.ts); every line it does not take gets the cells papaparse makes of it. The
 * result is what CsvRows (csv-rows.ts) makes of the same text, line numbers included.
 *
 * A line is a row of its own for papaparse when no quoted cell runs past its end and its line
 * break is the one papaparse was told (CsvRows takes the file's first). So the complete lines of
 * each chunk are checked before any of them is handed on: a cell that opens a quote (at the start
 * of the line or after a comma) must close on its line, every break must be the file's kind, and
 * no line may start with U+FEFF (papaparse drops one at the start of each text it parses). When a
 * chunk fails, or a line grows past 1 MiB, the rest of the file — from the start of the line
 * being read — is decoded and handed to a CsvRows in the state it would have reached by then,
 * had it read the file from the start: same line number, same line break, same chunk ends.
 */
import {StringDecoder} from 'node:string_decoder'
import Papa from 'papaparse'
import {CsvRows, type CsvRowSink} from './csv-rows.js'

export interface CsvByteSink extends CsvRowSink {
  /**
   * A line in bytes, buf[start, end) without its line break (the range is only valid during the
   * call): true when the sink took it as a row; false, and `row` gets its cells as text.
   */
  bytes(buf: Buffer, start: number, end: number, line: number): boolean
}

const LF = 0x0a
const CR = 0x0d
const QUOTE = 0x22
const COMMA = 0x2c
/** A line longer than this, still unfinished, hands the file to the text path (which reports lines over 16 MiB). */
const PENDING_LIMIT = 1 << 20

export class CsvByteLines {
  /** Pieces of the unfinished line (copies: a chunk is not pinned). */
  private pending: Buffer[] = []
  private pendingBytes = 0
  /** Number of the line being read (the first of `pending`). */
  private line = 1
  /** The break papaparse is told, from the first line break of the file. */
  private newline: '\n' | '\r\n' | undefined
  /** Line ends (the LF) of the chunk being read, found by the check. */
  private ends = new Int32Array(4096)
  /** Once the file went to the text path: where its text goes. */
  private text: {rows: CsvRows; decoder: StringDecoder} | undefined

  constructor(private readonly sink: CsvByteSink) {}

  push(buf: Buffer): void {
    if (this.text !== undefined) {
      this.pushText(buf)
      return
    }
    const last = buf.lastIndexOf(LF)
    if (last === -1) {
      if (this.pendingBytes + buf.length > PENDING_LIMIT) this.toText(buf)
      else this.keep(buf, 0)
      return
    }
    let ok: boolean
    let head: Buffer | undefined
    const first = buf.indexOf(LF)
    if (this.pendingBytes > 0) {
      // The line the previous chunk left unfinished, whole.
      head = Buffer.concat([...this.pending, buf.subarray(0, first + 1)])
      ok = this.check(head, 0, head.length) && this.check(buf, first + 1, last + 1)
    } else ok = this.check(buf, 0, last + 1)
    if (!ok) {
      this.toText(buf)
      return
    }
    this.pending = []
    this.pendingBytes = 0
    if (head !== undefined) this.emitLine(head, 0, head.length - 1)
    this.emit(buf, head === undefined ? 0 : first + 1, last + 1)
    this.keep(buf, last + 1)
  }

  end(): void {
    if (this.text === undefined) {
      if (this.pendingBytes === 0) return
      this.toText(undefined) // the last line has no break: CsvRows ends it as it always did
    }
    const text = this.text!
    const rest = text.decoder.end()
    if (rest.length > 0) text.rows.push(rest)
    text.rows.end()
  }

  /**
   * Whether the lines of s[a, b) (each ending with LF; `a` a line start) are each a papaparse row
   * of their own; their ends are kept in `ends` for {@link emit}.
   */
  private check(s: Buffer, a: number, b: number): boolean {
    if (this.newline === undefined) {
      // The file's first line break, as CsvRows decides it (a is the start of the file).
      const nl = s.indexOf(LF, a)
      this.newline = nl > a && s[nl - 1] === CR ? '\r\n' : '\n'
    }
    const crlf = this.newline === '\r\n'
    let n = 0
    for (let ls = a; ls < b; ) {
      const nl = s.indexOf(LF, ls)
      if (crlf && !(nl > ls && s[nl - 1] === CR)) return false
      if (s[ls] === 0xef && s[ls + 1] === 0xbb && s[ls + 2] === 0xbf && ls + 2 < nl) return false
      if (n === this.ends.length) this.growEnds()
      this.ends[n++] = nl
      ls = nl + 1
    }
    for (let q = s.indexOf(QUOTE, a); q !== -1 && q < b; ) {
      const before = q === a ? LF : s[q - 1]
      if (before !== COMMA && before !== LF) {
        q = s.indexOf(QUOTE, q + 1)
        continue
      }
      // A quoted cell: papaparse must read it as a row of this line alone.
      const ls = q === a ? a : s.lastIndexOf(LF, q - 1) + 1
      const nl = s.indexOf(LF, q)
      if (this.rowOf(s.toString('utf8', ls, crlf ? nl - 1 : nl)) === undefined) return false
      q = s.indexOf(QUOTE, nl + 1)
    }
    return true
  }

  /** Hands on the lines of s[a, b) that {@link check} passed last. */
  private emit(s: Buffer, a: number, b: number): void {
    const ends = this.ends
    for (let ls = a, i = 0; ls < b; i++) {
      const nl = ends[i]!
      this.emitLine(s, ls, nl)
      ls = nl + 1
    }
  }

  /** The line s[ls, nl) (nl: its LF), checked. */
  private emitLine(s: Buffer, ls: number, nl: number): void {
    const end = this.newline === '\r\n' ? nl - 1 : nl
    const n = this.line++
    if (!this.sink.bytes(s, ls, end, n)) this.textRow(s.toString('utf8', ls, end), n)
  }

  /** A line as papaparse reads it: split on commas, unless a cell opens a quote. */
  private textRow(text: string, n: number): void {
    const quoted = text.charCodeAt(0) === QUOTE || text.includes(',"')
    this.sink.row(quoted ? this.rowOf(text)! : text.split(','), n)
  }

  /** papaparse's cells of one line; undefined when its quotes do not make one row of it. */
  private rowOf(text: string): string[] | undefined {
    const newline = this.newline!
    const result = Papa.parse<string[]>(text + newline, {delimiter: ',', newline, header: false, dynamicTyping: false, skipEmptyLines: false, quoteChar: '"'})
    if (result.errors.some((e) => e.code === 'MissingQuotes')) return undefined
    const rows = result.data
    const last = rows[rows.length - 1]
    if (last !== undefined && last.length === 1 && last[0] === '') rows.pop()
    return rows.length === 1 ? rows[0] : undefined
  }

  /** From here on the file is text for CsvRows, starting with the unfinished line, then `buf`. */
  private toText(buf: Buffer | undefined): void {
    const rows = new CsvRows(this.sink, {line: this.line, newline: this.newline, atFileStart: this.line === 1})
    this.text = {rows, decoder: new StringDecoder('utf8')}
    const held = this.pending
    this.pending = []
    this.pendingBytes = 0
    for (const piece of held) this.pushText(piece)
    if (buf !== undefined) this.pushText(buf)
  }

  private pushText(buf: Buffer): void {
    const text = this.text!
    const t = text.decoder.write(buf)
    if (t.length > 0) text.rows.push(t)
  }

  /** Keeps buf[start…] as the start of the next line. */
  private keep(buf: Buffer, start: number): void {
    if (start >= buf.length) return
    this.pending.push(Buffer.from(buf.subarray(start)))
    this.pendingBytes += buf.length - start
  }

  private growEnds(): void {
    const ends = new Int32Array(this.ends.length * 2)
    ends.set(this.ends)
    this.ends = ends
  }
}
