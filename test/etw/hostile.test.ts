/**
 * Broken inputs through the CLI, all in one run with a good file: each gets one clear line (a
 * finding on the damaged line, or a fatal error for a file that is no export at all), never a
 * stack trace, and the other files are still linted.
 */
import {describe, expect, it} from 'vitest'
import {expectNoStack, fixture, ROOT, run, TEMPLATE} from './helpers.js'
import {join} from 'node:path'

const H = (name: string) => fixture('hostile', name)
const ETL = join(ROOT, 'test', 'fixtures', 'input', 'capture.etl')
const GOOD = fixture('driver', 'accept-leak.dumper.txt')

interface JsonFinding {ruleId: string; severity: string; line: number; message: string}
interface JsonResult {file: string; findings: JsonFinding[]; fatal?: {message: string}; events: number}

describe('hostile inputs, one run', () => {
  const r = run(['lint', H('truncated.tracerpt.xml'), H('no-layout.dumper.txt'), H('unbalanced-quote.tracerpt.csv'), H('utf16-nobom.wpa.csv'), ETL, GOOD, '--mapping', TEMPLATE, '--format', 'json'])
  const report = JSON.parse(r.stdout) as {results: JsonResult[]}
  const result = (name: string) => report.results.find((x) => x.file.endsWith(name))!
  const invalids = (name: string) => result(name).findings.filter((f) => f.ruleId === 'invalid-record').map((f) => `${f.line}: ${f.message}`)

  it('exits 2 (a fatal file) with no stack trace, and lints every other file', () => {
    expect(r.status).toBe(2)
    expect(expectNoStack(r.stdout + r.stderr)).toBe(true)
    expect(report.results).toHaveLength(6)
    expect(result('accept-leak.dumper.txt').findings.map((f) => f.ruleId)).toEqual(['accept-event-success-app-owns'])
  })

  it('truncated XML: reported at the event it cuts; the events before it are linted', () => {
    expect(invalids('truncated.tracerpt.xml')).toEqual(['162: line 162 skipped: the XML ends inside this <Event> (line 181 is the last): the file is truncated'])
    expect(result('truncated.tracerpt.xml').events).toBe(4)
  })

  it('a dumper row whose key has no layout in the header: reported on its line', () => {
    expect(invalids('no-layout.dumper.txt')).toEqual(['23: line 23 skipped: no layout for "Contoso.WskDriver/WskBind/win:Info" in the dumper header (BeginHeader…EndHeader)'])
    expect(result('no-layout.dumper.txt').events).toBe(7)
  })

  it('a CSV cell whose quote never closes: that row is reported, the rows after it are read again', () => {
    expect(invalids('unbalanced-quote.tracerpt.csv')).toEqual(['6: line 6 skipped: a double quote opens a cell that never closes (the lines after it are read again)'])
    expect(result('unbalanced-quote.tracerpt.csv').events).toBe(8)
  })

  it('UTF-16 without a byte-order mark: recognised by its NUL bytes and read', () => {
    expect(result('utf16-nobom.wpa.csv').fatal).toBeUndefined()
    expect(result('utf16-nobom.wpa.csv').events).toBe(8)
    expect(result('utf16-nobom.wpa.csv').findings.map((f) => `${f.ruleId} ${f.line}`)).toEqual(['accept-event-success-app-owns 9'])
  })

  it('a binary .etl given by mistake: one fatal line saying how to export it', () => {
    expect(result('capture.etl').fatal?.message).toBe('this is a binary ETL file: export it with `tracerpt x.etl -of XML -o x.xml` or `xperf -i x.etl -o x.txt -a dumper` first')
    expect(r.stderr).toContain('capture.etl: fatal: this is a binary ETL file: export it with `tracerpt x.etl -of XML -o x.xml` or `xperf -i x.etl -o x.txt -a dumper` first\n')
  })
})

describe('inputs that are no export wsktrace reads', () => {
  it.each([
    ['an EVTX log', Buffer.concat([Buffer.from('ElfFile\0'), Buffer.alloc(120)]), 'this is a binary EVTX event log: read it back with `wevtutil qe x.evtx /lf:true /f:xml > x.xml` first'],
    ['PerfView CSV', 'Event Name,Time MSec,Process Name,Rest\nsolar/Test,1.000,p (1),\n', 'PerfView CSV is not supported: export the .etl with `tracerpt x.etl -of XML -o x.xml` or `xperf -i x.etl -o x.txt -a dumper` first'],
    ['XML that is no tracerpt export', '<?xml version="1.0"?>\n<html><body/></html>\n', 'XML whose root element is <html>, not a tracerpt export (<Events> of <Event> elements)'],
  ])('%s', (_name, content, message) => {
    const r = run(['lint', '-'], typeof content === 'string' ? content : content.toString('latin1'))
    expect(r.status).toBe(2)
    expect(r.stdout).toBe(`<stdin>: fatal: ${message}\n\n✖ 1 fatal error\n0 events replayed in 1 file\n`)
  })

  it('a bad mapping file stops the run before any file: one line per problem, with its JSON path', () => {
    const r = run(['lint', GOOD, '--mapping', fixture('mapping', 'bad.json')])
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      [
        'wsktrace lint: test/fixtures/etw/mapping/bad.json: /events/0/event: unknown DDI "WskAcceptEvnt", not in the wsk-trace v1 catalogue',
        'wsktrace lint: test/fixtures/etw/mapping/bad.json: /events/1/fields/sock: unknown canonical field "sock" (one of: irql, socket, irp, status, information, flags, acceptSocket, localAddress, remoteAddress, address, context, dispatch, inspectId, inspectIdPtr, action, option, value, request, pool, object, timeout)',
        'wsktrace lint: test/fixtures/etw/mapping/bad.json: /events/1/fields/status: "#0" is not a payload position (#1, #2, …)',
        '',
      ].join('\n'),
    )
  })
})
