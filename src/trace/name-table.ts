/**
 * A table of C constant names and their values (`#define`s and enum members of wsk.h / wdm.h),
 * used both ways: names in a trace become numbers, numbers in a report become names.
 */
export class NameTable {
  /**
   * Names grouped by length, searched by string compare. JSON.parse makes a fresh string for every
   * value, so a Map lookup would hash it each time; comparing with the few names of the same length
   * (a compare stops at the length or the first differing character) costs less than half of that.
   */
  private readonly byLength: Array<Array<readonly [string, number]> | undefined> = []
  private readonly byValue = new Map<number, string>()
  /** Every name, in declaration order (aliases included), for decomposing masks. */
  readonly entries: ReadonlyArray<readonly [string, number]>
  /** The last name found: traces repeat the same few names (STATUS_SUCCESS, …). */
  private lastName: string | undefined = undefined
  private lastValue = 0

  /** @param what what the names are, for error messages (e.g. `NTSTATUS`, `WSK flag`). */
  constructor(
    readonly what: string,
    entries: ReadonlyArray<readonly [string, number]>,
  ) {
    this.entries = entries
    for (const entry of entries) {
      const [name, value] = entry
      const bucket = (this.byLength[name.length] ??= [])
      if (!bucket.some(([n]) => n === name)) bucket.push(entry)
      // The first name declared for a value is its display name (aliases such as STATUS_WAIT_0 come later).
      if (!this.byValue.has(value)) this.byValue.set(value, name)
    }
  }

  value(name: string): number | undefined {
    if (name === this.lastName) return this.lastValue
    const bucket = this.byLength[name.length]
    if (bucket === undefined) return undefined
    for (let i = 0; i < bucket.length; i++) {
      const entry = bucket[i]
      if (entry[0] === name) {
        this.lastName = name
        this.lastValue = entry[1]
        return entry[1]
      }
    }
    return undefined
  }

  name(value: number): string | undefined {
    return this.byValue.get(value)
  }

  has(name: string): boolean {
    return this.value(name) !== undefined
  }

  names(): string[] {
    return [...new Set(this.entries.map(([n]) => n))]
  }

  /** The known name that differs only in case, for "did you mean" hints (error path only). */
  suggest(name: string): string | undefined {
    const upper = name.toUpperCase()
    for (const [known] of this.entries) if (known.toUpperCase() === upper) return known
    return undefined
  }

  /** Several tables as one, for fields that accept names of several kinds (e.g. `request`). */
  static merge(what: string, ...tables: NameTable[]): NameTable {
    const all: Array<readonly [string, number]> = []
    for (const t of tables) all.push(...t.entries)
    return new NameTable(what, all)
  }
}

/**
 * A mask as names joined by `|`, as a driver developer writes it: `WSK_FLAG_LISTEN_SOCKET`,
 * `WSK_EVENT_ACCEPT|WSK_EVENT_DISABLE`. Bits no name covers are printed in hex. Zero prints as
 * the table's zero name if it has one (`WSK_FLAG_BASIC_SOCKET`), else `0`.
 */
export function flagNames(n: number, table: NameTable): string {
  let rest = n >>> 0
  if (rest === 0) return table.name(0) ?? '0'
  const parts: string[] = []
  for (const [name, value] of table.entries) {
    if (value === 0) continue
    const v = value >>> 0
    if ((rest & v) >>> 0 === v) {
      parts.push(name)
      rest = (rest & ~v) >>> 0
      if (rest === 0) break
    }
  }
  if (rest !== 0) parts.push('0x' + rest.toString(16).toUpperCase())
  return parts.join('|')
}

/** Result of {@link parseNameMask}: the number, or why the text is not a mask of the table's names. */
export type MaskParse = number | {error: string}

/**
 * `NAME|NAME|0x10` → the names' values OR-ed (unsigned 32-bit). Numeric tokens (`0x…` or decimal)
 * are accepted so exports that print raw masks need no mapping; blanks around `|` are ignored.
 * An empty string is 0 (no flag set).
 */
export function parseNameMask(text: string, table: NameTable): MaskParse {
  // Fast path: one name, the common case.
  const single = table.value(text)
  if (single !== undefined) return single >>> 0
  let mask = 0
  let start = 0
  for (;;) {
    const bar = text.indexOf('|', start)
    const token = (bar === -1 ? text.slice(start) : text.slice(start, bar)).trim()
    if (token.length === 0) {
      if (bar !== -1 || start !== 0) return {error: `empty name in "${text}"`}
    } else {
      const v = nameOrNumber(token, table)
      if (typeof v !== 'number') return v
      mask = (mask | v) >>> 0
    }
    if (bar === -1) return mask
    start = bar + 1
  }
}

/** One name of the table, or an integer written as `0x…` / decimal text (unsigned 32-bit). */
export function nameOrNumber(token: string, table: NameTable): MaskParse {
  const v = table.value(token)
  if (v !== undefined) return v >>> 0
  const c = token.charCodeAt(0)
  if ((c >= 48 && c <= 57) || c === 45 /* - */) {
    const n = parseIntegerText(token)
    if (n !== undefined && n >= -0x80000000 && n <= 0xffffffff) return n >>> 0
    return {error: `"${token}" is not a 32-bit integer`}
  }
  return {error: unknownName(token, table)}
}

/** `unknown WSK flag name "X"` plus a hint when only the case differs. */
export function unknownName(name: string, table: NameTable): string {
  const hint = table.suggest(name)
  return `unknown ${table.what} name "${name}"` + (hint !== undefined ? ` (did you mean "${hint}"?)` : '')
}

/**
 * `0x1F`, `0X1f`, `31`, `-5` → the integer; anything else (incl. empty, blanks, fractions, values
 * beyond 2^53) → undefined. A charCode loop: cheaper than a regex on the hot path.
 */
export function parseIntegerText(text: string): number | undefined {
  const len = text.length
  let i = 0
  let negative = false
  if (len > 0 && text.charCodeAt(0) === 45 /* - */) {
    negative = true
    i = 1
  }
  if (i >= len) return undefined
  let n = 0
  if (len - i > 2 && text.charCodeAt(i) === 48 && (text.charCodeAt(i + 1) | 0x20) === 120 /* x */) {
    i += 2
    for (; i < len; i++) {
      const d = hexDigit(text.charCodeAt(i))
      if (d < 0) return undefined
      n = n * 16 + d
    }
  } else {
    for (; i < len; i++) {
      const c = text.charCodeAt(i)
      if (c < 48 || c > 57) return undefined
      n = n * 10 + (c - 48)
    }
  }
  if (n > Number.MAX_SAFE_INTEGER) return undefined
  return negative ? -n : n
}

/** Value of a hex digit's char code, or -1. */
export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  const l = c | 0x20 // fold A-F to a-f
  if (l >= 97 && l <= 102) return l - 87
  return -1
}
