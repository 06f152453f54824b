// The dumper reader has two paths: rows read as bytes (a UTF-8 file; the mapper fills the event
// from remembered cell values) and rows read as text (other encodings, strings, and every line
// the byte path hands over). Lint's verdicts may not depend on which one read a row: the same
// export given as bytes and as text must give the same events, the same problems on the same
// lines, and the same summary — whatever its cells hold.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {EventMapper} from '../../src/etw/mapping/map-event.js'
import {compileMapping} from '../../src/etw/mapping/mapping-file.js'
import {readEtwTrace, type SourceSummary} from '../../src/etw/read-etw.js'
import {read as readDumper} from '../../src/etw/readers/dumper.js'
import {DDI_FIELDS, tlFieldName} from '../../src/etw/writers/etw-layout.js'
import type {EventName} from '../../src/trace/event-catalogue.js'
import type {TraceEvent, TraceHeader} from '../../src/trace/event.js'
import {rawRecorder} from './helpers.js'

const FIXED = 'TimeStamp,     Process Name ( PID),   ThreadID, CPU, etw:ActivityId, etw:Related ActivityId, etw:UserSid, etw:SessionId'
const DDIS: EventName[] = ['WskAccept', 'WskAcceptEvent', 'WskCloseSocket', 'IoCompletion', 'WskControlSocket', 'ExAllocatePool2', 'WskInspectEvent']
const OPCODES = ['win:Start', 'win:Stop', 'win:Info']

interface Layout {
  key: string
  names: string[]
}

const LAYOUTS: Layout[] = [
  ...DDIS.flatMap((ddi) => OPCODES.map((op) => ({key: `Contoso.WskDriver/${ddi}/${op}`, names: DDI_FIELDS[ddi].map(tlFieldName)}))),
  // Another provider (ignored), and a driver of its own names (the test mapping below).
  {key: 'Microsoft-Windows-Kernel-Network/TcpConnect/win:Info', names: ['Size', 'Daddr']},
  {key: 'Acme.Net/Closed/win:Stop', names: ['Sock', 'Result', 'Level']},
  {key: 'Acme.Net/Opened/win:Info', names: ['Sock', 'Result']},
]

/** Acme: a constant, a value map, a header source (not fillable from bytes), a positional field. */
const ACME = compileMapping(
  {
    mapVersion: 1,
    providers: {acme: {names: ['Acme.Net']}},
    events: [
      {match: {provider: 'acme', event: 'Closed'}, event: 'WskCloseSocket', phase: 'exit', fields: {socket: 'Sock', status: {from: 'Result', map: {ok: 'STATUS_SUCCESS'}}, irql: {value: 'DISPATCH_LEVEL'}}},
      {match: {provider: 'acme', event: 'Opened'}, event: 'WskSocket', fields: {socket: '#1', context: '$activityId', status: 'Result'}},
    ],
  },
  'acme.json',
)

/** Plain cells per payload field (by name), as a driver logs them. */
const POINTERS = [' 0xffffa00110000800', ' 0xffffa00220000600', ' 0xFFFFA00110001000', ' 0x0000000000000000', ' 0xffffa00330000500']
const PLAIN: Record<string, string[]> = {
  irql: [' 0', ' 2', '  1', ' DISPATCH_LEVEL'],
  status: [' 0x00000000', ' 0x00000103', ' 0xc0000120', ' STATUS_SUCCESS', ' 0'],
  flags: [' 0x00000008', ' 0', ' WSK_FLAG_LISTEN_SOCKET'],
  action: [' 0', ' 1', ' 2'],
  option: [' 0x00000001', ' SO_CONDITIONAL_ACCEPT'],
  value: [' 1', ' 0', ' true'],
  request: [' 0x00000001'],
  inspectid: [' 0xffffa00770002000:1', ' {Key : 0xffffa00770002000; SerialNumber : 5}', ' 0x0000000000000000'],
  pool: [' NonPagedPoolNx', ' POOL_FLAG_NON_PAGED', ' 512'],
  result: [' ok', ' 0x00000000'],
  level: [' 2'],
}
/** Every kind of trouble: names nothing knows, numbers out of range, quotes, brackets, commas, 8-bit text. */
const TROUBLE = fc.oneof(
  fc.constantFrom(' STATUS_BOGUS', ' NULL', ' (null)', ' 77', ' -1', ' 0x1', ' true', ' 12345678901234567890', ' 0x1ffffffffffffffff', '', '   '),
  fc.constantFrom(' "quoted"', ' "0xffffa00110000800"', ' [1; 2]', ' {Key : 0x1; SerialNumber : 5}', ' NonPagedPoolNx'),
  fc.constantFrom(' caf\u00e9', ' a\tb', ' 77\t', '\t0xffffa00110000800', ' x,y', ' "a,b"', ' [1,2]', ' \u20ac', ' \ufffd', '\u00a0'),
  fc.string({maxLength: 6}),
)

/** The cells of a layout: plain for its fields, now and then trouble. */
function cells(names: string[]): fc.Arbitrary<string[]> {
  return fc.tuple(
    ...names.map((name) => {
      const plain = fc.constantFrom(...(PLAIN[name.toLowerCase()] ?? POINTERS))
      return fc.oneof({weight: 24, arbitrary: plain}, {weight: 1, arbitrary: TROUBLE})
    }),
  )
}

const number = (max: number) => fc.oneof({weight: 30, arbitrary: fc.nat(max).map((n) => String(n).padStart(11))}, {weight: 1, arbitrary: fc.constantFrom('', '  12x', ' -3', '99999999999999999', ' 1.5', '\t12')})

const row = fc.nat(LAYOUTS.length - 1).chain((layout) =>
  fc.record({
    layout: fc.constant(layout),
    ts: number(1_000_000),
    tid: number(64),
    cpu: number(3),
    activity: fc.constantFrom('', ' ', ' {00000000-0000-0000-0000-000000000001}'),
    values: cells(LAYOUTS[layout]!.names),
    /** Cells short of or beyond the layout's count. */
    extra: fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, -1),
  }),
)

const line = fc.oneof(
  {weight: 20, arbitrary: row},
  {weight: 1, arbitrary: fc.constantFrom('Error: TDH failed', 'UnknownEvent/Classic,  12, "Unknown" (   4),  1,  0, , , , ', 'FirstReliableEventTimeStamp, 0', '', '   ', 'Nowhere/At/All,   5, "x" (1), 1, 0, , , , , 1', 'Contoso.WskDriver/WskCloseSocket/win:Info,  TimeStamp, Process Name ( PID)')},
)

function header(extraLayout: boolean): string[] {
  const lines = ['BeginHeader']
  for (const l of LAYOUTS) lines.push(`${l.key},  ${FIXED}${l.names.map((n) => ', ' + n).join('')}`)
  // Two layouts of one key with as many columns: its rows cannot be told apart.
  if (extraLayout) lines.push(`Contoso.WskDriver/WskCloseSocket/win:Start,  ${FIXED}, Irql, Socket, Irp, Other`)
  lines.push('EndHeader', 'OS Version: 10.0.19043, Trace Size: 20736KB, Events Lost: 0, Buffers lost: 0, Trace Start: 132675686690347142, Trace Length: 2 sec, PointerSize: 8, Trace Name: x.etl')
  return lines
}

type Row = typeof row extends fc.Arbitrary<infer T> ? T : never

function render(lines: Array<string | Row>, extraLayout: boolean): string {
  const out = header(extraLayout)
  for (const l of lines) {
    if (typeof l === 'string') {
      out.push(l)
      continue
    }
    const layout = LAYOUTS[l.layout]!
    const n = Math.max(0, layout.names.length + l.extra)
    const values = Array.from({length: n}, (_, i) => l.values[i] ?? ' 0x0000000000000000')
    out.push([layout.key, l.ts, '        "Unknown" (   4)', l.tid, l.cpu, l.activity, ' ', ' ', ' ', ...values].join(','))
  }
  return out.join('\n') + '\n'
}

interface Outcome {
  header: TraceHeader | undefined
  events: TraceEvent[]
  invalid: Array<[number, string]>
  summary: SourceSummary
}

/** The bytes in chunks of `sizes` (cycled), so lines straddle chunk ends. */
async function* inChunks(data: Buffer | string, sizes: number[]): AsyncGenerator<Buffer | string> {
  let at = 0
  for (let i = 0; at < data.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length]!)
    yield data.slice(at, at + n)
    at += n
  }
}

/** Which byte scanner cuts rows: the WebAssembly one (the default) or the JavaScript one. */
type Scanner = 'webassembly' | 'javascript'

async function lint(data: Buffer | string, sizes: number[], rowScanner: Scanner = 'webassembly'): Promise<Outcome> {
  const events: TraceEvent[] = []
  const invalid: Array<[number, string]> = []
  let header: TraceHeader | undefined
  const summary = await readEtwTrace(inChunks(data, sizes), 'dumper', {header: (h) => (header = h), event: (e) => events.push(e), invalid: (l, m) => invalid.push([l, m])}, {
    mapper: new EventMapper([ACME]),
    rowScanner,
  })
  return {header, events, invalid, summary}
}

/** What a sink sees, with the texts made: `acceptsRows` sinks complete rows themselves. */
async function rawEvents(data: Buffer | string, acceptsRows: boolean, rowScanner: Scanner = 'webassembly'): Promise<{rows: unknown[]; asBytes: number}> {
  const r = rawRecorder(acceptsRows)
  await readDumper(inChunks(data, [1 << 16]), r.sink, {rowScanner})
  return {rows: r.rows, asBytes: r.asBytes()}
}

describe('dumper: rows read as bytes and as text agree', () => {
  it('same events, problems and summary, whatever the cells hold (property, 300 random exports)', async () => {
    let filled = 0
    await fc.assert(
      fc.asyncProperty(fc.array(line, {minLength: 10, maxLength: 60}), fc.boolean(), fc.array(fc.integer({min: 1, max: 400}), {minLength: 1, maxLength: 4}), fc.boolean(), fc.boolean(), async (lines, extraLayout, sizes, crlf, bom) => {
        let text = render(lines, extraLayout)
        if (crlf) text = text.replace(/\n/g, '\r\n')
        if (bom) text = '\ufeff' + text
        const asText = await lint(text, sizes)
        const asBytes = await lint(Buffer.from(text, 'utf8'), sizes)
        expect(asBytes).toEqual(asText)
        expect(await lint(Buffer.from(text, 'utf8'), sizes, 'javascript')).toEqual(asText)
        filled += asBytes.events.length
      }),
      {numRuns: 300},
    )
    // Not vacuous: most generated rows are valid events.
    expect(filled).toBeGreaterThan(2000)
  })

  it('a sink that does not take rows gets complete raw events, the same as from text', async () => {
    const lines = fc.sample(fc.array(line, {minLength: 40, maxLength: 40}), {numRuns: 1, seed: 7})[0]!
    const text = render(lines, true)
    const fromText = await rawEvents(text, false)
    const fromBytes = await rawEvents(Buffer.from(text, 'utf8'), false)
    const completedBySink = await rawEvents(Buffer.from(text, 'utf8'), true)
    const completedJs = await rawEvents(Buffer.from(text, 'utf8'), true, 'javascript')
    expect(fromBytes.rows).toEqual(fromText.rows)
    expect(completedBySink.rows).toEqual(fromText.rows)
    expect(completedJs.rows).toEqual(fromText.rows)
    expect(fromBytes.asBytes).toBe(0)
    expect(completedBySink.asBytes).toBeGreaterThan(20) // the byte path was taken for most rows
    expect(completedJs.asBytes).toBe(completedBySink.asBytes)
  })

  it('a UTF-16 export takes the text path and reads the same', async () => {
    const lines = fc.sample(fc.array(line, {minLength: 40, maxLength: 40}), {numRuns: 1, seed: 11})[0]!
    const text = render(lines, false)
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    expect(await lint(utf16, [4096])).toEqual(await lint(text, [4096]))
  })
})
