/**
 * CSV rows with their line numbers, streaming, parsed by papaparse.
 *
 * The text is cut into blocks that end at a line break (about 1 MiB each), and each block is
 * parsed with `Papa.parse(block, {header: false, dynamicTyping: false})`: the settings
 * baselines.md measured fastest (header rows are read by the callers; `fastMode` is off because
 * it corrupts quoted cells). Cutting at line breaks keeps memory flat and bounds the damage of a
 * broken row: a cell whose opening quote never closes would swallow the whole rest of the input
 * in a plain streaming parse, here it swallows its block, and the lines after it are parsed again.
 *
 * Line numbers: a row is one line unless a quoted cell holds line breaks (tracerpt writes none);
 * blocks where rows and lines do not match one to one count the breaks inside the cells.
 */
import Papa from 'papaparse'
import {MAX_LINE_LENGTH} from '../text-input.js'

export interface CsvRowSink {
  row(cells: string[], line: number): void
  /** A line that is not a CSV row (an unbalanced quote, a line over 16 MiB). */
  broken(line: number, reason: string): void
}

/** Characters papaparse parses at once (cut at a line break). */
const BLOCK_SIZE = 64 << 10

/**
 * Where the text starts, when it is not the start of the file: a reader that read the first
 * lines itself (csv-byte-lines.ts) hands the rest over with what this parser would know by then.
 */
export interface CsvRowsStart {
  /** Line number of the first line of the text. */
  line: number
  /** The line break papaparse was told, from the file's first line break (undefined: none seen yet). */
  newline: '\n' | '\r\n' | undefined
  /** The text is the start of the file (a U+FEFF there is dropped). */
  atFileStart: boolean
}

export class CsvRows {
  private pending = ''
  /** Line number of the first line of `pending`. */
  private line = 1
  private newline: '\n' | '\r\n' | undefined
  /** The block starts with a row whose open quote was already carried over once. */
  private carried = false
  /** Inside a line longer than MAX_LINE_LENGTH: text is dropped up to its line break. */
  private skipping = false
  private first = true

  constructor(
    private readonly sink: CsvRowSink,
    start?: CsvRowsStart,
  ) {
    if (start === undefined) return
    this.line = start.line
    this.newline = start.newline
    this.first = start.atFileStart
  }

  push(chunk: string): void {
    if (this.first) {
      this.first = false
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1)
    }
    if (this.skipping) {
      const nl = chunk.indexOf('\n')
      if (nl === -1) return
      this.skipping = false
      this.line++
      chunk = chunk.slice(nl + 1)
    }
    const text = this.pending.length > 0 ? this.pending + chunk : chunk
    const lastNl = text.lastIndexOf('\n')
    if (lastNl === -1) {
      this.pending = text
      if (text.length > MAX_LINE_LENGTH) {
        this.sink.broken(this.line, 'line longer than 16 MiB')
        this.pending = ''
        this.skipping = true
      }
      return
    }
    this.pending = text.slice(lastNl + 1)
    // Parse in blocks of about 64 KiB: papaparse's rows of a block live until the block is done,
    // and rows that die young are cheap to collect (1 MiB blocks: +40% GC time, +40 MB RSS).
    let start = 0
    while (start <= lastNl) {
      let end = lastNl + 1
      if (end - start > BLOCK_SIZE) {
        const nl = text.indexOf('\n', start + BLOCK_SIZE)
        end = nl === -1 || nl > lastNl ? lastNl + 1 : nl + 1
      }
      this.blocks(start === 0 && end === lastNl + 1 ? text.slice(0, end) : text.slice(start, end), false)
      if (this.carried) {
        // A row with an open quote was pushed back: the rest of this chunk follows it.
        this.pending = this.pending.slice(0, this.pending.length - (text.length - lastNl - 1)) + text.slice(end)
        return
      }
      start = end
    }
  }

  end(): void {
    const rest = this.pending
    this.pending = ''
    if (rest.length > 0 && !this.skipping) this.blocks(rest + '\n', true)
  }

  /**
   * Parses text that ends with '\n'. A row whose quote never closes is carried over into the next
   * block once (a quoted cell may span the cut); at the end, or the second time, it is reported
   * and the lines after it are parsed again.
   */
  private blocks(text: string, final: boolean): void {
    let block = text
    for (;;) {
      const wasCarried = this.carried
      this.carried = false
      this.newline ??= firstBreak(block)
      const result = Papa.parse<string[]>(block, {delimiter: ',', newline: this.newline, header: false, dynamicTyping: false, skipEmptyLines: false, quoteChar: '"'})
      const rows = result.data
      // The block ends with a line break: papaparse adds an empty last row for it.
      const last = rows[rows.length - 1]
      if (last !== undefined && last.length === 1 && last[0] === '') rows.pop()
      let broken = -1
      let brokenAt = 0
      for (const e of result.errors) {
        if (e.code === 'MissingQuotes' && e.row !== undefined && (broken === -1 || e.row < broken)) {
          broken = e.row
          brokenAt = e.index ?? 0
        }
      }
      const end = broken === -1 ? rows.length : broken
      const oneToOne = broken === -1 && rows.length === countBreaks(block, 0, block.length)
      let line = this.line
      for (let i = 0; i < end; i++) {
        const cells = rows[i]
        this.sink.row(cells, line)
        line += oneToOne ? 1 : 1 + breaksInCells(cells)
      }
      this.line = line
      if (broken === -1) return
      // The row starts after the last line break before its opening quote.
      const rowStart = block.lastIndexOf('\n', brokenAt) + 1
      if (!final && !(wasCarried && rowStart === 0)) {
        this.carried = true
        this.pending = block.slice(rowStart) + this.pending
        return
      }
      this.sink.broken(line, 'a double quote opens a cell that never closes (the lines after it are read again)')
      const nextLine = block.indexOf('\n', brokenAt)
      this.line = line + 1
      if (nextLine === -1 || nextLine + 1 >= block.length) return
      block = block.slice(nextLine + 1)
    }
  }
}

function firstBreak(block: string): '\n' | '\r\n' {
  const nl = block.indexOf('\n')
  return nl > 0 && block.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n'
}

function countBreaks(s: string, from: number, to: number): number {
  let n = 0
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++
  return n
}

function breaksInCells(cells: string[]): number {
  let n = 0
  for (const c of cells) if (c.indexOf('\n') !== -1) n += countBreaks(c, 0, c.length)
  return n
}
