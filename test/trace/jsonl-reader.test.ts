import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {fileURLToPath} from 'node:url'
import {gzipSync} from 'node:zlib'
import {describe, expect, it} from 'vitest'
import {DEFAULT_HEADER, type TraceEvent, type TraceHeader} from '../../src/trace/event.js'
import {FatalInputError, readJsonlStream, readJsonlTrace, type TraceSink} from '../../src/trace/jsonl-reader.js'

const FIXTURES = fileURLToPath(new URL('../fixtures/input/', import.meta.url))
const fixture = (name: string): string => join(FIXTURES, name)

interface Collected {
  headers: Array<{h: TraceHeader; line: number}>
  events: TraceEvent[]
  rejected: Array<{line: number; message: string}>
  /** Call order, to check the header comes first. */
  calls: string[]
}

function collector(): TraceSink & Collected {
  const c: Collected = {headers: [], events: [], rejected: [], calls: []}
  return {
    ...c,
    header(h, line) {
      c.headers.push({h, line})
      c.calls.push('header')
    },
    event(e) {
      c.events.push(e)
      c.calls.push('event')
    },
    invalid(line, message) {
      c.rejected.push({line, message})
      c.calls.push('invalid')
    },
  }
}

/** A stream that delivers `data` in chunks of `size` bytes (to cross every boundary). */
function chunked(data: Buffer, size: number): Readable {
  const parts: Buffer[] = []
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size))
  return Readable.from(parts)
}

async function fatalOf(p: Promise<unknown>): Promise<FatalInputError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(FatalInputError)
    return err as FatalInputError
  }
  throw new Error('expected a FatalInputError')
}

describe('readJsonlTrace: a valid trace', () => {
  it('reads the header and every event with its line', async () => {
    const sink = collector()
    const {lines} = await readJsonlTrace(fixture('accept-event.jsonl'), sink)
    expect(lines).toBe(8)
    expect(sink.headers).toEqual([{h: {format: 'wsk-trace', version: 1, timeUnit: 'us', eventsLost: 0, complete: true}, line: 1}])
    expect(sink.rejected).toEqual([])
    expect(sink.events.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8])
    expect(sink.events[3]).toEqual({
      line: 5,
      ts: 100,
      tid: 9,
      event: 'WskAcceptEvent',
      phase: 'enter',
      irql: 2,
      socket: '0xffffa00100001000',
      flags: 8,
      acceptSocket: '0xffffa00100002000',
      localAddress: '0xffffa00100004000',
      remoteAddress: '0xffffa00100004080',
    })
    expect(sink.events[4]).toMatchObject({phase: 'exit', status: 0, context: null, dispatch: null})
    expect(sink.calls[0]).toBe('header')
  })

  it('reads .gz files the same way', async () => {
    const plain = collector()
    const gz = collector()
    await readJsonlTrace(fixture('accept-event.jsonl'), plain)
    const {lines} = await readJsonlTrace(fixture('accept-event.jsonl.gz'), gz)
    expect(lines).toBe(8)
    expect(gz.events).toEqual(plain.events)
    expect(gz.headers).toEqual(plain.headers)
  })

  it('detects gzip by its magic bytes whatever the name', async () => {
    const sink = collector()
    await readJsonlStream(Readable.from([readFileSync(fixture('accept-event.jsonl.gz'))]), sink)
    expect(sink.events).toHaveLength(7)
  })

  it('handles a BOM, CRLF, blank lines and upper-case pointers, with physical line numbers', async () => {
    const sink = collector()
    const {lines} = await readJsonlTrace(fixture('notepad-crlf-bom.jsonl'), sink)
    expect(lines).toBe(5)
    expect(sink.rejected).toEqual([])
    expect(sink.headers).toEqual([{h: DEFAULT_HEADER, line: 1}])
    expect(sink.events).toEqual([
      {line: 3, ts: 0, tid: 420, event: 'WskSocket', phase: 'point', socket: '0xffffa00100001000', flags: 1, status: 0xc0000000},
      {line: 5, ts: 1, tid: 420, event: 'WskCloseSocket', phase: 'point', socket: '0xffffa00100001000', status: 0},
    ])
  })

  it('gives the same result whatever the chunk boundaries, multi-byte characters included', async () => {
    const text = '{"format":"wsk-trace","version":1,"source":"café ✓ 😀"}\r\n{"ts":1,"tid":"Thread ✓","event":"WskBind","note":"ünïcödé"}\n\n{"ts":2,"tid":1,"event":"TraceEnd"}'
    const whole = collector()
    await readJsonlStream(Readable.from([Buffer.from(text)]), whole)
    for (const size of [1, 2, 3, 7]) {
      const sink = collector()
      const {lines} = await readJsonlStream(chunked(Buffer.from(text), size), sink)
      expect(lines).toBe(4)
      expect(sink.headers).toEqual(whole.headers)
      expect(sink.events).toEqual(whole.events)
      expect(sink.rejected).toEqual([])
    }
    expect(whole.headers[0].h.source).toBe('café ✓ 😀')
    expect(whole.events.map((e) => [e.line, e.tid])).toEqual([
      [2, 'Thread ✓'],
      [4, 1],
    ])
  })

  it('calls header once, with the defaults and line 0, for a file without header or an empty one', async () => {
    const empty = collector()
    expect(await readJsonlStream(Readable.from([]), empty)).toEqual({lines: 0})
    expect(empty.headers).toEqual([{h: DEFAULT_HEADER, line: 0}])
    const noHeader = collector()
    await readJsonlStream(Readable.from([Buffer.from('\n{"ts":1,"tid":1,"event":"WskBind"}\n')]), noHeader)
    expect(noHeader.headers).toEqual([{h: DEFAULT_HEADER, line: 0}])
    expect(noHeader.calls).toEqual(['header', 'event'])
    expect(noHeader.events[0].line).toBe(2)
  })
})

describe('readJsonlTrace: invalid lines', () => {
  it('reports each bad line with its number and goes on', async () => {
    const sink = collector()
    const {lines} = await readJsonlTrace(fixture('invalid-lines.jsonl'), sink)
    expect(lines).toBe(9)
    expect(sink.events.map((e) => e.line)).toEqual([1, 9])
    expect(sink.headers).toEqual([{h: DEFAULT_HEADER, line: 0}])
    const byLine = Object.fromEntries(sink.rejected.map((i) => [i.line, i.message]))
    expect(Object.keys(byLine).map(Number)).toEqual([2, 3, 4, 5, 6, 8])
    expect(byLine[2]).toBe('field "status": unknown NTSTATUS name "STATUS_BOGUS"')
    expect(byLine[3]).toMatch(/^not JSON: /)
    expect(byLine[4]).toBe('not a JSON object: each line must be one record {…} (got an array)')
    expect(byLine[5]).toBe('/ts: must be number (got "3")')
    expect(byLine[6]).toBe('/event: unknown event "WskFrobnicate", not a DDI of the wsk-trace v1 catalogue')
    expect(byLine[8]).toBe('header record after the first record: a header may only be the first line')
    for (const {message} of sink.rejected) expect(message).not.toContain('\n')
  })

  it('reports a bad optional header key and goes on with the defaults', async () => {
    const sink = collector()
    await readJsonlStream(Readable.from([Buffer.from('{"format":"wsk-trace","version":1,"timeUnit":"minutes"}\n{"ts":1,"tid":1,"event":"WskBind"}\n')]), sink)
    expect(sink.headers).toEqual([{h: DEFAULT_HEADER, line: 0}])
    expect(sink.rejected).toEqual([{line: 1, message: 'header /timeUnit: must be one of "us", "ns", "ms", "s", "filetime" (got "minutes") (using the default header)'}])
    expect(sink.events).toHaveLength(1)
  })

  it('skips a line longer than the cap, wherever the chunks split it', async () => {
    const long = '{"ts":1,"tid":1,"event":"WskBind","pad":"' + 'x'.repeat(500) + '"}'
    const text = `{"ts":0,"tid":1,"event":"WskBind"}\n${long}\n{"ts":2,"tid":1,"event":"WskBind"}\n${long}`
    for (const size of [16, 64, 100000]) {
      const sink = collector()
      const {lines} = await readJsonlStream(chunked(Buffer.from(text), size), sink, {maxLineLength: 100})
      expect(lines).toBe(4)
      expect(sink.rejected).toEqual([
        {line: 2, message: 'line longer than 100 bytes'},
        {line: 4, message: 'line longer than 100 bytes'},
      ])
      expect(sink.events.map((e) => e.line)).toEqual([1, 3])
    }
  })
})

describe('readJsonlTrace: input that is no trace', () => {
  it('a missing file', async () => {
    const err = await fatalOf(readJsonlTrace('traces/does-not-exist.jsonl', collector()))
    expect(err.message).toBe('cannot read traces/does-not-exist.jsonl: no such file')
    const under = await fatalOf(readJsonlTrace(fixture('accept-event.jsonl/x.jsonl'), collector()))
    expect(under.message).toBe(`cannot read ${fixture('accept-event.jsonl/x.jsonl')}: no such file`)
  })

  it('a directory', async () => {
    const err = await fatalOf(readJsonlTrace(FIXTURES, collector()))
    expect(err.message).toBe(`cannot read ${FIXTURES}: is a directory`)
  })

  it('a binary file such as an .etl', async () => {
    const err = await fatalOf(readJsonlTrace(fixture('capture.etl'), collector()))
    expect(err.message).toBe('binary file: not a wsk-trace JSONL file (an .etl must be exported with tracerpt or xperf first)')
  })

  it('binary content inside a gzip stream', async () => {
    const err = await fatalOf(readJsonlStream(Readable.from([gzipSync(readFileSync(fixture('capture.etl')))]), collector()))
    expect(err.message).toMatch(/^binary file: /)
  })

  it('UTF-16 text (PowerShell redirection)', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"ts":1,"tid":1,"event":"WskBind"}\r\n', 'utf16le')])
    const err = await fatalOf(readJsonlStream(Readable.from([utf16]), collector()))
    expect(err.message).toBe('UTF-16 text: a wsk-trace JSONL file must be UTF-8 (PowerShell: Out-File -Encoding utf8)')
  })

  it('a .gz that is not gzip, and a truncated gzip stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsktrace-reader-'))
    const fake = join(dir, 'plain.jsonl.gz')
    writeFileSync(fake, readFileSync(fixture('accept-event.jsonl')))
    const bad = await fatalOf(readJsonlTrace(fake, collector()))
    expect(bad.message).toBe(`cannot read ${fake}: bad gzip stream (incorrect header check)`)

    const big = Buffer.from(Array.from({length: 2000}, (_, i) => `{"ts":${i},"tid":1,"event":"WskBind","socket":"0x${(i * 4096).toString(16)}"}\n`).join(''))
    const gz = gzipSync(big)
    const cut = join(dir, 'cut.jsonl.gz')
    writeFileSync(cut, gz.subarray(0, gz.length >> 1))
    const sink = collector()
    const truncated = await fatalOf(readJsonlTrace(cut, sink))
    expect(truncated.message).toBe(`cannot read ${cut}: bad gzip stream (unexpected end of file)`)
    expect(sink.events.length).toBeGreaterThan(0)
    expect(sink.rejected).toEqual([])
  })

  it('another format or version', async () => {
    const other = await fatalOf(readJsonlStream(Readable.from([Buffer.from('\n{"format":"pcap","version":1}\n')]), collector()))
    expect(other.message).toBe('not a wsk-trace file: header "format" is "pcap"')
    expect(other.line).toBe(2)
    const v2 = await fatalOf(readJsonlStream(Readable.from([Buffer.from('{"format":"wsk-trace","version":2}\n')]), collector()))
    expect(v2.message).toBe('unsupported wsk-trace version 2 (this wsktrace reads version 1)')
  })
})

describe('readJsonlTrace: errors that are not about the input', () => {
  it('lets an exception of the sink through unchanged', async () => {
    const boom = new TypeError('replay bug')
    const sink: TraceSink = {
      header() {},
      event() {
        throw boom
      },
      invalid() {},
    }
    await expect(readJsonlTrace(fixture('accept-event.jsonl'), sink)).rejects.toBe(boom)
  })
})

describe('readJsonlTrace: stdin', () => {
  it('reads "-" from standard input (compiled code, schemas found from dist/)', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url))
    const script = `
      import {readJsonlTrace} from './dist/trace/jsonl-reader.js'
      const out = {events: [], invalid: []}
      const r = await readJsonlTrace('-', {
        header: (h, line) => { out.header = {h, line} },
        event: (e) => out.events.push(e.line + ':' + e.event),
        invalid: (line, message) => out.invalid.push(line + ':' + message),
      })
      console.log(JSON.stringify({...out, lines: r.lines}))`
    const input = readFileSync(fixture('accept-event.jsonl.gz'))
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {cwd: root, input, encoding: 'utf8'})
    expect(r.stderr).toBe('')
    const out = JSON.parse(r.stdout) as {header: {line: number}; events: string[]; invalid: string[]; lines: number}
    expect(out.lines).toBe(8)
    expect(out.header.line).toBe(1)
    expect(out.events[0]).toBe('2:WskSocket')
    expect(out.events).toHaveLength(7)
    expect(out.invalid).toEqual([])
  })
})
