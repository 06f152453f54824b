/**
 * Text chunks → lines with their 1-based numbers, the one line splitter of every text reader
 * (canonical JSONL and the ETW text exports). Only the unfinished last line is kept between
 * chunks, so memory never grows with the input; an over-long line is reported and skipped.
 */

/** Longest line kept, in UTF-16 code units; longer ones are reported and skipped (a binary file, a corrupt export). */
export const MAX_LINE_LENGTH = 16 << 20

/**
 * Text chunks → lines with their 1-based numbers, keeping only the unfinished last line between
 * chunks. `\r\n` and `\n` both end a line (the `\r` is dropped).
 */
export class LineSplitter {
  private pending = ''
  private completed = 0
  private skipping = false

  constructor(
    private readonly onLine: (text: string, line: number) => void,
    private readonly onTooLong: (line: number) => void,
    private readonly maxLineLength = MAX_LINE_LENGTH,
  ) {}

  /** Lines completed so far. */
  get lines(): number {
    return this.completed
  }

  push(text: string): void {
    let nl = text.indexOf('\n')
    if (nl === -1) {
      this.append(text)
      return
    }
    if (this.skipping) {
      this.skipping = false
      this.completed++
    } else {
      const first = this.pending.length > 0 ? this.pending + text.slice(0, nl) : text.slice(0, nl)
      this.pending = ''
      this.line(first)
    }
    let start = nl + 1
    while ((nl = text.indexOf('\n', start)) !== -1) {
      this.line(text.slice(start, nl))
      start = nl + 1
    }
    this.append(start === text.length ? '' : text.slice(start))
  }

  end(): void {
    if (this.skipping) {
      this.skipping = false
      this.completed++
    } else if (this.pending.length > 0) {
      const last = this.pending
      this.pending = ''
      this.line(last)
    }
  }

  private append(text: string): void {
    if (this.skipping || text.length === 0) return
    if (this.pending.length + text.length > this.maxLineLength) {
      this.onTooLong(this.completed + 1)
      this.pending = ''
      this.skipping = true
      return
    }
    this.pending = this.pending.length > 0 ? this.pending + text : text
  }

  private line(text: string): void {
    const n = ++this.completed
    if (text.length > this.maxLineLength) {
      this.onTooLong(n)
      return
    }
    const len = text.length
    this.onLine(len > 0 && text.charCodeAt(len - 1) === 13 ? text.slice(0, len - 1) : text, n)
  }
}
