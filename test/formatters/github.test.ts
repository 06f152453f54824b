/** `--format github`: GitHub Actions workflow commands, one line per finding, escaped as @actions/core does. */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {gzipSync} from 'node:zlib'
import {afterAll, describe, expect, it} from 'vitest'
import type {Finding} from '../../src/findings/finding.js'
import {escapeGithubData, escapeGithubProperty, formatGithub} from '../../src/formatters/github.js'
import {buildReport} from '../../src/lint/lint-report.js'
import {ROOT, runCli} from './cli-run.js'
import {CWD, cleanReport, sampleReport} from './fixtures.js'

const TMP = mkdtempSync(join(tmpdir(), 'wsktrace-github-'))
afterAll(() => rmSync(TMP, {recursive: true, force: true}))

const KNOWN = 'traces/rules/accept-event-reject-wsk-closes/violating.jsonl'
const LOST = 'traces/policy/events-lost-inconclusive/violating.jsonl'

describe('wsktrace lint --format github', () => {
  it('prints one workflow command per finding and per fatal error, and nothing else', () => {
    const broken = join(TMP, 'broken.jsonl.gz')
    writeFileSync(broken, gzipSync('{"ts":1}\n').subarray(0, 12))
    const r = runCli(['lint', KNOWN, LOST, broken, 'captures/*.jsonl', '--format', 'github'])
    expect(r.status).toBe(2)
    expect(r.stdout.endsWith('\n')).toBe(true)
    const lines = r.stdout.slice(0, -1).split('\n')
    expect(lines).toHaveLength(4)
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice)( [a-z]+=[^,:]*(,[a-z]+=[^,:]*)*)?::[^\r\n]*$/)
    expect(lines.slice(2)).toEqual([
      "::error file=captures/*.jsonl::no trace files match 'captures/*.jsonl'",
      `::error file=${relative(ROOT, broken)}::cannot read ${broken}: bad gzip stream (unexpected end of file)`,
    ])
  })

  it('prints the known violation exactly: file relative to cwd, line, rule as title, message and witness', () => {
    const r = runCli(['lint', KNOWN, LOST, '--format', 'github'])
    expect(r.status).toBe(1)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(
      [
        '::warning file=traces/policy/events-lost-inconclusive/violating.jsonl,line=6,title=accept-event-success-app-owns::end of trace on accepted socket 0xffffa00100002000 in state Owned: the socket accepted by WskAcceptEvent (STATUS_SUCCESS at line 6) was never closed by the end of the trace; call WskCloseSocket on it (inconclusive: the recorder lost 3 event(s): the event that would discharge this obligation may be among them)%0Awitness:%0A  line 2: WskSocket socket=0xffffa00100001000 context=0xffffa00100003000 flags=WSK_FLAG_LISTEN_SOCKET status=STATUS_SUCCESS irql=PASSIVE_LEVEL [listening socket 0xffffa00100001000]%0A  line 3: WskBind socket=0xffffa00100001000 status=STATUS_SUCCESS irql=PASSIVE_LEVEL [listening socket 0xffffa00100001000]%0A  line 5: WskAcceptEvent enter socket=0xffffa00100001000 acceptSocket=0xffffa00100002000 localAddress=0xffffa00100004000 remoteAddress=0xffffa00100004080 flags=WSK_FLAG_AT_DISPATCH_LEVEL irql=DISPATCH_LEVEL [accepted socket 0xffffa00100002000]%0A  line 6: WskAcceptEvent exit socket=0xffffa00100001000 context=NULL dispatch=NULL status=STATUS_SUCCESS irql=DISPATCH_LEVEL [accepted socket 0xffffa00100002000]',
        '::error file=traces/rules/accept-event-reject-wsk-closes/violating.jsonl,line=7,title=accept-event-reject-wsk-closes::WskCloseSocket on accepted socket 0xffffa00100002000 in state ClosedByWsk: WSK already closed the socket it rejected (STATUS_REQUEST_NOT_ACCEPTED at line 6); do not touch it again%0Awitness:%0A  line 2: WskSocket socket=0xffffa00100001000 context=0xffffa00100003000 flags=WSK_FLAG_LISTEN_SOCKET status=STATUS_SUCCESS irql=PASSIVE_LEVEL [listening socket 0xffffa00100001000]%0A  line 3: WskBind socket=0xffffa00100001000 status=STATUS_SUCCESS irql=PASSIVE_LEVEL [listening socket 0xffffa00100001000]%0A  line 5: WskAcceptEvent enter socket=0xffffa00100001000 acceptSocket=0xffffa00100002000 localAddress=0xffffa00100004000 remoteAddress=0xffffa00100004080 flags=WSK_FLAG_AT_DISPATCH_LEVEL irql=DISPATCH_LEVEL [accepted socket 0xffffa00100002000]%0A  line 6: WskAcceptEvent exit socket=0xffffa00100001000 context=NULL dispatch=NULL status=STATUS_REQUEST_NOT_ACCEPTED irql=DISPATCH_LEVEL [accepted socket 0xffffa00100002000]%0A  line 7: WskCloseSocket socket=0xffffa00100002000 status=STATUS_SUCCESS irql=PASSIVE_LEVEL [accepted socket 0xffffa00100002000]',
        '',
      ].join('\n'),
    )
  })

  it('prints nothing at all for a clean run', () => {
    const r = runCli(['lint', 'traces/rules/accept-event-reject-wsk-closes/clean.jsonl', '--format', 'github'])
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('')
    expect(formatGithub(cleanReport(), {color: false, cwd: CWD})).toBe('')
  })
})

describe('github formatter', () => {
  it('maps severities to error, warning and notice; fatal errors are errors without a title', () => {
    const lines = formatGithub(sampleReport(), {color: false, cwd: CWD}).split('\n')
    expect(lines.map((line) => line.slice(0, line.indexOf('::', 2)))).toEqual([
      '::error file=traces/leak.jsonl,line=12,title=accept-event-success-app-owns',
      '::warning file=traces/leak.jsonl,line=140,title=no-wait-inside-callbacks',
      '::notice file=traces/sub/other.ndjson,line=7,title=unbalanced-activation',
      '::error file=captures/*.jsonl',
      '::error file=traces/broken.jsonl.gz,line=2',
      '',
    ])
    expect(lines[1]).toBe(
      '::warning file=traces/leak.jsonl,line=140,title=no-wait-inside-callbacks::KeWaitForSingleObject inside WskAcceptEvent: the waited object is unknown (inconclusive: the recorder lost 3 event(s))%0Awitness:%0A  line 140: KeWaitForSingleObject',
    )
    expect(lines[2]).toBe('::notice file=traces/sub/other.ndjson,line=7,title=unbalanced-activation::exit without enter')
    expect(lines[3]).toBe("::error file=captures/*.jsonl::no trace files match 'captures/*.jsonl'")
  })

  it('escapes % CR LF in messages, and also : and , in properties', () => {
    expect(escapeGithubData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b')
    expect(escapeGithubProperty('C:\\x,y%\n')).toBe('C%3A\\x%2Cy%25%0A')
    const finding: Finding = {
      ruleId: 'no-calls-after-close',
      severity: 'error',
      kind: 'app',
      message: '50% of "a:b,c"\r\nsecond line %0A',
      event: 'WskSend',
      file: '/work/proj/odd:name,1%.jsonl',
      line: 4,
      witness: [],
    }
    const report = buildReport([{file: finding.file, findings: [finding], events: 4, errorCount: 1, warningCount: 0, infoCount: 0}])
    expect(formatGithub(report, {color: false, cwd: CWD})).toBe('::error file=odd%3Aname%2C1%25.jsonl,line=4,title=no-calls-after-close::50%25 of "a:b,c"%0D%0Asecond line %250A\n')
  })

  it('annotates standard input without a file or line', () => {
    const finding: Finding = {ruleId: 'r', severity: 'info', kind: 'model', message: 'm', event: 'e', file: '-', line: 4, witness: []}
    const report = buildReport([{file: '-', findings: [finding], events: 4, errorCount: 0, warningCount: 0, infoCount: 1}])
    expect(formatGithub(report, {color: false, cwd: CWD})).toBe('::notice title=r::m\n')
  })
})
