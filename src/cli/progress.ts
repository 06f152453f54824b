/**
 * The progress line of a long `lint` run, on stderr: `linting 12/200 files  1.4 M events/s`.
 *
 * Shown only where a person watches it — stderr is a terminal and `CI` is not set — and only for
 * runs worth it: at least two files, drawn from ~1 s after the start on (a fast run never
 * flickers). Redrawn at most 10 times a second, on a timer that never keeps the process alive,
 * and erased at the end so that the report's last line stays the last line.
 *
 * Hand-written rather than cli-progress: one line of text with `\r` and an erase-line code is all
 * it needs, and cli-progress (with its own TTY and timer handling) would be the largest
 * dependency of the package for it.
 */

/** What the lint loop tells a progress display (lint-paths.ts's `LintProgress`). */
export interface ProgressSink {
  start(totalFiles: number): void
  fileDone(events: number): void
  end(): void
}

export interface ProgressStream {
  isTTY?: boolean
  write(text: string): boolean
}

/** First draw this long after the start: runs shorter than that show nothing. */
const FIRST_DRAW_MS = 1000
/** At most 10 redraws a second. */
const REDRAW_MS = 100

/** Events per second for people: `950 events/s`, `12.3 k events/s`, `1.4 M events/s`. */
export function formatRate(eventsPerSecond: number): string {
  if (!Number.isFinite(eventsPerSecond) || eventsPerSecond < 1000) return `${Math.round(Math.max(0, eventsPerSecond || 0))} events/s`
  if (eventsPerSecond < 1e6) return `${(eventsPerSecond / 1e3).toFixed(1)} k events/s`
  return `${(eventsPerSecond / 1e6).toFixed(1)} M events/s`
}

/** Whether a progress line belongs on `stream`: a terminal, outside CI. */
export function progressWanted(stream: ProgressStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && (env['CI'] === undefined || env['CI'] === '')
}

export class ProgressLine implements ProgressSink {
  private total = 0
  private done = 0
  private events = 0
  private started = 0
  private drawn = false
  private timer: ReturnType<typeof setInterval> | undefined
  private delay: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = () => performance.now(),
    private readonly firstDrawMs = FIRST_DRAW_MS,
  ) {}

  start(totalFiles: number): void {
    this.total = totalFiles
    this.started = this.now()
    if (totalFiles < 2) return
    this.delay = setTimeout(() => {
      this.draw()
      this.timer = setInterval(() => this.draw(), REDRAW_MS)
      this.timer.unref()
    }, this.firstDrawMs)
    this.delay.unref()
  }

  fileDone(events: number): void {
    this.done++
    this.events += events
  }

  /** The text of the line as it would be drawn now. */
  text(): string {
    const seconds = (this.now() - this.started) / 1000
    return `linting ${this.done}/${this.total} files  ${formatRate(seconds > 0 ? this.events / seconds : 0)}`
  }

  draw(): void {
    this.stream.write(`\r${this.text()}\u001B[K`)
    this.drawn = true
  }

  end(): void {
    clearTimeout(this.delay)
    clearInterval(this.timer)
    if (this.drawn) this.stream.write('\r\u001B[K')
    this.drawn = false
  }
}
