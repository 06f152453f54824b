// The dumper's WebAssembly row scanner (src/etw/readers/wasm): what the random exports of
// dumper-byte-path.test.ts rarely reach. Its fixed tables overflowing, texts too long to keep,
// rows too long or too wide for its memory, two files read at once in one thread — each read
// must give exactly what the JavaScript scanner and the text path give.
import {execFileSync, spawnSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {EventMapper} from '../../src/etw/mapping/map-event.js'
import {readEtwTrace} from '../../src/etw/read-etw.js'
import {dumperScan} from '../../src/etw/readers/wasm/dumper-scan.js'
import {DumperScanRow} from '../../src/etw/readers/wasm/dumper-scan-row.js'
import type {TraceEvent} from '../../src/trace/event.js'

const FIXED = 'TimeStamp,     Process Name ( PID),   ThreadID, CPU, etw:ActivityId, etw:Related ActivityId, etw:UserSid, etw:SessionId'
const HEADER = [
  'BeginHeader',
  `Contoso.WskDriver/WskCloseSocket/win:Info,  ${FIXED}, Irql, Socket, Irp, Status`,
  `Contoso.WskDriver/ExAllocatePoolWithTag/win:Info,  ${FIXED}, Irql, Pool, Address`,
  `Contoso.WskDriver/DbgPrint/win:Info,  ${FIXED}, Irql, Message`,
  'EndHeader',
  'OS Version: 10.0.19043, Trace Size: 20736KB, Events Lost: 0, Buffers lost: 0, Trace Start: 132675686690347142, Trace Length: 2 sec, PointerSize: 8, Trace Name: x.etl',
]

const hex = (n: number): string => '0x' + n.toString(16).padStart(16, '0')
const row = (key: string, ts: number, cells: string[]): string =>
  [`Contoso.WskDriver/${key}/win:Info`, String(ts).padStart(10), '        "Unknown" (   4)', '          4', '   0', ' ', ' ', ' ', ' ', ...cells].join(',')

interface Outcome {
  events: TraceEvent[]
  invalid: Array<[number, string]>
  ignored: number
}

/** The bytes in chunks of `size`, so rows straddle chunk ends. */
async function* inChunks(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size)
}

async function read(text: string, rowScanner: 'webassembly' | 'javascript' | 'text', chunk = 1 << 20): Promise<Outcome> {
  const events: TraceEvent[] = []
  const invalid: Array<[number, string]> = []
  const source = rowScanner === 'text' ? [text] : inChunks(Buffer.from(text, 'utf8'), chunk)
  const summary = await readEtwTrace(
    (async function* () {
      yield* source
    })(),
    'dumper',
    {header: () => {}, event: (e) => events.push(structuredClone(e)), invalid: (l, m) => invalid.push([l, m])},
    {mapper: new EventMapper(), rowScanner: rowScanner === 'text' ? undefined : rowScanner},
  )
  return {events, invalid, ignored: summary.ignored}
}

async function allAgree(text: string, chunk?: number): Promise<Outcome> {
  const asText = await read(text, 'text')
  expect(await read(text, 'webassembly', chunk)).toEqual(asText)
  expect(await read(text, 'javascript', chunk)).toEqual(asText)
  return asText
}

describe('dumper WebAssembly scanner', () => {
  it('loads in this Node (WebAssembly SIMD): lint reads dumper rows with it', () => {
    expect(dumperScan()).toBeDefined()
  })

  it('more distinct cells than its table holds: evicted slots never give an old value', async () => {
    // 80k distinct pointers (the table has 32k slots), each seen twice far apart, among repeats.
    const lines = [...HEADER]
    const n = 80_000
    for (let i = 0; i < n; i++) {
      lines.push(row('WskCloseSocket', 2 * i, [' 0', ` ${hex(0xffffa001_00000000 + i * 16)}`, ` ${hex(0xffffa002_00000000 + (i % 7) * 16)}`, ' 0x00000000']))
      const back = Math.max(0, i - 40_000)
      lines.push(row('WskCloseSocket', 2 * i + 1, [' 0', ` ${hex(0xffffa001_00000000 + back * 16)}`, ` ${hex(0xffffa003_00000000 + i * 16)}`, ' 0xc0000120']))
    }
    const out = await allAgree(lines.join('\n') + '\n')
    expect(out.events).toHaveLength(2 * n)
    expect(out.events[2 * n - 1]!.socket).toBe(hex(0xffffa001_00000000 + (n - 1 - 40_000) * 16))
    expect(out.events[2 * n - 1]!.irp).toBe(hex(0xffffa003_00000000 + (n - 1) * 16))
  }, 60_000)

  it('cells longer than a table slot (30 bytes) are converted each time, and right', async () => {
    // POOL_TYPE in decimal with leading zeros: 41 bytes, past a slot's 30.
    const long = (i: number): string => ` ${String(i).padStart(40, '0')}`
    const lines = [...HEADER]
    for (let i = 0; i < 300; i++) lines.push(row('ExAllocatePoolWithTag', i, [' 0', long(i % 5), ` ${hex(0xffffa00330000000 + i)}`]))
    const out = await allAgree(lines.join('\n') + '\n')
    expect(out.events).toHaveLength(300)
    expect(out.events[7]!.pool).toBe('nonpaged') // POOL_TYPE 2, NonPagedPoolMustSucceed
    expect(out.events[12]!.pool).toBe(out.events[7]!.pool)
  })

  it('one text read by fields of different kinds, row after row, gives each field its own value', async () => {
    // ` 2` is an IRQL, an id (decimal text: 0x2) and a status in one row; ` 0x0000000000000000`
    // a null socket and status 0; blank cells are no value for any field. The table keys slots
    // by text and kind: each field keeps its own remembered value.
    const lines = [...HEADER]
    for (let i = 0; i < 200; i++) {
      const cells = i % 2 === 0 ? [' 2', ' 2', ' 2', ' 2'] : [' 0x0000000000000000', ' 0x0000000000000000', '   ', ' 0x0000000000000000']
      lines.push(row('WskCloseSocket', i, cells))
    }
    const out = await allAgree(lines.join('\n') + '\n')
    expect(out.events).toHaveLength(200)
    expect(out.events[198]).toMatchObject({irql: 2, socket: '0x2', irp: '0x2', status: 2})
    expect(out.events[199]).toMatchObject({irql: 0, socket: null, status: 0})
    expect(out.events[199]!.irp).toBeUndefined()
  })

  it('kinds past 255 share a slot with their low byte, and are still never given each other\'s value', () => {
    // The scanner keeps a kind's low 8 bits: kinds 1 and 257 name one slot. The JavaScript half
    // keeps the whole kind, so reading a slot for the other kind converts again.
    const scan = dumperScan()!
    const bytesRow = new DumperScanRow(scan, () => {})
    const text = Buffer.from('Contoso.WskDriver/WskCloseSocket/win:Info, 1, x, 4, 0, , , , , 0xffffa00110000800')
    const loaded = bytesRow.load(text, 0, text.length)
    expect(bytesRow.split(loaded, 0, text.length)).toBe(true)
    const memo = bytesRow.memo
    const slot = memo.slotOfCell(bytesRow, 9, 1)
    memo.setConverted(slot, 1, 'as kind 1')
    expect(memo.slotOfCell(bytesRow, 9, 257)).toBe(slot)
    expect(memo.hasConverted(slot, 257)).toBe(false)
    expect(memo.hasConverted(slot, 1)).toBe(true)
    expect(memo.slotOfCell(bytesRow, 9, 2)).not.toBe(slot)
    expect(memo.slotOfCell(bytesRow, 5, 1)).toBe(-1) // blanks only: no value
  })

  it('a row longer than its memory (1 MiB) or wider than 1,024 cells takes the text path', async () => {
    const lines = [...HEADER]
    lines.push(row('DbgPrint', 1, [' 0', ' ' + 'x'.repeat((1 << 20) + 5000)]))
    lines.push(row('DbgPrint', 2, [' 0', ' ' + Array.from({length: 2000}, (_, i) => `part ${i}`).join(',')]))
    lines.push(row('WskCloseSocket', 3, [' 0', ` ${hex(0xffffa00110000800)}`, ' 0x0000000000000000', ' 0x00000000']))
    const out = await allAgree(lines.join('\n') + '\n', 300_000)
    // DbgPrint is no DDI: both read (as text) and ignored, the close read as bytes.
    expect(out.events.map((e) => e.event)).toEqual(['WskCloseSocket'])
    expect(out.ignored).toBe(2)
    expect(out.invalid).toEqual([])
  })

  it('a row the mapper refuses early still teaches the table its later cells: the next row reading them is right', async () => {
    // The scanner looks up every cell of a row ahead; the mapper stops at the refused IRQL and
    // never asks for the socket. The socket's text is new there: a later row finds it in the
    // table, and must get its own value, not whatever the slot held before.
    const lines = [...HEADER]
    for (let i = 0; i < 200; i++) {
      const socket = ` ${hex(0xffffa00500000000 + i * 16)}`
      lines.push(row('WskCloseSocket', 3 * i, [' bogus', socket, ' 0x0000000000000000', ' 0x00000000']))
      lines.push(row('WskCloseSocket', 3 * i + 1, [' 0', socket, ` ${hex(0xffffa00600000000 + i * 16)}`, ' 0x00000000']))
    }
    const out = await allAgree(lines.join('\n') + '\n')
    expect(out.events).toHaveLength(200)
    expect(out.events.map((e) => e.socket)).toEqual(Array.from({length: 200}, (_, i) => hex(0xffffa00500000000 + i * 16)))
    expect(out.invalid).toHaveLength(200)
    expect(out.invalid[0]![1]).toMatch(/irql/)
  })

  it('a byte outside ASCII anywhere in a row, with LF or CRLF line ends, sends the row to the text path', async () => {
    // The scanner cuts a row and finds its end in one pass, 16 bytes at a time: the é is moved
    // through every place in the row's last blocks, and in the block before a CRLF's '\n'.
    for (const eol of ['\n', '\r\n']) {
      // A plain row first: a key is registered with the scanner by a row read in bytes.
      const lines = [...HEADER, row('WskCloseSocket', 99, [' 0', ` ${hex(0xffffa00110000800)}`, ' plain', ' 0x0'])]
      for (let pad = 0; pad < 40; pad++) {
        lines.push(row('WskCloseSocket', 2 * pad, [' 0', ` ${hex(0xffffa00110000800)}`, ` x${'a'.repeat(pad)}é`, ' 0x0']))
        lines.push(row('WskCloseSocket', 2 * pad + 1, [' 0', ` ${hex(0xffffa00110000800)}`, ` x${'a'.repeat(pad)}`, ` é${'b'.repeat(pad % 7)}`]))
      }
      const out = await allAgree(lines.join(eol) + eol)
      const irps = out.events.filter((e) => typeof e.irp === 'string' && e.irp.endsWith('é')).length
      expect(irps).toBe(40)
    }
  })

  it('a layout declared after rows of its key: rows before it have none, rows after it are read, or told ambiguous', async () => {
    // The byte path remembers each key's layouts by key-table slot, and the scanner the layouts
    // registered per key: a layout added later must reach both (the last row fails if the
    // scanner keeps its registration: it reads the row as the first layout's).
    const lines = [...HEADER]
    const accept = (ts: number, cells: string[]): string => row('WskAccept', ts, cells)
    lines.push(accept(1, [' 0', ` ${hex(0xffffa00110000800)}`]))
    lines.push(row('WskCloseSocket', 2, [' 0', ` ${hex(0xffffa00110000800)}`, ' 0x0000000000000000', ' 0x00000000']))
    lines.push('BeginHeader', `Contoso.WskDriver/WskAccept/win:Info,  ${FIXED}, Irql, Socket`, 'EndHeader')
    lines.push(accept(3, [' 0', ` ${hex(0xffffa00110000800)}`]))
    // A second layout of the key, with another cell count, after rows of the first.
    lines.push('BeginHeader', `Contoso.WskDriver/WskAccept/win:Info,  ${FIXED}, Irql, Socket, Irp`, 'EndHeader')
    lines.push(accept(4, [' 0', ` ${hex(0xffffa00110000800)}`, ` ${hex(0xffffa00220000600)}`]))
    lines.push(accept(5, [' 0', ` ${hex(0xffffa00110001000)}`]))
    // A third layout with the first one's cell count: rows of that count can no longer be told
    // apart, though the scanner had that count registered (adding a layout drops registrations).
    lines.push('BeginHeader', `Contoso.WskDriver/WskAccept/win:Info,  ${FIXED}, Irql, Context`, 'EndHeader')
    lines.push(accept(6, [' 0', ` ${hex(0xffffa00110001800)}`]))
    const out = await allAgree(lines.join('\n') + '\n')
    expect(out.events.map((e) => [e.ts, e.event, e.socket, e.irp])).toEqual([
      [2, 'WskCloseSocket', hex(0xffffa00110000800), null],
      [3, 'WskAccept', hex(0xffffa00110000800), undefined],
      [4, 'WskAccept', hex(0xffffa00110000800), hex(0xffffa00220000600)],
      [5, 'WskAccept', hex(0xffffa00110001000), undefined],
    ])
    expect(out.invalid).toEqual([
      [HEADER.length + 1, 'no layout for "Contoso.WskDriver/WskAccept/win:Info" in the dumper header (BeginHeader…EndHeader)'],
      [lines.length, '2 header layouts of "Contoso.WskDriver/WskAccept/win:Info" have 11 columns: the row cannot be told apart'],
    ])
  })

  it('two exports read at once in one thread do not see each other’s rows or values', async () => {
    const make = (base: number): string => {
      const lines = [...HEADER]
      for (let i = 0; i < 5000; i++) lines.push(row('WskCloseSocket', i, [' 0', ` ${hex(base + (i % 3000) * 8)}`, ` ${hex(base + 1 + i)}`, ' 0x00000000']))
      return lines.join('\n') + '\n'
    }
    const a = make(0xffffa00100000000)
    const b = make(0xffffb00100000000)
    const alone = [await read(a, 'webassembly', 4096), await read(b, 'webassembly', 4096)]
    const together = await Promise.all([read(a, 'webassembly', 4096), read(b, 'webassembly', 4096)])
    expect(together).toEqual(alone)
    expect(alone[0]!.events[4999]!.socket).toBe(hex(0xffffa00100000000 + 1999 * 8))
  })

  // The module is committed as base64 (dumper-scan-module.ts); it must be what dumper-scan.c
  // builds to. Checked where clang and wasm-ld can build it (`apt-get install clang lld`).
  const clang = spawnSync('clang', ['--version']).status === 0 && spawnSync('wasm-ld', ['--version']).status === 0
  it.skipIf(!clang)('the committed module is what dumper-scan.c builds to (needs clang and wasm-ld)', () => {
    const out = execFileSync('node', ['scripts/build-wasm.mjs', '--check'], {encoding: 'utf8'})
    expect(out).toContain('up to date')
  })
})
