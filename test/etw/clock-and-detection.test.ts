/** Clock domains read exactly, and format detection from the first bytes (etw-formats.md §0). */
import {describe, expect, it} from 'vitest'
import {DecimalSecondsClock, FiletimeClock, filetimeToIso, IsoClock, parseIsoTime} from '../../src/etw/clock.js'
import {detectFormat} from '../../src/etw/detect-format.js'
import {chooseEncoding, ChunkDecoder} from '../../src/etw/text-input.js'

describe('clocks', () => {
  it('FILETIME: exact to the tick beyond 2^53, relative to the first timestamp', () => {
    const c = new FiletimeClock()
    expect(c.ts('133127435730482450')).toBe(0)
    // 133127435730482451 is not a double: a float read would give 0 or 32 here.
    expect(c.ts('  133127435730482451 ')).toBe(1)
    expect(c.ts('133127435730482449')).toBe(-1)
    expect(c.ts('133127436730482450')).toBe(1e9) // 100 s later
    expect(c.note()).toBeUndefined()
    expect(c.ts('soon')).toBeUndefined()
  })

  it('FILETIME in floating point (a re-saved CSV): read, and the loss reported once', () => {
    const c = new FiletimeClock()
    expect(c.ts('1.3312743573048245e+17')).toBe(0)
    expect(c.ts('1.3312743607246872e+17')).toBe(341986272)
    expect(c.note()).toMatch(/^Clock-Time is written in floating point \(1\.3312743573048245e\+17\)/)
  })

  it('ISO 8601 with 7 or 9 decimals, Z or an offset → ns after the first', () => {
    expect(parseIsoTime('2006-12-18T12:26:27.887309500Z')).toEqual({seconds: 1166444787, nanos: 887309500})
    expect(parseIsoTime('2015-08-06T20:12:25.3151096-04:00')).toEqual({seconds: 1438906345, nanos: 315109600})
    const c = new IsoClock()
    expect(c.ts('2022-11-12T16:19:33.048245000Z')).toBe(0)
    expect(c.ts('2022-11-12T16:19:34.0482451Z')).toBe(1e9 + 100)
    expect(c.ts('yesterday')).toBeUndefined()
  })

  it('FILETIME → SystemTime as tracerpt writes it', () => {
    expect(filetimeToIso(133127435730482450n)).toBe('2022-11-12T16:19:33.048245000Z')
  })

  it('WPA seconds (and other units) digit by digit, thousands separators skipped', () => {
    expect(new DecimalSecondsClock('s').ts('0.000100000')).toBe(100_000)
    expect(new DecimalSecondsClock('s').ts('"1,234.500000001"')).toBe(1_234_500_000_001)
    expect(new DecimalSecondsClock('ms').ts('1.5')).toBe(1_500_000)
    expect(new DecimalSecondsClock('s').ts('1.2.3')).toBeUndefined()
  })
})

const enc = (s: string): Buffer => Buffer.from(s, 'utf8')

describe('format detection', () => {
  it.each([
    ['<Events>\r\n<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">', 'tracerpt-xml'],
    ['<?xml version="1.0"?>\n<Event xmlns="x">', 'tracerpt-xml'],
    ['BeginHeader\nP-Start,  TimeStamp', 'dumper'],
    ['Microsoft-Windows-DxgKrnl/VSyncDPC/win:Info,  TimeStamp,     Process Name ( PID),   ThreadID', 'dumper'],
    ['  Event Name,       Type,     Event ID,    Version,    Channel', 'tracerpt-csv'],
    ['\ufeffIndex,  Event Name,       Type,     Event ID,    Version', 'tracerpt-csv'],
    ['Provider Name,Task Name,Opcode Name,Time (s)', 'wpa-csv'],
    ['{"format":"wsk-trace","version":1}', 'jsonl'],
    ['not json at all', 'jsonl'],
  ])('%j → %s', (text, format) => {
    expect(detectFormat(enc(text), 'x')).toMatchObject({format})
  })

  it('UTF-16LE with a BOM (tracerpt -en Unicode) and without one', () => {
    const text = '  Event Name,       Type,     Event ID'
    expect(detectFormat(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'x.csv')).toEqual({format: 'tracerpt-csv', encoding: {encoding: 'utf-16le', bomLength: 2}})
    expect(detectFormat(Buffer.from(text, 'utf16le'), 'x.csv')).toEqual({format: 'tracerpt-csv', encoding: {encoding: 'utf-16le', bomLength: 0, utf16WithoutBom: true}})
  })

  it('ANSI text that is not UTF-8 is Windows-1252, decoded with its 0x80–0x9F characters', () => {
    const bytes = Buffer.from([0x20, 0x22, 0x93, 0x80, 0x94, 0x22])
    const choice = chooseEncoding(bytes)
    expect(choice).toEqual({encoding: 'windows-1252', bomLength: 0})
    expect(new ChunkDecoder(choice.encoding).write(bytes)).toBe(' "\u201c\u20ac\u201d"')
  })

  it('binary: an .etl by name or by its buffer header; other binary is left to the JSON Lines reader', () => {
    const buffer = Buffer.alloc(256)
    buffer.writeUInt32LE(65536, 0)
    expect(detectFormat(buffer, 'capture.bin')).toEqual({error: expect.stringMatching(/^this is a binary ETL file: export it with/)})
    expect(detectFormat(Buffer.from([1, 0, 2, 0, 3]), 'x.etl')).toEqual({error: expect.stringMatching(/^this is a binary ETL file/)})
    expect(detectFormat(Buffer.from([1, 0, 2, 0, 3]), 'x.bin')).toMatchObject({format: 'jsonl'})
  })
})
