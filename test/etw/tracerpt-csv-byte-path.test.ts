// The tracerpt CSV reader has two paths: rows read in bytes (a UTF-8 file; the mapper fills the
// event from remembered cell values) and rows read by papaparse (other encodings, strings, every
// line the byte path hands over, and the rest of a file whose lines it cannot follow). Lint's
// verdicts may not depend on which one read a row: the same export given as bytes and as text,
// in the same chunks, must give the same events, the same problems on the same lines, and the
// same summary — whatever its cells hold.
import {readFileSync} from 'node:fs'
import {StringDecoder} from 'node:string_decoder'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {EventMapper} from '../../src/etw/mapping/map-event.js'
import {compileMapping} from '../../src/etw/mapping/mapping-file.js'
import {readEtwTrace, type SourceSummary} from '../../src/etw/read-etw.js'
import {read as readTracerptCsv} from '../../src/etw/readers/tracerpt-csv.js'
import {DDI_FIELDS, eventIdOf, opcodeOf, opcodeShortName, PHASES, taskOf} from '../../src/etw/writers/etw-layout.js'
import {TRACERPT_CSV_HEADER} from '../../src/etw/writers/tracerpt-csv.js'
import type {EventName} from '../../src/trace/event-catalogue.js'
import type {TraceEvent, TraceHeader} from '../../src/trace/event.js'
import {rawRecorder, TEMPLATE} from './helpers.js'

const DDIS: EventName[] = ['WskAccept', 'WskAcceptEvent', 'WskCloseSocket', 'IoCompletion', 'WskControlSocket', 'ExAllocatePool2', 'WskInspectEvent']

interface Kind {
  name: string
  type: string
  id: number
  opcode: number
  task: number
  fields: readonly string[]
}

const KINDS: Kind[] = [
  ...DDIS.flatMap((ddi) => PHASES.map((phase) => ({name: 'Contoso-WskDriver', type: opcodeShortName(phase), id: eventIdOf(ddi, phase), opcode: opcodeOf(phase), task: taskOf(ddi), fields: DDI_FIELDS[ddi]}))),
  // Another provider (ignored), one tracerpt could not name, a localized Type, and Acme (the mapping below).
  {name: 'Microsoft-Windows-TCPIP', type: 'Info', id: 1017, opcode: 0, task: 3, fields: ['size', 'daddr']},
  {name: '{1B0A7C6E-3F2D-4D9A-8E61-5A9F0C3B7D21}', type: '0', id: 7, opcode: 0, task: 0, fields: ['socket']},
  {name: 'Contoso-WskDriver', type: 'Démarrer', id: eventIdOf('WskCloseSocket', 'enter'), opcode: 1, task: taskOf('WskCloseSocket'), fields: DDI_FIELDS.WskCloseSocket},
  {name: 'Acme-Net', type: 'Stop', id: 7, opcode: 2, task: 1, fields: ['socket', 'result', 'level']},
  {name: 'Acme-Net', type: 'Info', id: 8, opcode: 0, task: 1, fields: ['socket', 'result']},
]

/** The template (by event id and position) and Acme: a value map, a constant, header sources (not fillable from bytes). */
const MAPPINGS = [
  compileMapping(JSON.parse(readFileSync(TEMPLATE, 'utf8')), 'template.json'),
  compileMapping(
    {
      mapVersion: 1,
      providers: {acme: {names: ['Acme-Net']}},
      events: [
        {match: {provider: 'acme', eventId: 7}, event: 'WskCloseSocket', phase: 'exit', fields: {socket: '#1', status: {from: '#2', map: {ok: 'STATUS_SUCCESS'}}, irql: {value: 'DISPATCH_LEVEL'}}},
        {match: {provider: 'acme', eventId: 8}, event: 'WskSocket', fields: {socket: '#1', context: '$activityId', status: '#2', irp: '$pid'}},
      ],
    },
    'acme.json',
  ),
]

const POINTERS = [' 0xFFFFA00110000800', ' 0xFFFFA00220000600', ' 0xffffa00110001000', ' 0x0000000000000000', ' 0xFFFFA00330000500']
const PLAIN: Record<string, string[]> = {
  irql: [' 0', ' 2', ' 1'],
  status: [' 0x00000000', ' 0x00000103', ' 0xC0000120', ' 0'],
  flags: [' 0x00000008', ' 0'],
  action: [' 0', ' 1', ' 2'],
  option: [' 0x00000001'],
  value: [' 1', ' 0'],
  request: [' 0x00000001'],
  inspectid: [' 0xFFFFA00770002000:1', ' "0xffffa00770002000:5"'],
  pool: [' 512', ' 64'],
  result: [' ok', ' 0x00000000', ' "ok"'],
  level: [' 2'],
  size: [' 1500'],
  daddr: [' "10.0.0.1"', ' 169.254.12.198'],
}
/** Invalid UTF-8, put in after encoding (a JS string cannot hold it). */
const BAD_BYTES = '\u0001BAD\u0001'
/**
 * Trouble a cell can hold that keeps its row on its line: strings with commas, CSV quoting,
 * 8-bit text, a CR (papaparse's quotes are followed by a closing one on the line, or none).
 */
const TROUBLE = fc.oneof(
  fc.constantFrom(' STATUS_BOGUS', ' NULL', ' 77', ' -1', ' 0x1', ' 12345678901234567890', ' 0x1ffffffffffffffff', '', '   ', ' true'),
  fc.constantFrom(' "quoted"', ' "0xFFFFA00110000800"', ' "a, b"', ' "HTTP Protocol "', ' "x,y, z"', ' "open', ' close"', ' " "', '  "', ' ""'),
  fc.constantFrom('"cell"', '"a,b"', '"a""b"', '"x" ', '"0xFFFFA00110000800"', '""', 'a"b'),
  fc.constantFrom(' caf\u00e9', ' a\tb', ' \u20ac', '\u00a0', ' x\ry', BAD_BYTES, ' \ufeff'),
  fc.string({maxLength: 6}).filter((s) => !s.includes('"')),
)
/**
 * Damage the line check cannot follow, which hands the rest of the file to papaparse: a quote
 * that runs onto the next lines (closed there or never), a stray LF in a CRLF file, a line
 * that starts with U+FEFF.
 */
const DAMAGE = fc.oneof(
  fc.constantFrom('"two\nlines"', '"cr\r\nlf"', '"lf\nthen, more', '"unclosed', '"', '"x"y', '"x" y,"z', '\n', 'x,"y\r\nz"', '\n\ufeffBOM,row'),
  fc.string({maxLength: 6}),
)

function cells(fields: readonly string[]): fc.Arbitrary<string[]> {
  return fc.tuple(
    ...fields.map((name) => {
      const plain = fc.constantFrom(...(PLAIN[name.toLowerCase()] ?? POINTERS))
      return fc.oneof({weight: 30, arbitrary: plain}, {weight: 1, arbitrary: TROUBLE})
    }),
  )
}

const rare = <T>(common: fc.Arbitrary<T>, odd: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({weight: 30, arbitrary: common}, {weight: 1, arbitrary: odd})

const row = fc.nat(KINDS.length - 1).chain((kind) =>
  fc.record({
    kind: fc.constant(kind),
    /** The Event ID cell padded otherwise (a kind of its own for the text path too). */
    idPadding: rare(fc.constant(13), fc.constantFrom(0, 5)),
    ticks: rare(fc.nat(1_000_000_000).map((n) => String(133127435730482450n + BigInt(n))), fc.constantFrom('1.3312743573048245e+17', '', '  12x', '123456789012345678901', ' -5', '7')),
    pid: rare(fc.constantFrom('4', '8000', '0x1F40', '0X10'), fc.constantFrom('', ' -0', '-3', '0x', '99999999999999999999', 'x1', '0xG')),
    tid: rare(fc.nat(64).map(String), fc.constantFrom('', ' -0', '-3', '0x1f', '0x', '1.5', '99999999999999999999')),
    cpu: rare(fc.nat(3).map(String), fc.constantFrom('', 'x', '-1')),
    activity: fc.constantFrom('{00000000-0000-0000-0000-000000000000}', '{00000000-0000-0000-0000-000000000000}', '{ABCDEF01-0000-0000-0000-000000000001}', '', '  '),
    values: cells(KINDS[kind]!.fields),
    /** Cells short of or beyond the kind's fields. */
    extra: fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 1, -1, -3),
    /** Trailing blank cells (a re-save pads rows). */
    padding: rare(fc.constant(''), fc.constantFrom(',', ',,,', ', ,  ,', ',,  ')),
  }),
)

type Row = typeof row extends fc.Arbitrary<infer T> ? T : never

const W = TRACERPT_CSV_HEADER.map((c) => c.length)

function renderRow(r: Row): string {
  const k = KINDS[r.kind]!
  const fixed = [k.name, k.type, String(k.id), '0', '0', '4', String(k.opcode), String(k.task), '0x0000000000000000', r.pid, r.tid, r.cpu, '', '', r.activity, '', r.ticks, '0', '0']
  const padded = fixed.map((c, i) => (i === 2 ? c.padStart(r.idPadding) : c.padStart(W[i]!)))
  const n = Math.max(0, k.fields.length + r.extra)
  const values = Array.from({length: n}, (_, i) => r.values[i] ?? ' 0x0000000000000000')
  return [...padded, ...values].join(',') + r.padding
}

const traceHeader = fc.record({lost: fc.nat(5), buffers: fc.nat(2)}).map(({lost, buffers}) => {
  const s = '133127435730482450'
  const ud = ['65536', '131082', '19041', '8', s, '156250', '0', '1', '0', '1', '8', String(lost), '1800', '0', '0', s, '10000000', s, '1', String(buffers)].map((v) => ' ' + v)
  const fixed = ['EventTrace', 'Header', '0', '2', '0', '0', '0', '0', '0x0000000000000000', '4', '0', '0', '', '', '{00000000-0000-0000-0000-000000000000}', '', s, '0', '0'].map((c, i) => c.padStart(W[i]!))
  return [...fixed, ...ud, ' "WskTrace"', ' "C:\\wsk, 2.etl"'].join(',')
})

/** Lines that are no event row: blank lines, short rows, a quoted first cell, 8-bit text. */
const oddLine = fc.constantFrom('', '   ', 'garbage', 'a,b', ',,,', '"quoted first cell",x', '"a""b",c', 'caf\u00e9,x', BAD_BYTES)

const line = fc.oneof({weight: 25, arbitrary: row}, {weight: 1, arbitrary: oddLine})

const exportArb = fc.record({
  lines: fc.array(line, {minLength: 10, maxLength: 60}),
  /** In a third of the exports, damage: at a line (in a cell of it, when a row), from which papaparse reads. */
  damage: fc.option(fc.record({at: fc.nat(), cell: fc.nat(), text: DAMAGE}), {nil: undefined, freq: 2}),
  header: fc.option(traceHeader, {nil: undefined, freq: 5}),
  /** pandas' Index column before every cell. */
  index: fc.constantFrom(false, false, false, false, true),
  leadingBlank: fc.constantFrom(false, false, false, true),
  crlf: fc.boolean(),
  /** Byte-order marks: none, one, or (rarely) a second one that papaparse drops too. */
  bom: fc.constantFrom(0, 0, 1, 1, 1, 2),
  finalBreak: fc.constantFrom(true, true, true, false),
  sizes: fc.array(fc.integer({min: 1, max: 400}), {minLength: 1, maxLength: 4}),
})

type Export = typeof exportArb extends fc.Arbitrary<infer T> ? T : never

function render(x: Export): Buffer {
  const eol = x.crlf ? '\r\n' : '\n'
  const lines: string[] = []
  if (x.leadingBlank) lines.push('')
  lines.push(TRACERPT_CSV_HEADER.join(','))
  if (x.header !== undefined) lines.push(x.header)
  x.lines.forEach((l, i) => {
    let rendered = typeof l === 'string' ? l : renderRow(l)
    const d = x.damage
    if (d !== undefined && d.at % x.lines.length === i) {
      const parts = rendered.split(',')
      parts.splice(d.cell % (parts.length + 1), 0, d.text)
      rendered = parts.join(',')
    }
    lines.push(rendered)
  })
  const withIndex = x.index ? lines.map((l, i) => (i === 0 ? 'Index,' : `${i},`) + l) : lines
  const text = '\ufeff'.repeat(x.bom) + withIndex.join(eol) + (x.finalBreak ? eol : '')
  const parts = text.split(BAD_BYTES).map((p) => Buffer.from(p, 'utf8'))
  return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from([0xff, 0xc3, 0x28]), p])))
}

interface Outcome {
  header: TraceHeader | undefined
  events: TraceEvent[]
  invalid: Array<[number, string]>
  summary: SourceSummary
}

/** The bytes in chunks of `sizes` (cycled), so lines straddle chunk ends. */
function* inChunks(data: Buffer, sizes: number[]): Generator<Buffer> {
  let at = 0
  for (let i = 0; at < data.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length]!)
    yield data.subarray(at, at + n)
    at += n
  }
}

/** The same chunks decoded as the text path decodes them (chunk ends in the same places). */
function* asText(data: Buffer, sizes: number[]): Generator<string> {
  const decoder = new StringDecoder('utf8')
  for (const chunk of inChunks(data, sizes)) {
    const t = decoder.write(chunk)
    if (t.length > 0) yield t
  }
  const rest = decoder.end()
  if (rest.length > 0) yield rest
}

async function* lazily<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items
}

const UTF8 = (data: Buffer) => ({encoding: 'utf-8' as const, bomLength: data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0})

async function lint(data: Buffer, sizes: number[], bytes: boolean): Promise<Outcome> {
  const events: TraceEvent[] = []
  const invalid: Array<[number, string]> = []
  let header: TraceHeader | undefined
  const source = bytes ? lazily(inChunks(data, sizes)) : lazily(asText(data, sizes))
  let summary: SourceSummary
  try {
    summary = await readEtwTrace(source, 'tracerpt-csv', {header: (h) => (header = h), event: (e) => events.push({...e}), invalid: (l, m) => invalid.push([l, m])}, {
      mapper: new EventMapper(MAPPINGS),
      encoding: UTF8(data),
    })
  } catch (err) {
    // A file with no header row is fatal on both paths, with the same message.
    return {header, events, invalid: [...invalid, [-1, String(err)]], summary: {} as SourceSummary}
  }
  return {header, events, invalid, summary}
}

/** What a sink sees, with the texts made: `acceptsRows` sinks complete rows themselves. */
async function rawEvents(data: Buffer, sizes: number[], bytes: boolean, acceptsRows: boolean): Promise<{rows: unknown[]; asBytes: number}> {
  const r = rawRecorder(acceptsRows)
  const source = bytes ? lazily(inChunks(data, sizes)) : lazily(asText(data, sizes))
  await readTracerptCsv(source, r.sink, {encoding: UTF8(data)}).catch((err: unknown) => r.rows.push({fatal: String(err)}))
  return {rows: r.rows, asBytes: r.asBytes()}
}

describe('tracerpt CSV: rows read as bytes and as text agree', () => {
  it('same events, problems and summary, whatever the rows hold (property, 300 random exports)', async () => {
    let events = 0
    await fc.assert(
      fc.asyncProperty(exportArb, async (x) => {
        const data = render(x)
        const text = await lint(data, x.sizes, false)
        const bytes = await lint(data, x.sizes, true)
        expect(bytes).toEqual(text)
        events += bytes.events.length
      }),
      {numRuns: 300},
    )
    // Not vacuous: most generated rows are valid events.
    expect(events).toBeGreaterThan(3000)
  })

  it('a sink gets the same raw events from bytes as from text, most of them as byte rows (property)', async () => {
    let asBytes = 0
    let rows = 0
    await fc.assert(
      fc.asyncProperty(exportArb, fc.boolean(), async (x, acceptsRows) => {
        const data = render(x)
        const fromText = await rawEvents(data, x.sizes, false, acceptsRows)
        const fromBytes = await rawEvents(data, x.sizes, true, acceptsRows)
        expect(fromBytes.rows).toEqual(fromText.rows)
        expect(fromText.asBytes).toBe(0)
        if (!acceptsRows) expect(fromBytes.asBytes).toBe(0) // completed before the sink saw them
        else asBytes += fromBytes.asBytes
        rows += fromBytes.rows.length
      }),
      {numRuns: 100},
    )
    expect(asBytes).toBeGreaterThan(rows / 8) // the byte path was taken (for about half the exports, half their rows)
  })

  it('a plain export (as tracerpt writes it) is read in bytes throughout, in any chunks', async () => {
    const lines = fc.sample(fc.array(row, {minLength: 200, maxLength: 200}), {numRuns: 1, seed: 5})[0]!
    const data = render({lines, damage: undefined, header: fc.sample(traceHeader, {numRuns: 1, seed: 5})[0], index: false, leadingBlank: false, crlf: true, bom: 0, finalBreak: true, sizes: [65536]})
    const whole = await rawEvents(data, [1 << 20], false, true)
    for (const sizes of [[1 << 20], [1], [7, 300], [4096]]) {
      const fromBytes = await rawEvents(data, sizes, true, true)
      expect(fromBytes.rows).toEqual(whole.rows)
      expect(fromBytes.asBytes).toBeGreaterThan(150)
    }
  })

  it('a UTF-16 export takes the text path and reads the same', async () => {
    const lines = fc.sample(fc.array(row, {minLength: 40, maxLength: 40}), {numRuns: 1, seed: 11})[0]!
    const data = render({lines, damage: undefined, header: undefined, index: false, leadingBlank: false, crlf: true, bom: 0, finalBreak: true, sizes: [4096]})
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(data.toString('utf8'), 'utf16le')])
    const read = async (source: AsyncIterable<Buffer | string>): Promise<unknown[]> => {
      const events: TraceEvent[] = []
      const invalid: Array<[number, string]> = []
      const summary = await readEtwTrace(source, 'tracerpt-csv', {header: () => {}, event: (e) => events.push({...e}), invalid: (l, m) => invalid.push([l, m])}, {mapper: new EventMapper(MAPPINGS)})
      return [events, invalid, summary]
    }
    expect(await read(lazily(inChunks(utf16, [4096])))).toEqual(await read(lazily(asText(data, [4096]))))
  })
})
