/** `--format junit`: well-formed XML (parsed back with saxes), a test case per trace, a failure per error finding. */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {gzipSync} from 'node:zlib'
import {afterAll, describe, expect, it} from 'vitest'
import type {Finding} from '../../src/findings/finding.js'
import {formatJunit, shorten} from '../../src/formatters/junit.js'
import {escapeXmlAttribute, escapeXmlText} from '../../src/formatters/xml-escape.js'
import {buildReport} from '../../src/lint/lint-report.js'
import {ROOT, runCli, stdoutJson} from './cli-run.js'
import {CWD, sampleReport} from './fixtures.js'
import {findAll, parseXml, type XmlElement} from './xml-tree.js'

const TMP = mkdtempSync(join(tmpdir(), 'wsktrace-junit-'))
afterAll(() => rmSync(TMP, {recursive: true, force: true}))

const REJECT = 'traces/rules/accept-event-reject-wsk-closes'
const LOST = 'traces/policy/events-lost-inconclusive'

function counts(e: XmlElement): [string | undefined, string | undefined, string | undefined] {
  return [e.attributes.tests, e.attributes.failures, e.attributes.errors]
}

describe('wsktrace lint --format junit', () => {
  it('writes a test suite per folder, a test case per trace, failures, system-out and errors', () => {
    const broken = join(TMP, 'broken.jsonl.gz')
    writeFileSync(broken, gzipSync('{"ts":1}\n').subarray(0, 12))
    const out = join(TMP, 'report.xml')
    const r = runCli(['lint', REJECT, LOST, broken, 'captures/*.jsonl', '--format', 'junit', '-o', out])
    expect(r.status).toBe(2)
    const xml = readFileSync(out, 'utf8')
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="wsktrace" ')).toBe(true)
    const root = parseXml(xml)
    expect(root.name).toBe('testsuites')
    expect(root.attributes.time).toBe('0')
    expect(counts(root)).toEqual(['6', '1', '2'])
    const suites = root.children
    const tmpDir = relative(ROOT, TMP) // ../../tmp/wsktrace-junit-…: outside the working folder
    // Suites come in the order of the files' absolute paths (the temporary folder sorts before or
    // after the repository depending on where the repository is); the unmatched pattern comes last.
    const tmpFirst = TMP < ROOT
    const fileSuites = [['testsuite', tmpDir, '1', '0', '1'], ['testsuite', LOST, '2', '0', '0'], ['testsuite', REJECT, '2', '1', '0']]
    const ordered = tmpFirst ? fileSuites : [...fileSuites.slice(1), fileSuites[0]!]
    expect(suites.map((s) => [s.name, s.attributes.name, ...counts(s)])).toEqual([...ordered, ['testsuite', 'captures', '1', '0', '1']])

    const cases = findAll(root, 'testcase')
    const fileCases = [[tmpDir, 'broken.jsonl.gz'], [LOST, 'clean.jsonl'], [LOST, 'violating.jsonl'], [REJECT, 'clean.jsonl'], [REJECT, 'violating.jsonl']]
    const orderedCases = tmpFirst ? fileCases : [...fileCases.slice(1), fileCases[0]!]
    expect(cases.map((c) => [c.attributes.classname, c.attributes.name])).toEqual([...orderedCases, ['captures', '*.jsonl']])
    const caseOf = (dir: string, name: string) => cases.find((c) => c.attributes.classname === dir && c.attributes.name === name)!
    expect(caseOf(REJECT, 'violating.jsonl').attributes.file).toBe(`${REJECT}/violating.jsonl`)
    expect(caseOf(LOST, 'clean.jsonl').children).toEqual([]) // a clean trace is a passing test

    const [failure, ...moreFailures] = findAll(root, 'failure')
    expect(moreFailures).toEqual([])
    expect(failure!.attributes).toEqual({
      message:
        'accept-event-reject-wsk-closes: WskCloseSocket on accepted socket 0xffffa00100002000 in state ClosedByWsk: WSK already closed the socket it rejected (STATUS_REQUEST_NOT_ACCEPTED at line 6); do not touch it again',
      type: 'accept-event-reject-wsk-closes',
    })
    expect(failure!.text.split('\n')).toEqual([
      'line 7: WskCloseSocket on accepted socket 0xffffa00100002000 in state ClosedByWsk: WSK already closed the socket it rejected (STATUS_REQUEST_NOT_ACCEPTED at line 6); do not touch it again',
      'witness:',
      '  line 2: WskSocket socket=0xffffa00100001000 context=0xffffa00100003000 flags=WSK_FLAG_LISTEN_SOCKET status=STATUS_SUCCESS irql=PASSIVE_LEVEL [listening socket 0xffffa00100001000]',
      '  line 3: WskBind socket=0xffffa00100001000 status=STATUS_SUCCESS irql=PASSIVE_LEVEL [listening socket 0xffffa00100001000]',
      '  line 5: WskAcceptEvent enter socket=0xffffa00100001000 acceptSocket=0xffffa00100002000 localAddress=0xffffa00100004000 remoteAddress=0xffffa00100004080 flags=WSK_FLAG_AT_DISPATCH_LEVEL irql=DISPATCH_LEVEL [accepted socket 0xffffa00100002000]',
      '  line 6: WskAcceptEvent exit socket=0xffffa00100001000 context=NULL dispatch=NULL status=STATUS_REQUEST_NOT_ACCEPTED irql=DISPATCH_LEVEL [accepted socket 0xffffa00100002000]',
      '  line 7: WskCloseSocket socket=0xffffa00100002000 status=STATUS_SUCCESS irql=PASSIVE_LEVEL [accepted socket 0xffffa00100002000]',
    ])

    // The warning of the events-lost trace is output, not a failure.
    const lostCase = caseOf(LOST, 'violating.jsonl')
    const [systemOut] = findAll(lostCase, 'system-out')
    expect(systemOut!.text.split('\n')[0]).toBe(
      'line 6: warning accept-event-success-app-owns: end of trace on accepted socket 0xffffa00100002000 in state Owned: the socket accepted by WskAcceptEvent (STATUS_SUCCESS at line 6) was never closed by the end of the trace; call WskCloseSocket on it (inconclusive: the recorder lost 3 event(s): the event that would discharge this obligation may be among them)',
    )
    expect(findAll(lostCase, 'failure')).toEqual([])

    const errors = findAll(root, 'error')
    expect(errors.map((e) => [e.attributes.type, e.attributes.message])).toEqual([
      ['fatal', `cannot read ${broken}: bad gzip stream (unexpected end of file)`],
      ['fatal', "no trace files match 'captures/*.jsonl'"],
    ])
    expect(findAll(caseOf(tmpDir, 'broken.jsonl.gz'), 'error')).toHaveLength(1)
  })

  it('is well-formed for the whole traces/ corpus, with a test case per trace and a failed test per trace with errors', () => {
    const r = runCli(['lint', 'traces/', '--format', 'junit'])
    expect(r.status).toBe(1)
    const root = parseXml(r.stdout)
    const json = stdoutJson<{results: {file: string; findings: Finding[]}[]}>(runCli(['lint', 'traces/', '--format', 'json']))
    const cases = findAll(root, 'testcase')
    expect(cases.map((c) => c.attributes.file)).toEqual(json.results.map((result) => result.file.slice(ROOT.length + 1)))
    const errorFindings = json.results.flatMap((result) => result.findings.filter((f) => f.severity === 'error'))
    expect(findAll(root, 'failure')).toHaveLength(errorFindings.length)
    expect(findAll(root, 'failure').map((f) => f.attributes.type)).toEqual(errorFindings.map((f) => f.ruleId))
    const failed = json.results.filter((result) => result.findings.some((f) => f.severity === 'error')).length
    expect(counts(root)).toEqual([String(json.results.length), String(failed), '0'])
  })
})

describe('XML escaping', () => {
  it('the well-formedness check rejects what is not XML (so that passing it means something)', () => {
    expect(() => parseXml('<a>&</a>')).toThrow()
    expect(() => parseXml('<a b="<"/>')).toThrow()
    expect(() => parseXml('<a>\u0001</a>')).toThrow()
    expect(() => parseXml('<a><b></a>')).toThrow()
    expect(parseXml('<a b="&lt;&#10;">x&amp;y</a>')).toEqual({name: 'a', attributes: {b: '<\n'}, children: [], text: 'x&y'})
  })

  it('escapes markup characters, keeps line breaks and tabs in attributes, and makes forbidden characters visible', () => {
    expect(escapeXmlAttribute(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f')
    expect(escapeXmlText(`a&b<c>d"e'f`)).toBe(`a&amp;b&lt;c&gt;d"e'f`)
    expect(escapeXmlAttribute('x\ty\nz\r')).toBe('x&#9;y&#10;z&#13;')
    expect(escapeXmlText('x\ty\nz\r')).toBe('x\ty\nz&#13;')
    expect(escapeXmlText('nul\u0000 bell\u0007 esc\u001b ff\uffff')).toBe('nul\\u0000 bell\\u0007 esc\\u001B ff\\uFFFF')
    expect(escapeXmlText('pair \u{1F600} lone \ud800 end \udc00')).toBe('pair \u{1F600} lone \\uD800 end \\uDC00')
    expect(escapeXmlText('plain')).toBe('plain')
  })

  it('produces well-formed XML from hostile messages and file names, which parse back to the text', () => {
    const message = `<&> "q" 'a' \u0001ctl\r\nline2\ttab \ud83d lone ]]> done`
    const finding: Finding = {
      ruleId: 'no-calls-after-close',
      severity: 'error',
      kind: 'app',
      message,
      event: 'WskSend',
      file: '/work/proj/a&b <x>/t"r\'.jsonl',
      line: 3,
      witness: [{line: 2, ts: 1, tid: 1, event: 'WskSend', detail: 'socket=<0x1>&', role: 'socket "0x1"'}],
    }
    const report = buildReport([{file: finding.file, findings: [finding, {...finding, severity: 'warning'}], events: 3, errorCount: 1, warningCount: 1, infoCount: 0}])
    const root = parseXml(formatJunit(report, {color: false, cwd: CWD}))
    const [testcase] = findAll(root, 'testcase')
    expect(testcase!.attributes).toMatchObject({classname: 'a&b <x>', name: `t"r'.jsonl`})
    const [failure] = findAll(root, 'failure')
    const shown = `<&> "q" 'a' \\u0001ctl\r\nline2\ttab \\uD83D lone ]]> done`
    expect(failure!.attributes.message).toBe(`no-calls-after-close: ${shown}`)
    expect(failure!.text).toBe(`line 3: ${shown}\nwitness:\n  line 2: WskSend socket=<0x1>& [socket "0x1"]`)
    expect(findAll(root, 'system-out')[0]!.text.startsWith(`line 3: warning no-calls-after-close: ${shown}`)).toBe(true)
  })

  it('cuts the failure message attribute at 200 characters, not inside a surrogate pair', () => {
    expect(shorten('x'.repeat(200), 200)).toBe('x'.repeat(200))
    expect(shorten('x'.repeat(201), 200)).toBe(`${'x'.repeat(199)}…`)
    expect(shorten(`${'x'.repeat(198)}\u{1F600}yy`, 200)).toBe(`${'x'.repeat(198)}…`)
    const long: Finding = {ruleId: 'r', severity: 'error', kind: 'app', message: 'm'.repeat(500), event: 'e', file: '/work/proj/a.jsonl', line: 1, witness: []}
    const root = parseXml(formatJunit(buildReport([{file: long.file, findings: [long], events: 1, errorCount: 1, warningCount: 0, infoCount: 0}]), {color: false, cwd: CWD}))
    const [failure] = findAll(root, 'failure')
    expect(failure!.attributes.message).toBe(`r: ${'m'.repeat(199)}…`)
    expect(failure!.text).toBe(`line 1: ${'m'.repeat(500)}`)
  })

  it('formats the hand-built sample report: report order, a fatal error with its line, a pattern in error', () => {
    const root = parseXml(formatJunit(sampleReport(), {color: false, cwd: CWD}))
    expect(findAll(root, 'testcase').map((c) => `${c.attributes.classname}/${c.attributes.name}`)).toEqual([
      'traces/clean.jsonl',
      'traces/leak.jsonl',
      'traces/broken.jsonl.gz',
      'traces/sub/other.ndjson',
      'captures/*.jsonl',
    ])
    expect(counts(root)).toEqual(['5', '1', '2'])
    const broken = findAll(root, 'testcase')[2]!
    expect(findAll(broken, 'error')[0]!.text).toBe('line 2: unexpected end of gzip data')
  })
})
