/**
 * The streaming API every writer shares, and the buffered output under it.
 *
 * ```ts
 * const w = createDumperWriter(createWriteStream('x.txt'))
 * w.header(header)                       // once, first (a default header is written otherwise)
 * for (const e of events) { const r = w.event(e); if (r !== true) await r }   // backpressure
 * await w.end()                          // flushes, ends the stream, waits for 'finish'
 * ```
 *
 * Text is gathered into 64 KiB pieces before each `write`; `event` returns `true` while the
 * stream takes more, or a promise that resolves on its 'drain'.
 */
import {once} from 'node:events'
import type {Writable} from 'node:stream'
import type {TraceEvent, TraceHeader} from '../../trace/event.js'

export interface TraceWriter {
  header(h: TraceHeader): void
  /** `true`: write on; a promise: wait for it before the next event (the stream is full). */
  event(e: TraceEvent): true | Promise<void>
  /** Flushes and ends the stream; resolves when it has finished. */
  end(): Promise<void>
}

/** What a writer puts in the export besides the events (defaults: a plausible capture). */
export interface EtwWriterOptions {
  /** Provider name (TraceLogging: `Contoso.WskDriver`; the tracerpt CSV manifest writer: `Contoso-WskDriver`). */
  provider?: string
  /** Provider GUID, `{…}`. */
  providerGuid?: string
  /** Process id every event is logged in (a kernel driver: the System process, 4). */
  pid?: number
  /** FILETIME of the trace start (absolute times: tracerpt CSV Clock-Time, XML SystemTime). */
  traceStart?: bigint
  /** The .etl name the export mentions. */
  traceName?: string
}

const FLUSH_AT = 64 << 10

export class TextOutput {
  private parts: string[] = []
  private size = 0

  constructor(
    private readonly out: Writable,
    private readonly encoding: 'utf8' | 'utf16le' | 'latin1' = 'utf8',
  ) {}

  /** Adds text; `true`, or a promise when the stream asked to wait. */
  write(text: string): true | Promise<void> {
    this.parts.push(text)
    this.size += text.length
    if (this.size < FLUSH_AT) return true
    return this.flush()
  }

  flush(): true | Promise<void> {
    if (this.parts.length === 0) return true
    const text = this.parts.join('')
    this.parts = []
    this.size = 0
    const ok = this.out.write(this.encoding === 'utf8' ? text : Buffer.from(text, this.encoding))
    if (ok) return true
    // One 'drain' wait however many writes arrive before it (a caller may not wait for each).
    this.drained ??= once(this.out, 'drain').then(() => {
      this.drained = undefined
    })
    return this.drained
  }

  private drained: Promise<void> | undefined

  async end(): Promise<void> {
    const r = this.flush()
    if (r !== true) await r
    const finished = once(this.out, 'finish')
    this.out.end()
    await finished
  }
}
