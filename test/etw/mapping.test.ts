/**
 * Mapping files: what the schema and the checks refuse (with JSON paths), how rules match event
 * kinds (provider by name or GUID, event, opcode by name or number, event id and version), how
 * fields are taken (names in any case, #n, header values, constants, value maps), and that the
 * shipped template is exactly the layout the tracerpt CSV writer writes.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {compileMapping, MappingError, type MappingFile} from '../../src/etw/mapping/mapping-file.js'
import {EventMapper} from '../../src/etw/mapping/map-event.js'
import {newLayout, type RawLayout} from '../../src/etw/raw-event.js'
import {positionalMapping} from '../../src/etw/writers/positional-mapping.js'
import {EXAMPLE, fixture, readAll, TEMPLATE} from './helpers.js'

const TMP = mkdtempSync(join(tmpdir(), 'wsktrace-mapping-'))
afterAll(() => rmSync(TMP, {recursive: true, force: true}))

function write(name: string, content: unknown): string {
  const file = join(TMP, name)
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
  return file
}

function problems(doc: unknown): string[] {
  try {
    compileMapping(doc, 'm.json')
  } catch (e) {
    if (e instanceof MappingError) return [...e.lines]
    throw e
  }
  return []
}

describe('checking a mapping file', () => {
  it('schema errors, each with its JSON path', () => {
    expect(problems(JSON.parse(readFileSync(fixture('mapping', 'schema-errors.json'), 'utf8')))).toEqual([
      'm.json: /mapVersion: must be equal to constant (got 2)',
      'm.json: /events/0/match: must NOT have fewer than 1 properties',
      'm.json: /events/0/phase: must be equal to one of the allowed values (auto, point, enter, exit; got "later")',
      'm.json: /events/1/match/opcode/0: must be string,integer (got true)',
      'm.json: /events/1/fields/socket/type: must be equal to one of the allowed values (auto, string, hex, decimal, bool; got "pointer")',
    ])
  })

  it('what the schema cannot say: DDI names, canonical fields, selectors', () => {
    expect(problems({mapVersion: 1, events: [{match: {event: 'x'}, event: 'wskbind', fields: {Socket: '#1', irql: '$thread'}}]})).toEqual([
      'm.json: /events/0/event: unknown DDI "wskbind", not in the wsk-trace v1 catalogue (did you mean "WskBind"?)',
    ])
    expect(problems({mapVersion: 1, events: [{match: {event: 'x'}, event: 'WskBind', fields: {Socket: '#1', irql: '$thread'}}]})).toEqual([
      'm.json: /events/0/fields/Socket: unknown canonical field "Socket" (did you mean "socket"?)',
      'm.json: /events/0/fields/irql: "$thread" is not a header value ($activityId, $pid, $tid, $cpu)',
    ])
  })

  it('comments are allowed where a JSON file has none: "//" keys and $comment', () => {
    expect(problems({'//': ['a', 'b'], $comment: 'c', mapVersion: 1, events: [{'//': 'x', match: {'//': 'y', event: 'A'}, event: 'WskBind'}]})).toEqual([])
  })

  it('the shipped example loads', () => {
    expect(problems(JSON.parse(readFileSync(EXAMPLE, 'utf8')))).toEqual([])
  })
})

describe('the tracerpt CSV template', () => {
  it('is the layout the tracerpt CSV writer writes, rule for rule', () => {
    const doc = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as Record<string, unknown>
    const generated = positionalMapping()
    expect(doc.events).toEqual(generated.events)
    expect(doc.providers).toEqual(generated.providers)
    expect(problems(doc)).toEqual([])
  })
})

/** A dumper export with one key and the given payload columns, one row per value list. */
function dumper(key: string, names: string[], rows: Array<{ts: number; tid?: number; activity?: string; values: string[]}>): string {
  const head = [key, '  TimeStamp', '    Process Name ( PID)', '  ThreadID', 'CPU', 'etw:ActivityId', 'etw:Related ActivityId', 'etw:UserSid', 'etw:SessionId', ...names].join(', ')
  const lines = rows.map((r) => [key, String(r.ts).padStart(10), '"Unknown" (   4)'.padStart(23), String(r.tid ?? 4).padStart(10), '  0', r.activity ?? '', '', '', '', ...r.values].join(', '))
  return ['BeginHeader', head, 'EndHeader', ...lines, ''].join('\n')
}

describe('rules at work', () => {
  it('other names, value maps (exact then any case), header values, constants; opcode by number or name', async () => {
    const file = write('acme.txt', dumper('Acme.Net/Closed/win:Stop', ['Result', 'Level'], [
      {ts: 1, activity: '{aaaaaaaa-0000-0000-0000-00000000000a}', values: ['Fine', '2']},
      {ts: 2, activity: '{aaaaaaaa-0000-0000-0000-00000000000b}', values: ['broken', '2']},
    ]))
    const mapping = write('acme.json', {
      mapVersion: 1,
      providers: {acme: {names: ['ACME.NET']}},
      events: [{match: {provider: 'acme', event: 'closed', opcode: 2}, event: 'WskCloseSocket', fields: {
        socket: '$activityId', irql: {from: 'Level', type: 'decimal'}, status: {from: 'Result', map: {fine: 'STATUS_SUCCESS', BROKEN: 'STATUS_CANCELLED'}}, irp: {value: null},
      }}],
    })
    const read = await readAll(file, {mappings: [mapping]})
    expect(read.invalid).toEqual([])
    expect(read.events.map((e) => [e.event, e.phase, e.socket, e.irql, e.status, e.irp])).toEqual([
      ['WskCloseSocket', 'exit', '{aaaaaaaa-0000-0000-0000-00000000000a}', 2, 0, null],
      ['WskCloseSocket', 'exit', '{aaaaaaaa-0000-0000-0000-00000000000b}', 2, 0xc0000120, null],
    ])
  })

  it('a provider matched by GUID (tracerpt XML shows it), an event by id and version, fields by position', async () => {
    const ev = (version: number, data: string[]) => `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Guid="{1B0A7C6E-3F2D-4D9A-8E61-5A9F0C3B7D21}" /><EventID>7</EventID><Version>${version}</Version><Opcode>2</Opcode><TimeCreated SystemTime="2024-01-01T00:00:00.000001000Z" /><Execution ProcessID="4" ThreadID="9" ProcessorID="2" /></System><EventData>${data.map((d) => `<Data>${d}</Data>`).join('')}</EventData></Event>`
    const file = write('legacy.xml', `<Events>\n${ev(1, ['2', '0xFFFFA00100001000', '1', '0x0', '0x0'])}\n${ev(0, [])}\n</Events>\n`)
    const read = await readAll(file, {mappings: [EXAMPLE]})
    expect(read.events.map((e) => [e.line, e.event, e.phase, e.irql, e.socket, e.status, e.context, e.dispatch, e.tid, e.cpu])).toEqual([
      [2, 'WskAcceptEvent', 'exit', 2, '0xffffa00100001000', 0, null, null, 9, 2],
    ])
    expect(read.summary.unmapped).toEqual([{key: '{1b0a7c6e-3f2d-4d9a-8e61-5a9f0c3b7d21}/id 7/opcode 2', count: 1}])
  })

  it('zeroConfig: false turns the naming convention off; namedFields: false takes only the fields listed', async () => {
    const file = write('conv.txt', dumper('Contoso.WskDriver/WskBind/win:Info', ['Socket', 'Status', 'Irql'], [{ts: 1, values: ['0x1000', '0x0', '0']}]))
    expect((await readAll(file)).events).toHaveLength(1)
    expect((await readAll(file, {mappings: [write('off.json', {mapVersion: 1, zeroConfig: false})]})).events).toHaveLength(0)
    const only = write('only.json', {mapVersion: 1, events: [{match: {event: 'WskBind'}, event: 'WskBind', namedFields: false, fields: {socket: 'socket'}}]})
    const [e] = (await readAll(file, {mappings: [only]})).events
    expect([e!.socket, e!.status, e!.irql]).toEqual(['0x1000', undefined, undefined])
  })

  it('a mapped record that does not normalise is reported on its line, naming the event kind and the field', async () => {
    const file = write('badstatus.txt', dumper('Contoso.WskDriver/WskBind/win:Info', ['Socket', 'Status'], [{ts: 1, values: ['0x1000', 'STATUS_BOGUS']}]))
    expect((await readAll(file)).invalid).toEqual([[4, 'Contoso.WskDriver/WskBind/win:Info: field "status": unknown NTSTATUS name "STATUS_BOGUS"']])
  })
})

describe('conversion kinds (what remembered cell values are keyed by)', () => {
  // A remembered cell value is reused only for the same conversion kind. A field rule's value
  // map or type must give the same kind for every event kind and file it serves: a new kind per
  // layout would grow without bound over a batch and never reuse a remembered value.
  const layout = (key: string): RawLayout =>
    newLayout({key, providerName: 'P', providerGuid: undefined, eventName: key, task: undefined, opcodeName: 'win:Info', opcode: undefined, eventId: undefined, version: undefined, names: ['Socket', 'Decision', 'Flags']})
  const doc = {
    mapVersion: 1,
    events: [{match: {event: ['A', 'B']}, event: 'WskInspectComplete', fields: {socket: '#1', status: {from: '#2', map: {accepted: 'STATUS_SUCCESS'}}, flags: {from: '#3', type: 'hex'}}}],
  }
  const kinds = (mapping: MappingFile, key: string): number[] => new EventMapper([mapping]).plan(layout(key))!.fields.map((f) => f.kind)

  it('are the same for every layout and mapper a rule serves, and differ between fields', () => {
    const m = compileMapping(doc, 'm.json')
    const a = kinds(m, 'A')
    expect(kinds(m, 'B')).toEqual(a)
    expect(kinds(m, 'A')).toEqual(a)
    expect(new Set(a).size).toBe(3)
    // Another rule (another map) is another conversion; a type alone converts alike.
    const other = kinds(compileMapping(doc, 'm2.json'), 'A')
    expect(other[1]).not.toBe(a[1])
    expect(other[2]).toBe(a[2])
  })
})
