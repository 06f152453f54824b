/** `wsktrace convert` as a user runs it: exact output, exit codes, and a file lint reads back the same. */
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {fixture, run, TEMPLATE} from './helpers.js'

const TMP = mkdtempSync(join(tmpdir(), 'wsktrace-convert-'))
afterAll(() => rmSync(TMP, {recursive: true, force: true}))

const EXPECTED_RECORDS = [
  '{"ts":0,"tid":4,"cpu":0,"irql":0,"event":"WskRegister","status":"STATUS_SUCCESS"}',
  '{"ts":2,"tid":4,"cpu":0,"irql":0,"event":"WskSocket","socket":"0xffffa00100001000","flags":"WSK_FLAG_LISTEN_SOCKET","context":"0xffffa00100003000","status":"STATUS_SUCCESS"}',
  '{"ts":5,"tid":4,"cpu":0,"irql":0,"event":"WskBind","socket":"0xffffa00100001000","status":"STATUS_SUCCESS"}',
  '{"ts":6,"tid":4,"cpu":0,"irql":0,"event":"WskControlSocket","socket":"0xffffa00100001000","option":"SO_WSK_EVENT_CALLBACK","value":"WSK_EVENT_ACCEPT","status":"STATUS_SUCCESS"}',
  '{"ts":100,"tid":9,"cpu":2,"irql":2,"event":"WskAcceptEvent","phase":"enter","socket":"0xffffa00100001000","flags":"WSK_FLAG_AT_DISPATCH_LEVEL","acceptSocket":"0xffffa00100002000","localAddress":"0xffffa00100004000","remoteAddress":"0xffffa00100004080"}',
  '{"ts":103,"tid":9,"cpu":2,"irql":2,"event":"WskAcceptEvent","phase":"exit","socket":"0xffffa00100001000","context":null,"dispatch":null,"status":"STATUS_SUCCESS"}',
  '{"ts":950,"tid":4,"cpu":0,"irql":0,"event":"WskCloseSocket","socket":"0xffffa00100001000","status":"STATUS_SUCCESS"}',
  '{"ts":990,"tid":4,"cpu":0,"irql":0,"event":"WskDeregister"}',
]

describe('wsktrace convert', () => {
  it('xperf dumper text → canonical JSON Lines on stdout', () => {
    const r = run(['convert', 'test/fixtures/etw/driver/accept-leak.dumper.txt'])
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(['{"format":"wsk-trace","version":1,"timeUnit":"us","source":"xperf dumper text"}', ...EXPECTED_RECORDS, ''].join('\n'))
  })

  it('tracerpt CSV with the template mapping → -o file; FILETIME ticks after the trace start; --unmapped on stderr', () => {
    const out = join(TMP, 'sub', 'out.jsonl')
    const r = run(['convert', fixture('driver', 'accept-leak.tracerpt.csv'), '--mapping', TEMPLATE, '-o', out, '--unmapped'])
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      [
        'test/fixtures/etw/driver/accept-leak.tracerpt.csv (tracerpt-csv): 8 WSK records, 2 events nothing maps, 0 lines skipped',
        '  unmapped event kinds (count  kind):',
        '  1  Microsoft-Windows-PktMon/id 20 v0/opcode 0',
        '  1  {c4859ff3-8549-54e3-adc3-dfcb805b4146}/id 1 v0/opcode 0',
        '',
      ].join('\n'),
    )
    const lines = readFileSync(out, 'utf8').split('\n')
    expect(lines[0]).toBe('{"format":"wsk-trace","version":1,"timeUnit":"filetime","source":"tracerpt CSV"}')
    // ts in 100 ns ticks since the trace header row's Clock-Time (the µs of the twin × 10).
    expect(lines.slice(1, -1)).toEqual(EXPECTED_RECORDS.map((l) => l.replace(/"ts":(\d+)/, (_m, us: string) => `"ts":${Number(us) * 10}`)))
  })

  it('the converted file lints to the same finding as the export itself', () => {
    const out = join(TMP, 'xml.jsonl')
    expect(run(['convert', fixture('driver', 'accept-leak.tracerpt.xml'), '-o', out]).status).toBe(0)
    const a = JSON.parse(run(['lint', out, '--format', 'json']).stdout) as {results: {findings: {ruleId: string; severity: string}[]}[]}
    const b = JSON.parse(run(['lint', fixture('driver', 'accept-leak.tracerpt.xml'), '--format', 'json']).stdout) as typeof a
    expect(a.results[0]!.findings.map((f) => [f.ruleId, f.severity])).toEqual([['accept-event-success-app-owns', 'error']])
    expect(b.results[0]!.findings.map((f) => [f.ruleId, f.severity])).toEqual([['accept-event-success-app-owns', 'error']])
  })

  it('lines that are not valid records: FILE:LINE: MESSAGE on stderr, exit 1', () => {
    const r = run(['convert', '-', '--input-format', 'dumper'], [
      'Contoso.WskDriver/WskBind/win:Info,  TimeStamp,     Process Name ( PID),   ThreadID, CPU, etw:ActivityId, etw:Related ActivityId, etw:UserSid, etw:SessionId, Socket, Status',
      'Contoso.WskDriver/WskBind/win:Info,          5,        "Unknown" (   4),          4,   0, , , , , 0xffffa00100001000, STATUS_NOPE',
      'Contoso.WskDriver/WskBind/win:Info,          6,        "Unknown" (   4),          4,   0, , , , , 0xffffa00100001000, 0x00000000',
      '',
    ].join('\n'))
    expect(r.status).toBe(1)
    expect(r.stderr).toBe('stdin:2: Contoso.WskDriver/WskBind/win:Info: field "status": unknown NTSTATUS name "STATUS_NOPE"\n')
    expect(r.stdout.split('\n')[1]).toBe('{"ts":6,"tid":4,"cpu":0,"event":"WskBind","socket":"0xffffa00100001000","status":"STATUS_SUCCESS"}')
  })

  it('an export nothing maps: a hint on stderr, the header alone on stdout, exit 0', () => {
    const r = run(['convert', 'test/fixtures/etw/driver/accept-leak.tracerpt.csv'])
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('{"format":"wsk-trace","version":1,"timeUnit":"filetime","source":"tracerpt CSV"}\n')
    expect(r.stderr).toBe('test/fixtures/etw/driver/accept-leak.tracerpt.csv: no event of this tracerpt-csv export maps to a WSK record (10 events of 10 kinds): --unmapped lists them, a --mapping file maps them\n')
  })

  it('a file that is no trace: one line, exit 2', () => {
    const r = run(['convert', 'test/fixtures/input/capture.etl'])
    expect(r.status).toBe(2)
    expect(r.stderr).toBe('test/fixtures/input/capture.etl: this is a binary ETL file: export it with `tracerpt x.etl -of XML -o x.xml` or `xperf -i x.etl -o x.txt -a dumper` first\n')
  })

  it('never destroys an existing output file: a failed read leaves it as it was, and the input cannot be the output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsktrace-convert-keep-'))
    const out = join(dir, 'out.jsonl')
    writeFileSync(out, 'precious\n')
    const failed = run(['convert', join(dir, 'missing.txt'), '-o', out])
    expect(failed.status).toBe(2)
    expect(readFileSync(out, 'utf8')).toBe('precious\n')
    expect(readdirSync(dir)).toEqual(['out.jsonl']) // no temporary file left behind
    const same = run(['convert', out, '-o', out])
    expect(same.status).toBe(2)
    expect(same.stderr).toBe(`wsktrace convert: the output file '${out}' is the input file\n`)
    expect(readFileSync(out, 'utf8')).toBe('precious\n')
    rmSync(dir, {recursive: true, force: true})
  })
})
