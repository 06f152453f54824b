/**
 * Clock domains of the exports → the canonical `ts` (a number in the header's `timeUnit`).
 *
 * | domain | where | canonical |
 * |---|---|---|
 * | µs since trace start | xperf dumper `TimeStamp` | `us`, as written |
 * | FILETIME (100 ns since 1601, UTC) | tracerpt CSV `Clock-Time` | `filetime` ticks since the first timestamp of the file |
 * | ISO 8601 UTC (up to 9 decimals) | tracerpt XML `TimeCreated@SystemTime` | `ns` since the first timestamp of the file |
 * | seconds since trace start (decimals) | WPA `Time (s)` | `ns`, as written |
 *
 * Absolute clocks are made relative to the first timestamp, so the numbers stay exact in a double
 * (2^53 ns is 104 days; 2^53 FILETIME ticks are 28 years). Events are never reordered: equal
 * timestamps keep the order of the file, which is what nests `enter`/`exit` on a thread.
 */
import type {TimeUnit} from '../trace/event.js'

/** Microseconds since 1601-01-01 to 1970-01-01 ×10: FILETIME ticks at the Unix epoch. */
export const FILETIME_UNIX_EPOCH = 116444736000000000n

export interface Clock {
  readonly timeUnit: TimeUnit
  /** The timestamp text of one event → canonical ts; undefined when the text is no timestamp. */
  ts(text: string): number | undefined
  /** Something the user should hear about once (lost precision), or undefined. */
  note(): string | undefined
}

/** Decimal digits with blanks around them → the integer (exact up to 2^53); undefined otherwise. No allocation. */
export function parseDecimalCell(s: string): number | undefined {
  let i = 0
  let end = s.length
  while (i < end && s.charCodeAt(i) === 32) i++
  while (end > i && s.charCodeAt(end - 1) === 32) end--
  if (i === end) return undefined
  let n = 0
  for (; i < end; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return undefined
    n = n * 10 + c
  }
  return n <= Number.MAX_SAFE_INTEGER ? n : undefined
}

/** xperf dumper: integer microseconds since the trace started. */
export class MicrosecondClock implements Clock {
  readonly timeUnit = 'us'
  ts(text: string): number | undefined {
    return parseDecimalCell(text)
  }
  note(): undefined {
    return undefined
  }
}

/**
 * FILETIME ticks, exactly. The first timestamp is read as a BigInt and becomes the origin; each
 * later one is split into its high digits and its last 9 digits, two integers well below 2^53,
 * so `(high − high0)·10⁹ + (low − low0)` is exact integer arithmetic in doubles (and 2–3× cheaper
 * per row than a BigInt). A value written in floating point (`1.3312743573048245e+17`: the CSV
 * went through a spreadsheet or pandas) has lost its last digits: it is read as a number and the
 * loss is reported once.
 */
export class FiletimeClock implements Clock {
  readonly timeUnit = 'filetime'
  private originHigh = 0
  private originLow = 0
  private originFloat = 0
  private started = false
  private floatSeen: string | undefined

  ts(text: string): number | undefined {
    let i = 0
    let end = text.length
    while (i < end && text.charCodeAt(i) === 32) i++
    while (end > i && text.charCodeAt(end - 1) === 32) end--
    const digits = end - i
    if (digits === 0) return undefined
    let high = 0
    let low = 0
    const split = end - 9
    for (let k = i; k < end; k++) {
      const c = text.charCodeAt(k) - 48
      if (c < 0 || c > 9) return this.floating(text.slice(i, end))
      if (k < split) high = high * 10 + c
      else low = low * 10 + c
    }
    if (digits > 20) return undefined
    if (!this.started) {
      const origin = BigInt(text.slice(i, end))
      this.originHigh = Number(origin / 1_000_000_000n)
      this.originLow = Number(origin % 1_000_000_000n)
      this.originFloat = Number(origin)
      this.started = true
    }
    return (high - this.originHigh) * 1e9 + (low - this.originLow)
  }

  /**
   * {@link ts} of the text in s[a, b) (a tracerpt CSV row still in bytes), for the one case that
   * needs no string: 1–20 digits with blanks around them, once the origin is set. Undefined
   * otherwise, and the caller reads the row's text with {@link ts}.
   */
  tsBytes(s: Uint8Array, a: number, b: number): number | undefined {
    if (!this.started) return undefined
    while (a < b && s[a] === 32) a++
    while (b > a && s[b - 1] === 32) b--
    const digits = b - a
    if (digits === 0 || digits > 20) return undefined
    let high = 0
    let low = 0
    const split = b - 9
    for (let k = a; k < b; k++) {
      const c = s[k]! - 48
      if (c < 0 || c > 9) return undefined
      if (k < split) high = high * 10 + c
      else low = low * 10 + c
    }
    return (high - this.originHigh) * 1e9 + (low - this.originLow)
  }

  private floating(text: string): number | undefined {
    const v = Number(text)
    if (!Number.isFinite(v) || v < 0) return undefined
    this.floatSeen ??= text
    if (!this.started) {
      this.originFloat = v
      const origin = BigInt(Math.round(v))
      this.originHigh = Number(origin / 1_000_000_000n)
      this.originLow = Number(origin % 1_000_000_000n)
      this.started = true
    }
    return Math.round(v - this.originFloat)
  }

  note(): string | undefined {
    return this.floatSeen === undefined
      ? undefined
      : `Clock-Time is written in floating point (${this.floatSeen}): its last digits are lost (the CSV was re-saved by a spreadsheet or pandas?); events keep the order of the file`
  }
}

/**
 * `2006-12-18T12:26:27.887309500Z` (or with an offset `+02:00`) → ns since the first timestamp.
 * Whole seconds come from Date.UTC (exact milliseconds), the fraction from its digits, so no
 * digit is lost to floating point.
 */
export class IsoClock implements Clock {
  readonly timeUnit = 'ns'
  private originSeconds = 0
  private originNanos = 0
  private started = false

  ts(text: string): number | undefined {
    const t = parseIsoTime(text)
    if (t === undefined) return undefined
    if (!this.started) {
      this.originSeconds = t.seconds
      this.originNanos = t.nanos
      this.started = true
    }
    return (t.seconds - this.originSeconds) * 1e9 + (t.nanos - this.originNanos)
  }

  note(): undefined {
    return undefined
  }
}

/** Whole seconds since 1970 and nanoseconds of an ISO 8601 time; undefined when it is none. */
export function parseIsoTime(text: string): {seconds: number; nanos: number} | undefined {
  const s = text.trim()
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)
  if (s.length < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (s.charCodeAt(10) | 0x20) !== 116 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined
  const num = (a: number, b: number): number => {
    let n = 0
    for (let k = a; k < b; k++) {
      const c = s.charCodeAt(k) - 48
      if (c < 0 || c > 9) return NaN
      n = n * 10 + c
    }
    return n
  }
  const ms = Date.UTC(num(0, 4), num(5, 7) - 1, num(8, 10), num(11, 13), num(14, 16), num(17, 19))
  if (!Number.isFinite(ms)) return undefined
  let k = 19
  let nanos = 0
  if (s.charCodeAt(k) === 46) {
    k++
    let digits = 0
    while (k < s.length) {
      const c = s.charCodeAt(k) - 48
      if (c < 0 || c > 9) break
      if (digits < 9) nanos = nanos * 10 + c
      digits++
      k++
    }
    if (digits === 0) return undefined
    for (; digits < 9; digits++) nanos *= 10
  }
  let offsetSeconds = 0
  const rest = s.slice(k)
  if (rest === 'Z' || rest === 'z' || rest === '') offsetSeconds = 0
  else if (/^[+-]\d\d:?\d\d$/.test(rest)) {
    const sign = rest.charCodeAt(0) === 45 ? -1 : 1
    const hh = Number(rest.slice(1, 3))
    const mm = Number(rest.slice(rest.length - 2))
    offsetSeconds = sign * (hh * 3600 + mm * 60)
  } else return undefined
  return {seconds: ms / 1000 - offsetSeconds, nanos}
}

/**
 * Decimal seconds since the trace started (WPA `Time (s)`; `(ms)`, `(us)`/`(µs)`, `(ns)` scale
 * it) → ns, from the digits (no floating point). Thousands separators (`1,234.5`) are skipped.
 */
export class DecimalSecondsClock implements Clock {
  readonly timeUnit = 'ns'
  /** Decimal digits that make a nanosecond: 9 for seconds, 6 for ms, 3 for µs, 0 for ns. */
  private readonly scale: number

  constructor(unit: 's' | 'ms' | 'us' | 'ns' = 's') {
    this.scale = unit === 's' ? 9 : unit === 'ms' ? 6 : unit === 'us' ? 3 : 0
  }

  ts(text: string): number | undefined {
    let whole = 0
    let frac = 0
    let fracDigits = 0
    let inFrac = false
    let any = false
    for (let k = 0; k < text.length; k++) {
      const ch = text.charCodeAt(k)
      if (ch === 32 || ch === 44 || ch === 34 || ch === 9) continue // blank, thousands separator, quote
      if (ch === 46) {
        if (inFrac) return undefined
        inFrac = true
        continue
      }
      const c = ch - 48
      if (c < 0 || c > 9) return undefined
      any = true
      if (!inFrac) whole = whole * 10 + c
      else if (fracDigits < this.scale) {
        frac = frac * 10 + c
        fracDigits++
      }
    }
    if (!any) return undefined
    for (; fracDigits < this.scale; fracDigits++) frac *= 10
    return whole * 10 ** this.scale + frac
  }

  note(): undefined {
    return undefined
  }
}

/** FILETIME ticks → ISO 8601 UTC with 9 decimals (the last two always 0), as tracerpt writes SystemTime. */
export function filetimeToIso(ft: bigint): string {
  const sinceUnix = ft - FILETIME_UNIX_EPOCH
  const seconds = sinceUnix / 10_000_000n
  const ticks = sinceUnix % 10_000_000n
  const date = new Date(Number(seconds) * 1000).toISOString() // …T12:26:27.000Z
  return `${date.slice(0, 19)}.${ticks.toString().padStart(7, '0')}00Z`
}
