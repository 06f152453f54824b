/** The lint command on real traces with real findings: what a user sees, and the exit codes. */
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'
import {describe, expect, it} from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')
const run = (args: string[], input?: Buffer | string) =>
  spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), ...args], {cwd: ROOT, input, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})

const REJECT = 'traces/rules/accept-event-reject-wsk-closes/violating.jsonl'
const OPEN_AT_STOP = 'traces/policy/leak-open-at-capture-stop/violating.jsonl' // two warnings
const LOST = 'traces/policy/events-lost-inconclusive/violating.jsonl' // one inconclusive warning

describe('wsktrace lint on real findings', () => {
  it('prints the finding with its object, state, rule and a witness with lines', () => {
    const r = run(['lint', REJECT])
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('7  error  WskCloseSocket on accepted socket 0xffffa00100002000 in state ClosedByWsk: WSK already closed the socket it rejected (STATUS_REQUEST_NOT_ACCEPTED at line 6); do not touch it again  accept-event-reject-wsk-closes')
    expect(r.stdout).toMatch(/↳ 6 +WskAcceptEvent exit +tid 9 .*status=STATUS_REQUEST_NOT_ACCEPTED/)
    expect(r.stdout).toContain('✖ 1 problem (1 error, 0 warnings, 0 infos)')
  })

  it('reads stdin, plain or gzip, with the same findings and witnesses', () => {
    const text = readFileSync(join(ROOT, REJECT))
    for (const input of [text, gzipSync(text)]) {
      const r = run(['lint', '-', '--format', 'json'], input)
      expect(r.status).toBe(1)
      const report = JSON.parse(r.stdout) as {results: {findings: {ruleId: string; line: number; witness: {line: number; event: string}[]}[]}[]}
      const [f] = report.results[0]!.findings
      expect(f).toMatchObject({ruleId: 'accept-event-reject-wsk-closes', line: 7})
      expect(f!.witness.map((w) => `${w.line} ${w.event}`)).toContain('6 WskAcceptEvent exit')
    }
  })

  it('warnings alone exit 0, unless there are more than --max-warnings', () => {
    expect(run(['lint', OPEN_AT_STOP]).status).toBe(0)
    expect(run(['lint', OPEN_AT_STOP, '--max-warnings', '2']).status).toBe(0)
    const over = run(['lint', OPEN_AT_STOP, '--max-warnings', '1'])
    expect(over.status).toBe(1)
    expect(over.stderr).toContain('too many warnings (2, maximum: 1)')
  })

  it('--quiet drops warnings from the output and the counts', () => {
    const r = run(['lint', OPEN_AT_STOP, REJECT, '--quiet'])
    expect(r.status).toBe(1)
    expect(r.stdout).not.toMatch(/^ +\d+ +warning /m)
    expect(r.stdout).not.toContain('leak-open-at-capture-stop')
    expect(r.stdout).toContain('✖ 1 problem (1 error, 0 warnings, 0 infos)')
  })

  it('says why a verdict is inconclusive when the recorder lost events', () => {
    const r = run(['lint', LOST, '--format', 'json'])
    const [f] = (JSON.parse(r.stdout) as {results: {findings: {severity: string; inconclusive?: string}[]}[]}).results[0]!.findings
    expect(f!.severity).toBe('warning')
    expect(f!.inconclusive).toMatch(/lost 3 event/)
    expect(run(['lint', LOST]).stdout).toContain('inconclusive: the recorder lost 3 event(s)')
  })

  it('one bad file does not stop the others: its one-line error, the others\' findings, exit 2', () => {
    const r = run(['lint', 'traces/no-such-file.jsonl', REJECT, 'test/fixtures/input/capture.etl'])
    expect(r.status).toBe(2)
    expect(r.stdout).toContain('accept-event-reject-wsk-closes')
    expect(r.stdout).toMatch(/no-such-file\.jsonl: fatal: .*no such file/)
    expect(r.stdout).toMatch(/capture\.etl: fatal: this is a binary ETL file: export it with .*tracerpt.* or .*xperf.* first/)
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /) // no stack trace
  })
})
