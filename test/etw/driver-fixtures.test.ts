/**
 * One small session — a connection accepted through WskAcceptEvent and never closed before
 * WskDeregister — written by hand in every export format (test/fixtures/etw/driver/), each with
 * the quirks etw-formats.md quotes from real files around the driver's events. Every export must
 * give the records and the verdict of its canonical twin, accept-leak.jsonl.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {payloadText, type RawEvent, type RawSink} from '../../src/etw/raw-event.js'
import {read as readDumper} from '../../src/etw/readers/dumper.js'
import {read as readTracerptCsv} from '../../src/etw/readers/tracerpt-csv.js'
import {read as readWpaCsv} from '../../src/etw/readers/wpa-csv.js'
import {lintFile} from '../../src/lint/lint-file.js'
import {DEFAULT_LINT_OPTIONS, type LintOptions} from '../../src/lint/lint-options.js'
import {canonical, EXAMPLE, fixture, readAll, TEMPLATE} from './helpers.js'

const TMP = mkdtempSync(join(tmpdir(), 'wsktrace-etw-'))
afterAll(() => rmSync(TMP, {recursive: true, force: true}))

const TWIN = fixture('driver', 'accept-leak.jsonl')
const DUMPER = fixture('driver', 'accept-leak.dumper.txt')
const XML = fixture('driver', 'accept-leak.tracerpt.xml')
const CSV = fixture('driver', 'accept-leak.tracerpt.csv')
const WPA = fixture('driver', 'accept-leak.wpa.csv')

/** A variant of a fixture, written next to the others in TMP. */
function variant(name: string, bytes: Buffer | string): string {
  const file = join(TMP, name)
  writeFileSync(file, bytes)
  return file
}

/** Findings as (rule, severity, index of the event at the finding's line, indices of the witness lines). */
async function verdict(file: string, options: Partial<LintOptions> = {}) {
  const lintOptions = {...DEFAULT_LINT_OPTIONS, ...options}
  const {events} = await readAll(file, {mappings: options.mappings})
  const index = new Map(events.map((e, i) => [e.line, i]))
  const r = await lintFile(file, lintOptions)
  expect(r.fatal).toBeUndefined()
  return r.findings.map((f) => ({rule: f.ruleId, severity: f.severity, inconclusive: f.inconclusive !== undefined, at: index.get(f.line) ?? `line ${f.line}`, witness: f.witness.map((w) => index.get(w.line))}))
}

describe('the accept-leak session in every format gives its canonical twin\'s records and verdict', async () => {
  const twin = await readAll(TWIN)
  const twinVerdict = await verdict(TWIN)
  const csvText = readFileSync(CSV, 'latin1')
  const cases: Array<[string, string, string[]]> = [
    ['xperf dumper, zero configuration', DUMPER, []],
    ['tracerpt XML, zero configuration', XML, []],
    ['WPA CSV with field names, zero configuration', WPA, []],
    ['tracerpt CSV (ANSI), the shipped template mapping', CSV, [TEMPLATE]],
    ['tracerpt CSV, UTF-16LE with BOM (tracerpt -en Unicode)', variant('unicode.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvText.replace(/\x93|\x94/g, (c) => (c === '\x93' ? '\u201c' : '\u201d')), 'utf16le')])), [TEMPLATE]],
    ['tracerpt CSV, UTF-8 with BOM', variant('utf8bom.csv', '\ufeff' + csvText.replace(/\x93|\x94/g, (c) => (c === '\x93' ? '\u201c' : '\u201d'))), [TEMPLATE]],
    ['xperf dumper of a driver with names of its own, the example mapping', fixture('driver', 'fabrikam.dumper.txt'), [EXAMPLE]],
    ['tracerpt CSV of a manifest provider by event id and version, the example mapping', fixture('driver', 'fabrikam-legacy.tracerpt.csv'), [EXAMPLE]],
  ]
  it.each(cases)('%s', async (_title, file, mappings) => {
    const read = await readAll(file, {mappings})
    expect(read.invalid).toEqual([])
    expect(canonical(read)).toEqual(canonical(twin))
    expect(read.header.eventsLost).toBe(0)
    expect(await verdict(file, {mappings})).toEqual(twinVerdict)
  })

  it('the twin\'s verdict is the leak of the accepted socket, at WskDeregister', () => {
    expect(twinVerdict).toEqual([{rule: 'accept-event-success-app-owns', severity: 'error', inconclusive: false, at: 7, witness: [1, 2, 4, 5, 7]}])
  })
})

/** Raw events of a reader, copied, and what it skipped. */
async function raw(read: (f: string, s: RawSink) => Promise<void>, file: string) {
  const rows: Array<{line: number; key: string; ts: number; tid: unknown; values: string[]}> = []
  const skipped: string[] = []
  const invalid: string[] = []
  const copy = (r: RawEvent) => ({line: r.line, key: r.layout.key, ts: r.ts, tid: r.tid, values: Array.from({length: r.valueCount}, (_, i) => payloadText(r, i + 1))})
  await read(file, {header: () => {}, event: (r) => rows.push(copy(r)), skipped: (l, why) => skipped.push(`${l}: ${why}`), invalid: (l, why) => invalid.push(`${l}: ${why}`)})
  return {rows, skipped, invalid}
}

describe('xperf dumper quirks', () => {
  it('preamble, bookkeeping rows, error lines and undecodable events are not WSK records', async () => {
    const {summary} = await readAll(DUMPER)
    expect(summary).toMatchObject({format: 'dumper', events: 8, ignored: 3, skipped: 1, eventsLost: 0, buffersLost: 0})
    expect(summary.unmapped).toEqual([
      {key: 'Contoso.Banner/Build/win:Info', count: 1},
      {key: 'P-Start', count: 1},
      {key: 'UnknownEvent/Classic', count: 1},
    ])
  })

  it('joins a command line\'s unescaped commas back into the last column, and tolerates 8-bit text', async () => {
    const {rows, skipped} = await raw(readDumper, DUMPER)
    expect(skipped).toEqual(['23: xperf error line'])
    const pstart = rows.find((r) => r.key === 'P-Start')!
    expect(pstart.values).toHaveLength(1)
    expect(pstart.values[0]).toMatch(/^480, {10}1, 0x0000938192a10300, .*--emit=dep-info,metadata .* <none>, <none>$/)
    const banner = rows.find((r) => r.key === 'Contoso.Banner/Build/win:Info')!
    expect(banner.values).toEqual(['caf\ufffd \ufffd\ufffd 1.0'])
  })

  it('Events Lost and Buffers lost of the OS Version line make the leak inconclusive', async () => {
    const text = readFileSync(DUMPER, 'latin1').replace('Events Lost: 0, Buffers lost: 0', 'Events Lost: 3, Buffers lost: 1')
    const file = variant('lost.dumper.txt', Buffer.from(text, 'latin1'))
    const read = await readAll(file)
    expect(read.header.eventsLost).toBe(4)
    expect(read.summary).toMatchObject({eventsLost: 3, buffersLost: 1})
    const [f] = await verdict(file)
    expect(f).toMatchObject({rule: 'accept-event-success-app-owns', severity: 'warning', inconclusive: true})
  })

  it('a key with two layouts of the same width cannot be told apart: the row is reported', async () => {
    const text = readFileSync(DUMPER, 'latin1').replace(
      'EndHeader',
      'Contoso.WskDriver/WskBind/win:Info,  TimeStamp,     Process Name ( PID),   ThreadID, CPU, etw:ActivityId, etw:Related ActivityId, etw:UserSid, etw:SessionId, Irql, Context, Status\nEndHeader',
    )
    const read = await readAll(variant('tie.dumper.txt', Buffer.from(text, 'latin1')))
    expect(read.invalid).toEqual([[25, '2 header layouts of "Contoso.WskDriver/WskBind/win:Info" have 12 columns: the row cannot be told apart']])
  })
})

describe('tracerpt XML quirks', () => {
  it('the trace header event, a MOF kernel event and an undecodable event are no WSK records', async () => {
    const {summary, header} = await readAll(XML)
    expect(header.timeUnit).toBe('ns')
    expect(summary).toMatchObject({format: 'tracerpt-xml', events: 8, ignored: 1, skipped: 1, eventsLost: 0})
    expect(summary.unmapped).toEqual([{key: 'MSNT_SystemTrace/Process/Start', count: 1}])
  })

  it('EventsLost of the trace header makes the leak inconclusive', async () => {
    const file = variant('lost.xml', readFileSync(XML, 'utf8').replace('<Data Name="EventsLost">0</Data>', '<Data Name="EventsLost">2</Data>'))
    expect((await readAll(file)).header.eventsLost).toBe(2)
    expect((await verdict(file))[0]).toMatchObject({severity: 'warning', inconclusive: true})
  })

  it('a bare sequence of <Event> elements after an XML declaration (wevtutil style) reads the same', async () => {
    const text = readFileSync(XML, 'utf8').replace('<Events>\r\n', '<?xml version="1.0" encoding="UTF-8"?>\r\n').replace('</Events>\r\n', '')
    const read = await readAll(variant('bare.xml', text))
    expect(read.invalid).toEqual([])
    expect(canonical(read)).toEqual(canonical(await readAll(XML)))
  })

  it('RawTime (tracerpt -rts) is the time when SystemTime is missing', async () => {
    let n = 0
    const text = readFileSync(XML, 'utf8').replace(/SystemTime="[^"]+"/g, () => `RawTime="${133127435730482450n + 10n * BigInt([0, 0, 1, 2, 5, 6, 100, 103, 950, 990][n++]!)}"`)
    const read = await readAll(variant('rawtime.xml', text))
    expect(read.header.timeUnit).toBe('filetime')
    expect(canonical(read)).toEqual(canonical(await readAll(XML)))
  })
})

describe('tracerpt CSV quirks (raw export: Windows 7 hex ids, ANSI)', () => {
  it('hex PID/TID, a {GUID} provider, blanks in quoted strings, a comma inside a string, Windows-1252', async () => {
    const {rows, invalid, skipped} = await raw(readTracerptCsv, CSV)
    expect(invalid).toEqual([])
    expect(skipped).toEqual([])
    expect(rows.find((r) => r.line === 9)).toMatchObject({key: 'Contoso-WskDriver/id 191 v0/Start', tid: 9})
    expect(rows.find((r) => r.key.startsWith('{'))).toMatchObject({key: '{c4859ff3-8549-54e3-adc3-dfcb805b4146}/id 1 v0/opcode 0', values: ['0x1']})
    expect(rows.find((r) => r.key.startsWith('Microsoft-Windows-PktMon'))!.values).toEqual(['158', 'HTTP Protocol ', 'drop, by filter', '\u201cHTTP\u201d'])
  })

  it('EventsLost and BuffersLost of the EventTrace Header row flow into the header', async () => {
    const lines = readFileSync(CSV, 'latin1').split('\r\n')
    const ud = lines[1]!.split(',')
    const at = ud.indexOf(' User Data') === -1 ? 19 : 0 // user data starts after the 19 fixed columns
    ud[at + 11] = ' 5' // EventsLost
    ud[ud.length - 3] = ' 1' // BuffersLost
    lines[1] = ud.join(',')
    const file = variant('lost.csv', Buffer.from(lines.join('\r\n'), 'latin1'))
    const read = await readAll(file, {mappings: [TEMPLATE]})
    expect(read.summary).toMatchObject({eventsLost: 5, buffersLost: 1})
    expect(read.header.eventsLost).toBe(6)
    expect((await verdict(file, {mappings: [TEMPLATE]}))[0]).toMatchObject({severity: 'warning', inconclusive: true})
  })

  it('without a mapping nothing maps (no event names): --unmapped shows the event ids', async () => {
    const {summary} = await readAll(CSV)
    expect(summary.events).toBe(0)
    expect(summary.unmapped.map((u) => u.key)).toContain('Contoso-WskDriver/id 191 v0/Start')
  })
})

describe('WPA CSV quirks', () => {
  it('numbers with thousands separators in quotes; times in seconds', async () => {
    const {rows} = await raw(readWpaCsv, WPA)
    expect(rows.at(-1)).toMatchObject({key: 'Microsoft-Windows-Kernel-Power/SystemSleep/win:Info', tid: 1204, ts: 1_234_500_000_000})
    expect(rows[4]).toMatchObject({ts: 100_000})
  })

  it('a grouped export\'s aggregated row (Count above 1) is reported, not read as an event', async () => {
    const text = readFileSync(WPA, 'utf8').replace('System (4),4,0,1,0,0xffffa00100001000,,,,,,,,,0x00000000,0.000950000', 'System (4),4,0,2,0,0xffffa00100001000,,,,,,,,,0x00000000,0.000950000')
    const read = await readAll(variant('grouped.wpa.csv', text))
    expect(read.invalid).toEqual([[8, 'row aggregates 2 events (Count 2): export the Generic Events table flat, with no grouping']])
  })
})
