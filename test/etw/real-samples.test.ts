/**
 * The three real exports public projects committed (shared/reference/etw-samples, copied byte for
 * byte into test/fixtures/etw/real): read as they are, with every quirk the samples' README lists.
 * None is a WSK trace, so nothing in them maps to a WSK record; what is asserted is the reading.
 */
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {payloadText, type RawEvent, type RawSink, type SourceMeta} from '../../src/etw/raw-event.js'
import {read as readDumper} from '../../src/etw/readers/dumper.js'
import {read as readTracerptCsv} from '../../src/etw/readers/tracerpt-csv.js'
import {fixture, readAll, run} from './helpers.js'

const DUMPER = fixture('real', 'xperf-dumper_dxgkrnl-dwm_excerpt.txt')
const CSV = fixture('real', 'tracerpt-csv_pktmon_pandas-resaved_first21lines.csv')
const TRACEEVENT = fixture('real', 'traceevent-text_tracelogging_primitive-types.baseline.txt')

interface Row {
  line: number
  key: string
  ts: number
  pid: number | undefined
  tid: number | string | undefined
  cpu: number | undefined
  activityId: string | undefined
  names: Array<string | undefined>
  values: string[]
}

/** Raw events of a reader, copied (readers reuse one object). */
async function rawRows(read: (f: string, s: RawSink) => Promise<void>, file: string): Promise<{meta: SourceMeta; rows: Row[]; skipped: string[]}> {
  let meta: SourceMeta | undefined
  const rows: Row[] = []
  const skipped: string[] = []
  const copy = (r: RawEvent): Row => ({
    line: r.line, key: r.layout.key, ts: r.ts, pid: r.pid ?? (r.process !== undefined ? Number(/\((\s*\d+)\)/.exec(r.process)?.[1]) : undefined), tid: r.tid, cpu: r.cpu,
    activityId: r.activityId, names: [...r.layout.names], values: Array.from({length: r.valueCount}, (_, i) => payloadText(r, i + 1)),
  })
  await read(file, {header: (m) => (meta = m), event: (r) => rows.push(copy(r)), skipped: (l, why) => skipped.push(`${l}: ${why}`), invalid: (l, why) => skipped.push(`${l}: INVALID ${why}`)})
  return {meta: meta!, rows, skipped}
}

describe('the real samples are the files their README describes', () => {
  it.each([
    [DUMPER, '515f4a071bdca9afcaa9710a49ecfca4de9630ebcc308ff9f20b5cb97889029e'],
    [CSV, 'd4c39616ced51c3247dbd4b63857d91e1fb7799933c7f17691f0935f695a2c63'],
    [TRACEEVENT, '1a88c4bfb0d28c429ccfb5ea4a8611e8de01904758e666a78abc56606ff81c73'],
  ])('%s', (file, sha) => {
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(sha)
  })
})

describe('xperf dumper excerpt (D-Ogi/amdgpu-wddm, DxgKrnl + DWM)', () => {
  it('reads every one of its 22 rows, by the layout of its key', async () => {
    const {meta, rows, skipped} = await rawRows(readDumper, DUMPER)
    expect(skipped).toEqual([])
    expect(meta).toEqual({format: 'dumper', timeUnit: 'us', eventsLost: 0, buffersLost: 0, notes: []})
    expect(rows.map((r) => r.line)).toEqual(Array.from({length: 22}, (_, i) => 20 + i))
    // The header lines have no BeginHeader before them (the fixture script dropped it): accepted.
    expect(rows[0]).toMatchObject({key: 'Microsoft-Windows-DxgKrnl/VSyncInterrupt/win:Info', ts: 2012071, pid: 0, tid: 0, cpu: 0, values: ['0xffffc08f3b853000', '0x00250001', '0x000000f40119a000']})
  })

  it('takes the quoted process cell, the activity id and the empty etw columns apart', async () => {
    const {rows} = await rawRows(readDumper, DUMPER)
    const token = rows.find((r) => r.line === 22)!
    expect(token).toMatchObject({key: 'Microsoft-Windows-Win32k/TokenStateChanged/win:Info', ts: 2012161, pid: 1956, tid: 2504, cpu: 11, activityId: '{8c416c79-d49b-4f01-a467-e56d3aa8234c}'})
    expect(token.names.slice(0, 2)).toEqual(['pCompositionSurfaceObject', 'SwapChainIndex'])
    expect(token.values.slice(4, 7)).toEqual(['0x00000003', 'false', 'false'])
  })

  it('keeps struct and array values whole, and names flattened struct columns as the header does', async () => {
    const {rows} = await rawRows(readDumper, DUMPER)
    const surface = rows.find((r) => r.line === 23)!
    expect(surface.names[0]).toBe('luidSurface {lowpart; highpart}')
    expect(surface.values[0]).toBe('[{lowpart : 0x003ba241; highpart : 0x00000000}]')
    const detailed = rows.find((r) => r.line === 25)!
    expect(detailed.values.slice(14, 18)).toEqual(['[0]', '[1920]', '[0]', '[1200]'])
    const flip = rows.find((r) => r.line === 31)!
    expect(flip.values.at(-1)).toBe('[{left : 0; top : 0; right : 1920; bottom : 1200}]')
  })

  it('picks among the three QueuePacket/win:Start layouts by the row\'s cell count', async () => {
    const {rows} = await rawRows(readDumper, DUMPER)
    const queue = rows.filter((r) => r.key === 'Microsoft-Windows-DxgKrnl/QueuePacket/win:Start')
    expect(queue.map((r) => r.line)).toEqual([26, 34])
    for (const q of queue) {
      expect(q.values).toHaveLength(10)
      expect(q.names.slice(0, 3)).toEqual(['hContext', 'PacketType', 'SubmitSequence'])
    }
  })

  it('lint: no WSK record, exit 0; --unmapped lists its event kinds, most frequent first', () => {
    const r = run(['lint', DUMPER, '--unmapped'])
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('0 events replayed in 1 file\n')
    const lines = r.stderr.split('\n')
    expect(lines[0]).toBe('test/fixtures/etw/real/xperf-dumper_dxgkrnl-dwm_excerpt.txt (dumper): 0 WSK records, 22 events nothing maps, 0 lines skipped')
    expect(lines[1]).toBe('  unmapped event kinds (count  kind):')
    expect(lines[2]).toBe('  5  Microsoft-Windows-Win32k/TokenStateChanged/win:Info')
    expect(lines.filter((l) => /^ {2}\d+ {2}/.test(l))).toHaveLength(14)
  })
})

describe('tracerpt CSV of PktMon, re-saved by pandas (Sahilsingh0808/Log-parser)', () => {
  it('survives the re-save: BOM, the extra Index column, padded rows, float Clock-Time, re-quoted strings', async () => {
    const {meta, rows, skipped} = await rawRows(readTracerptCsv, CSV)
    expect(skipped).toEqual([])
    expect(meta.eventsLost).toBe(0)
    expect(meta.buffersLost).toBe(0)
    expect(meta.notes).toEqual([
      'Clock-Time is written in floating point (1.3312743573048245e+17): its last digits are lost (the CSV was re-saved by a spreadsheet or pandas?); events keep the order of the file',
    ])
    // Line 2 is the EventTrace Header row (the trace header), not an event.
    expect(rows.map((r) => r.line)).toEqual(Array.from({length: 19}, (_, i) => 3 + i))
    expect(rows[0]).toMatchObject({key: 'EventTrace/id 0 v2/PartitionInfoExtensionV2', pid: 13856, tid: 1640, cpu: 0})
    const http = rows[1]
    expect(http).toMatchObject({key: 'Microsoft-Windows-PktMon/id 20 v0/opcode 0', pid: 12536, tid: 9460, cpu: 6})
    // ` "HTTP Protocol "` (pandas: `" ""HTTP Protocol """`): one pair of quotes off, the blank inside kept.
    expect(http.values).toEqual(['158', 'HTTP Protocol ', 'http.sys', 'HTTP'])
    expect(rows[2].values).toEqual(['158', 'IP Address ', '169.254.12.198'])
    expect(rows[8].values).toEqual(['155', 'IP Address ', 'fe80::5da5:d96c:8d44:cc6'])
  })

  it('times: FILETIME ticks after the trace start, in file order', async () => {
    const {rows} = await readAllRows()
    expect(rows.map((r) => r.ts).every((t, i, a) => i === 0 || t >= a[i - 1]!)).toBe(true)
    expect(rows[1].ts).toBe(1.3312743607246872e17 - 1.3312743573048245e17)
  })

  it('lint --unmapped: its event kinds by id, and the precision note', () => {
    const r = run(['lint', CSV, '--unmapped'])
    expect(r.status).toBe(0)
    expect(r.stderr.split('\n').slice(0, 5)).toEqual([
      'test/fixtures/etw/real/tracerpt-csv_pktmon_pandas-resaved_first21lines.csv (tracerpt-csv): 0 WSK records, 19 events nothing maps, 0 lines skipped',
      '  note: Clock-Time is written in floating point (1.3312743573048245e+17): its last digits are lost (the CSV was re-saved by a spreadsheet or pandas?); events keep the order of the file',
      '  unmapped event kinds (count  kind):',
      '  6  Microsoft-Windows-PktMon/id 90 v0/opcode 0',
      '  3  Microsoft-Windows-PktMon/id 20 v0/opcode 0',
    ])
  })
})

async function readAllRows(): Promise<{rows: Row[]}> {
  return rawRows(readTracerptCsv, CSV)
}

describe('TraceEvent text (PerfView test baseline)', () => {
  it('is recognised and refused with the exports to produce instead', async () => {
    await expect(readAll(TRACEEVENT)).rejects.toThrow(
      'TraceEvent text is not supported: export the .etl with `tracerpt x.etl -of XML -o x.xml` or `xperf -i x.etl -o x.txt -a dumper` first',
    )
  })
})
