/**
 * Byte chunks → lines as byte ranges with their 1-based numbers, for the canonical JSONL reader.
 *
 * The ETW text readers split decoded text (line-splitter.ts) because their encodings vary; a
 * wsk-trace file is UTF-8, so its lines are found in the bytes ('\n' never occurs inside a UTF-8
 * sequence) and most of them are never decoded at all: the RecordScanner reads the bytes. Only
 * the unfinished last line is kept between chunks, so memory never grows with the input; an
 * over-long line is reported and skipped.
 */
export class ByteLineSplitter {
  /** Pieces of the unfinished line (usually one: the tail of the previous chunk). */
  private pending: Buffer[] = []
  private pendingBytes = 0
  private completed = 0
  private skipping = false

  constructor(
    /** A line: `buf` [start, end), without its '\n' and CR. The range is only valid during the call. */
    private readonly onLine: (buf: Buffer, start: number, end: number, line: number) => void,
    private readonly onTooLong: (line: number) => void,
    /** Longest line kept, in bytes. */
    private readonly maxLineBytes: number,
  ) {}

  /** Lines completed so far. */
  get lines(): number {
    return this.completed
  }

  push(buf: Buffer): void {
    let nl = buf.indexOf(10)
    if (nl === -1) {
      this.append(buf, 0)
      return
    }
    this.firstLine(buf, nl)
    let start = nl + 1
    while ((nl = buf.indexOf(10, start)) !== -1) {
      this.line(buf, start, nl)
      start = nl + 1
    }
    this.append(buf, start)
  }

  /**
   * As push, but the lines that start after the chunk's first line break and end in the chunk go
   * to `many` all at once: `many(buf, start, end, first)` reads buf[start, end) (whole lines, each
   * ending with its '\n'; `first` is the number of the first) and returns how many lines it read.
   * The chunk's first line (which may end one the previous chunk began) and its unfinished last
   * line are handled as push handles them. For chunks no longer than the longest line kept (a
   * line inside one cannot be too long).
   */
  pushMany(buf: Buffer, many: (buf: Buffer, start: number, end: number, first: number) => number): void {
    if (buf.length > this.maxLineBytes) {
      this.push(buf)
      return
    }
    const nl = buf.indexOf(10)
    if (nl === -1) {
      this.append(buf, 0)
      return
    }
    this.firstLine(buf, nl)
    const last = buf.lastIndexOf(10)
    if (last > nl) this.completed += many(buf, nl + 1, last + 1, this.completed + 1)
    this.append(buf, last + 1)
  }

  end(): void {
    if (this.skipping) {
      this.skipping = false
      this.completed++
    } else if (this.pendingBytes > 0) {
      this.flushPending()
    }
  }

  /** The chunk's first line, ending at `nl`: the end of one begun before, or a line of its own. */
  private firstLine(buf: Buffer, nl: number): void {
    if (this.skipping) {
      this.skipping = false
      this.completed++
    } else if (this.pendingBytes > 0) {
      this.pending.push(buf.subarray(0, nl))
      this.flushPending()
    } else {
      this.line(buf, 0, nl)
    }
  }

  private flushPending(): void {
    const whole = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending)
    this.pending = []
    this.pendingBytes = 0
    this.line(whole, 0, whole.length)
  }

  /** Keeps buf[start…] as the start of the next line (a copy: the chunk itself is not pinned). */
  private append(buf: Buffer, start: number): void {
    const n = buf.length - start
    if (this.skipping || n === 0) return
    if (this.pendingBytes + n > this.maxLineBytes) {
      this.onTooLong(this.completed + 1)
      this.pending = []
      this.pendingBytes = 0
      this.skipping = true
      return
    }
    this.pending.push(Buffer.from(buf.subarray(start)))
    this.pendingBytes += n
  }

  private line(buf: Buffer, start: number, end: number): void {
    const n = ++this.completed
    if (end - start > this.maxLineBytes) {
      this.onTooLong(n)
      return
    }
    this.onLine(buf, start, end > start && buf[end - 1] === 13 ? end - 1 : end, n)
  }
}
