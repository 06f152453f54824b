/**
 * Configuration, baselines and batch runs (--jobs, --shard, merge) through the CLI, as a user
 * runs them: `node bin/run.js …` on the compiled dist/ (the worker threads of --jobs exist only
 * there). Traces are copies of the corpus under a temporary folder.
 */
import {spawnSync} from 'node:child_process'
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Ajv} from 'ajv'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {FORMATTER_NAMES} from '../../src/formatters/index.js'
import {RULES} from '../../src/rules/index.js'

const ROOT = join(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'run.js')
const CORPUS = join(ROOT, 'traces')
const schema = (name: string) => JSON.parse(readFileSync(join(ROOT, 'schemas', name), 'utf8')) as object
const validateReport = new Ajv({allErrors: true}).compile(schema('report.schema.json'))
const validateBaseline = new Ajv({allErrors: true}).compile(schema('baseline.schema.json'))

const TMP = mkdtempSync(join(tmpdir(), 'wsktrace-batch-'))
afterAll(() => rmSync(TMP, {recursive: true, force: true}))

function run(args: string[], cwd: string = TMP, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {cwd, input: '', encoding: 'utf8', env: {...process.env, NO_COLOR: '1', ...env}, maxBuffer: 64 * 1024 * 1024})
  return {status: r.status, stdout: r.stdout, stderr: r.stderr}
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '')
}

interface JsonFinding {ruleId: string; severity: string; line: number; message: string}
interface JsonReport {
  tool: {version: string}
  results: {file: string; findings: JsonFinding[]}[]
  errorCount: number
  warningCount: number
  infoCount: number
  fatalErrors: unknown[]
  baseline?: {suppressed: number; stale: {ruleId: string; fingerprint: string; count: number; file: string}[]; partial?: true; suppressedFindings: JsonFinding[]}
}

function json(stdout: string): JsonReport {
  const report = JSON.parse(stdout) as JsonReport
  expect(validateReport(report), JSON.stringify(validateReport.errors?.slice(0, 3))).toBe(true)
  return report
}

/** A folder with a copy of the corpus trace `rule/name.jsonl` for each entry, as `<dir>/<rule>-<name>.jsonl`. */
function traceDir(dir: string, traces: string[]): string {
  const target = join(TMP, dir)
  mkdirSync(target, {recursive: true})
  for (const t of traces) cpSync(join(CORPUS, 'rules', `${t}.jsonl`), join(target, `${t.replace('/', '-')}.jsonl`))
  return target
}

const findingsOf = (report: JsonReport) => report.results.flatMap((r) => r.findings.map((f) => `${f.ruleId} ${f.severity} ${f.line}`))

describe('configuration (wsktrace.config.json)', () => {
  const dir = traceDir('config', ['no-wait-inside-callbacks/violating', 'no-wait-inside-callbacks/violating-unknown-target', 'callback-short-at-dispatch/violating', 'invalid-record/violating'])
  const sub = join(dir, 'sub')
  mkdirSync(sub, {recursive: true})
  const writeConfig = (config: unknown) => writeFileSync(join(dir, 'wsktrace.config.json'), JSON.stringify(config))
  const baseline = json(run(['lint', '.', '-f', 'json'], dir).stdout)

  it('with no configuration, the defaults', () => {
    expect(findingsOf(baseline)).toContain('no-wait-inside-callbacks error 12')
    expect(findingsOf(baseline)).toContain('no-wait-inside-callbacks warning 6')
    expect(findingsOf(baseline).some((f) => f.startsWith('callback-short-at-dispatch '))).toBe(true)
  })

  it('rule levels: off drops a rule, warning caps it, the file is found from a sub-folder; exit codes follow', () => {
    writeConfig({rules: {'no-wait-inside-callbacks': 'warning', 'callback-short-at-dispatch': 'off', 'invalid-record': 'off'}})
    const r = run(['lint', '..', '-f', 'json'], sub)
    expect(r.stderr).toBe('')
    const report = json(r.stdout)
    expect(findingsOf(report).filter((f) => f.startsWith('no-wait-inside-callbacks')).sort()).toEqual(['no-wait-inside-callbacks warning 12', 'no-wait-inside-callbacks warning 6'])
    expect(findingsOf(report).filter((f) => f.startsWith('callback-short-at-dispatch') || f.startsWith('invalid-record'))).toEqual([])
    expect(report.errorCount).toBe(findingsOf(report).filter((f) => f.includes(' error ')).length)
    expect(r.status).toBe(report.errorCount > 0 ? 1 : 0)
  })

  it('dispatchBudgetUs: the file sets the budget, --dispatch-budget overrides it', () => {
    writeConfig({dispatchBudgetUs: 1000})
    const trace = 'callback-short-at-dispatch-violating.jsonl'
    expect(findingsOf(json(run(['lint', trace, '-f', 'json'], dir).stdout))).toEqual([])
    expect(findingsOf(json(run(['lint', trace, '-f', 'json', '--dispatch-budget', '100'], dir).stdout)).map((f) => f.split(' ')[0])).toEqual(['callback-short-at-dispatch'])
  })

  it('a configuration error exits 2 with one line per problem, each naming the JSON path; nothing is linted', () => {
    writeConfig({rules: {'no-wait-inside-callbacks': 'warn', 'no-such-rule': 'off'}, endOfTrace: 'sometimes', extra: true})
    const r = run(['lint', '.'], dir)
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(lines(r.stderr)).toEqual([
      'wsktrace lint: wsktrace.config.json: /extra: unknown property (known: rules, dispatchBudgetUs, endOfTrace, mappings, ignore)',
      'wsktrace lint: wsktrace.config.json: /rules/no-wait-inside-callbacks: must be equal to one of the allowed values (off, info, warning, error; got "warn")',
      'wsktrace lint: wsktrace.config.json: /endOfTrace: must be equal to one of the allowed values (proof, always, never; got "sometimes")',
      "wsktrace lint: wsktrace.config.json: /rules/no-such-rule: unknown rule 'no-such-rule' (`wsktrace rules` lists them)",
    ])
    const up = run(['lint', '..'], sub)
    expect(up.status).toBe(2)
    expect(lines(up.stderr)[0]).toBe('wsktrace lint: ../wsktrace.config.json: /extra: unknown property (known: rules, dispatchBudgetUs, endOfTrace, mappings, ignore)')
  })

  it('not JSON, or a --config that does not exist: exit 2, one line', () => {
    writeFileSync(join(dir, 'wsktrace.config.json'), '{"rules": {')
    const broken = run(['lint', '.'], dir)
    expect(broken.status).toBe(2)
    expect(lines(broken.stderr)).toHaveLength(1)
    expect(broken.stderr).toMatch(/^wsktrace lint: wsktrace\.config\.json: not valid JSON: /)
    const missing = run(['lint', '.', '--config', 'nope.json'], dir)
    expect(missing.status).toBe(2)
    expect(lines(missing.stderr)).toEqual(['wsktrace lint: nope.json: cannot read: no such file'])
  })

  it('--config names the file to use instead of the one found', () => {
    writeConfig({rules: {'no-wait-inside-callbacks': 'off'}})
    writeFileSync(join(TMP, 'other.json'), JSON.stringify({rules: {'no-wait-inside-callbacks': 'info'}}))
    const report = json(run(['lint', 'no-wait-inside-callbacks-violating.jsonl', '-f', 'json', '--config', '../other.json'], dir).stdout)
    expect(findingsOf(report)).toEqual(['no-wait-inside-callbacks info 12'])
  })

  it('endOfTrace "always" takes every trace as a complete session: leaks are errors', () => {
    const policy = join(TMP, 'policy')
    mkdirSync(policy, {recursive: true})
    cpSync(join(CORPUS, 'policy', 'leak-open-at-capture-stop', 'violating.jsonl'), join(policy, 'stopped.jsonl'))
    const before = json(run(['lint', 'stopped.jsonl', '-f', 'json'], policy).stdout)
    expect(findingsOf(before)).toEqual(['close-all-sockets-before-detach warning 2', 'accept-event-success-app-owns warning 6'])
    writeFileSync(join(policy, 'wsktrace.config.json'), JSON.stringify({endOfTrace: 'always'}))
    const r = run(['lint', 'stopped.jsonl', '-f', 'json'], policy)
    expect(findingsOf(json(r.stdout))).toEqual(['close-all-sockets-before-detach error 2', 'accept-event-success-app-owns error 6'])
    expect(r.status).toBe(1)
  })

  it('endOfTrace "never" keeps leaks warnings even when WskDeregister proves the session ended', () => {
    const policy = join(TMP, 'never')
    mkdirSync(policy, {recursive: true})
    cpSync(join(CORPUS, 'policy', 'leak-proven-by-deregister', 'violating.jsonl'), join(policy, 'deregister.jsonl'))
    expect(findingsOf(json(run(['lint', 'deregister.jsonl', '-f', 'json'], policy).stdout))).toEqual(['accept-event-success-app-owns error 8'])
    writeFileSync(join(policy, 'wsktrace.config.json'), JSON.stringify({endOfTrace: 'never'}))
    const r = run(['lint', 'deregister.jsonl', '-f', 'json'], policy)
    expect(findingsOf(json(r.stdout))).toEqual(['accept-event-success-app-owns warning 8'])
    expect(r.status).toBe(0)
  })

  it('ignore globs leave files out of folder and glob expansion, not files named as such', () => {
    const tree = join(TMP, 'ignore')
    mkdirSync(join(tree, 'old'), {recursive: true})
    mkdirSync(join(tree, 'new'), {recursive: true})
    cpSync(join(CORPUS, 'rules', 'no-calls-after-close', 'violating.jsonl'), join(tree, 'old', 'a.jsonl'))
    cpSync(join(CORPUS, 'rules', 'no-calls-after-close', 'clean.jsonl'), join(tree, 'new', 'b.jsonl'))
    writeFileSync(join(tree, 'wsktrace.config.json'), JSON.stringify({ignore: ['old/**']}))
    const files = (args: string[], cwd = tree) => json(run(['lint', ...args, '-f', 'json'], cwd).stdout).results.map((r) => r.file)
    expect(files(['.'])).toEqual([join(tree, 'new', 'b.jsonl')])
    expect(files(['**/*.jsonl'])).toEqual([join(tree, 'new', 'b.jsonl')])
    expect(files(['.'], join(tree, 'new'))).toEqual([join(tree, 'new', 'b.jsonl')]) // globs stay relative to the configuration's folder
    expect(files(['old/a.jsonl', 'new'])).toEqual([join(tree, 'new', 'b.jsonl'), join(tree, 'old', 'a.jsonl')])
    const all = run(['lint', 'old'], tree)
    expect(all.status).toBe(2)
    expect(all.stdout).toContain("old: fatal: all trace files under 'old' are ignored by the configuration's ignore globs")
  })
})

describe('wsktrace rules with a configuration', () => {
  const dir = join(TMP, 'rules-config')
  mkdirSync(dir, {recursive: true})
  writeFileSync(join(dir, 'wsktrace.config.json'), JSON.stringify({rules: {'no-wait-inside-callbacks': 'off', 'no-complete-after-abort': 'error'}, dispatchBudgetUs: 250, endOfTrace: 'always', ignore: ['old/**']}))

  it('shows the EFFECTIVE level of every rule and the other settings in effect', () => {
    const r = run(['rules'], dir)
    expect(r.status).toBe(0)
    const rows = lines(r.stdout)
    expect(rows[0]).toMatch(/^ID\s+SEVERITY\s+EFFECTIVE\s+KIND\s+REF\s+TITLE$/)
    const effective = (id: string) => rows.find((row) => row.startsWith(`${id} `))!.split(/\s+/).slice(1, 3)
    expect(effective('no-wait-inside-callbacks')).toEqual(['error', 'off'])
    expect(effective('no-complete-after-abort')).toEqual(['warning', 'error'])
    expect(effective('no-calls-after-close')).toEqual(['error', 'error'])
    expect(r.stdout).toContain(['configuration: wsktrace.config.json', '  rules set: 2', '  dispatchBudgetUs: 250', '  endOfTrace: always', '  mappings: (none)', '  ignore: old/**', '', `${RULES.length} rules`].join('\n'))
  })

  it('--format json gives each rule its effective level; --config picks another file', () => {
    writeFileSync(join(dir, 'strict.json'), JSON.stringify({rules: {'no-complete-after-abort': 'info'}}))
    const rules = JSON.parse(run(['rules', '--format', 'json', '--config', 'strict.json'], dir).stdout) as {id: string; effective: string}[]
    expect(rules.find((r) => r.id === 'no-complete-after-abort')!.effective).toBe('info')
    expect(rules.find((r) => r.id === 'no-wait-inside-callbacks')!.effective).toBe('error')
  })

  it('a broken configuration exits 2 there too', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({rules: {x: 'off'}}))
    const r = run(['rules', '--config', 'bad.json'], dir)
    expect(r.status).toBe(2)
    expect(lines(r.stderr)).toEqual(["wsktrace rules: bad.json: /rules/x: unknown rule 'x' (`wsktrace rules` lists them)"])
  })
})

describe('baselines', () => {
  const dir = traceDir('baseline', ['no-calls-after-close/violating', 'accept-event-reject-wsk-closes/violating', 'no-wait-inside-callbacks/violating-unknown-target', 'no-calls-after-close/clean'])
  let first: JsonReport
  let total = 0
  let written: ReturnType<typeof run>
  beforeAll(() => {
    first = json(run(['lint', '.', '-f', 'json'], dir).stdout)
    total = first.errorCount + first.warningCount + first.infoCount
    written = run(['lint', '.', '--write-baseline', 'wsktrace-baseline.json'], dir)
  })

  it('--write-baseline records every finding, then reports none of them', () => {
    expect(total).toBeGreaterThanOrEqual(3)
    const r = written
    expect(r.status).toBe(0)
    const baseline = JSON.parse(readFileSync(join(dir, 'wsktrace-baseline.json'), 'utf8')) as {entries: {file: string; count: number; ruleId: string}[]}
    expect(validateBaseline(baseline), JSON.stringify(validateBaseline.errors)).toBe(true)
    expect(baseline.entries.reduce((n, e) => n + e.count, 0)).toBe(total)
    expect(baseline.entries.every((e) => e.file.endsWith('.jsonl') && !e.file.startsWith('/'))).toBe(true)
    expect(lines(r.stderr)).toEqual([`wsktrace-baseline.json: recorded ${total} findings in ${baseline.entries.length} entries`])
    expect(lines(r.stdout)).toEqual([`${total} findings suppressed by the baseline`, expect.stringMatching(/ events replayed in 4 files$/)])
  })

  it('--baseline: the same run exits 0 and says how many were suppressed; JSON lists them', () => {
    const r = run(['lint', '.', '--baseline', 'wsktrace-baseline.json'], dir)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain(`${total} findings suppressed by the baseline\n`)
    const report = json(run(['lint', '.', '--baseline', 'wsktrace-baseline.json', '-f', 'json'], dir).stdout)
    expect(report.baseline).toMatchObject({suppressed: total, stale: []})
    expect(report.baseline!.suppressedFindings).toHaveLength(total)
    expect([report.errorCount, report.warningCount, report.infoCount]).toEqual([0, 0, 0])
  })

  it('matches a re-captured trace of the same bug: another name, other pointers, timestamps and lines', () => {
    const original = readFileSync(join(dir, 'no-calls-after-close-violating.jsonl'), 'utf8').split('\n')
    const recaptured = [original[0], '', '', ...original.slice(1)]
      .join('\n')
      .replace(/0xffffa001/g, '0xffffb7c2')
      .replace(/"ts":(\d+)/g, (_m, ts: string) => `"ts":${Number(ts) + 5000}`)
    const other = join(TMP, 'recaptured')
    mkdirSync(other, {recursive: true})
    writeFileSync(join(other, 'capture-2024-06-01.jsonl'), recaptured)
    const without = json(run(['lint', 'capture-2024-06-01.jsonl', '-f', 'json'], other).stdout)
    expect(without.errorCount).toBeGreaterThan(0)
    expect(without.results[0]!.findings[0]!.line).not.toBe(first.results.find((x) => x.file.endsWith('no-calls-after-close-violating.jsonl'))!.findings[0]!.line)
    const r = run(['lint', 'capture-2024-06-01.jsonl', '-f', 'json', '--baseline', join(dir, 'wsktrace-baseline.json')], other)
    expect(r.status).toBe(0)
    expect(json(r.stdout).baseline!.suppressed).toBe(without.errorCount + without.warningCount + without.infoCount)
  })

  it('more occurrences than recorded surface: a second copy of a baselined trace is reported', () => {
    cpSync(join(dir, 'no-calls-after-close-violating.jsonl'), join(dir, 'zz-copy.jsonl'))
    try {
      const r = run(['lint', '.', '-f', 'json', '--baseline', 'wsktrace-baseline.json'], dir)
      expect(r.status).toBe(1)
      const report = json(r.stdout)
      expect(report.results.filter((x) => x.findings.length > 0).map((x) => x.file)).toEqual([join(dir, 'zz-copy.jsonl')])
      expect(report.baseline!.suppressed).toBe(total)
    } finally {
      rmSync(join(dir, 'zz-copy.jsonl'))
    }
  })

  it('a stale entry (nothing matched it) is a warning on stderr and listed in JSON', () => {
    const baseline = JSON.parse(readFileSync(join(dir, 'wsktrace-baseline.json'), 'utf8')) as {entries: {ruleId: string; fingerprint: string; count: number; file: string}[]}
    const r = run(['lint', 'no-calls-after-close-clean.jsonl', '--baseline', 'wsktrace-baseline.json', '-f', 'json'], dir)
    expect(r.status).toBe(0)
    expect(lines(r.stderr)).toEqual(
      baseline.entries.map((e) => `wsktrace-baseline.json: warning: stale entry: ${e.ruleId} (fingerprint ${e.fingerprint}, recorded ${e.count}× from ${e.file}) matched no finding; --write-baseline drops it`),
    )
    expect(json(r.stdout).baseline!.stale).toEqual(baseline.entries)
  })

  it('a baseline that is not valid exits 2, naming the JSON path', () => {
    writeFileSync(join(dir, 'bad-baseline.json'), JSON.stringify({version: 2, tool: {name: 'wsktrace', version: '0'}, entries: [{fingerprint: 'xyz', ruleId: 'r', file: 'a', count: 0, message: ''}]}))
    const r = run(['lint', '.', '--baseline', 'bad-baseline.json'], dir)
    expect(r.status).toBe(2)
    expect(lines(r.stderr)).toEqual([
      'wsktrace lint: bad-baseline.json: /version: must be equal to constant (got 2)',
      'wsktrace lint: bad-baseline.json: /entries/0/fingerprint: must match pattern "^[0-9a-f]{32}$"',
      'wsktrace lint: bad-baseline.json: /entries/0/count: must be >= 1',
    ])
  })
})

describe('--jobs', () => {
  it('the output does not depend on the number of worker threads', () => {
    const outputs = ['1', '2', '3'].map((jobs) => run(['lint', CORPUS, '-f', 'json', '--jobs', jobs]))
    expect(outputs[0]!.status).toBe(1)
    expect(json(outputs[0]!.stdout).results.length).toBeGreaterThan(50)
    for (const o of outputs) {
      expect(o.status).toBe(outputs[0]!.status)
      expect(o.stderr).toBe('')
      expect(o.stdout).toBe(outputs[0]!.stdout)
    }
  })

  it('standard input is linted beside the workers, in its place', () => {
    const trace = readFileSync(join(CORPUS, 'rules', 'no-calls-after-close', 'violating.jsonl'), 'utf8')
    const dir = join(CORPUS, 'rules', 'no-calls-after-close')
    const spawn = (jobs: string) => spawnSync(process.execPath, [BIN, 'lint', '-', dir, '-f', 'json', '--jobs', jobs], {cwd: TMP, input: trace, encoding: 'utf8'})
    const one = spawn('1')
    const two = spawn('2')
    expect(two.stdout).toBe(one.stdout)
    expect(json(two.stdout).results.map((r) => r.file)).toEqual(['-', join(dir, 'clean.jsonl'), join(dir, 'violating.jsonl')])
  })

  it('--jobs 0 is a usage error', () => {
    const r = run(['lint', CORPUS, '--jobs', '0'])
    expect(r.status).toBe(2)
    expect(lines(r.stderr)).toHaveLength(1)
  })

  it('no progress line when stderr is not a terminal', () => {
    const r = run(['lint', CORPUS, '--jobs', '2'])
    expect(r.stderr).toBe('')
  })
})

describe('--shard and wsktrace merge', () => {
  const out = join(TMP, 'shards')
  mkdirSync(out, {recursive: true})
  const shards = ['1/3', '2/3', '3/3']
  // The corpus and a pattern that matches nothing (reported by every shard, once when merged).
  const targets = ['traces', 'no-such/*.jsonl']
  let reports: string[] = []
  let logs: string[] = []
  beforeAll(() => {
    const shardFiles = (format: string, ext: string, args: string[]) =>
      shards.map((s, i) => {
        const file = join(out, `shard-${i + 1}.${ext}`)
        run(['lint', ...args, '-f', format, '--shard', s, '-o', file], ROOT)
        return file
      })
    reports = shardFiles('json', 'json', targets)
    logs = FORMATTER_NAMES.includes('sarif') ? shardFiles('sarif', 'sarif', ['traces']) : []
  })

  it('rejects a shard that is not K/N with 1 ≤ K ≤ N', () => {
    for (const bad of ['0/3', '4/3', 'x']) {
      const r = run(['lint', CORPUS, '--shard', bad])
      expect(r.status, bad).toBe(2)
      expect(lines(r.stderr), bad).toHaveLength(1)
      expect(r.stderr, bad).toMatch(/^wsktrace lint: .*--shard/)
    }
  })

  it('the shards split the files: each file in exactly one shard, every shard some; a slice depends on paths relative to the working directory only', () => {
    const relativeFiles = (report: JsonReport, cwd: string) => report.results.map((r) => r.file.slice(cwd.length))
    const all = relativeFiles(json(run(['lint', CORPUS, '-f', 'json']).stdout), ROOT)
    const parts = reports.map((file) => relativeFiles(json(readFileSync(file, 'utf8')), ROOT))
    for (const part of parts) expect(part.length).toBeGreaterThan(all.length / 6)
    expect(parts.flat().sort()).toEqual([...all].sort())
    // The same slice from a copy of the checkout elsewhere (another CI runner), named by an absolute path.
    const copy = join(TMP, 'checkout')
    cpSync(CORPUS, join(copy, 'traces'), {recursive: true})
    expect(relativeFiles(json(run(['lint', join(copy, 'traces'), '-f', 'json', '--shard', '2/3'], copy).stdout), copy)).toEqual(parts[1])
  })

  for (const format of FORMATTER_NAMES) {
    it(`merging the JSON reports of the shards gives the unsharded run's ${format} output and exit code`, () => {
      const whole = run(['lint', ...targets, '-f', format], ROOT)
      const merged = run(['merge', ...reports, '-f', format], ROOT)
      expect(merged.stdout).toBe(whole.stdout)
      expect(merged.status).toBe(whole.status)
      expect(merged.status).toBe(2) // the pattern that matched nothing, reported once
    })
  }

  it('merge refuses a SARIF log that breaks the SARIF schema or is not one wsktrace run, in one line, exit 2', () => {
    const dir = join(TMP, 'bad-sarif')
    mkdirSync(dir, {recursive: true})
    writeFileSync(join(dir, 'broken.sarif'), JSON.stringify({version: '2.1.0', runs: [{}]}))
    const broken = run(['merge', 'broken.sarif'], dir)
    expect(broken.status).toBe(2)
    expect(broken.stderr).toBe("wsktrace merge: broken.sarif: /runs/0: must have required property 'tool'\n")
    writeFileSync(join(dir, 'other.sarif'), JSON.stringify({version: '2.1.0', runs: [{tool: {driver: {name: 'eslint'}}, results: []}]}))
    const other = run(['merge', 'other.sarif'], dir)
    expect(other.status).toBe(2)
    expect(other.stderr).toBe('wsktrace merge: other.sarif: not a SARIF log of one wsktrace run (lint --format sarif)\n')
  })

  it('merging SARIF logs of the shards gives the unsharded SARIF log', () => {
    const whole = run(['lint', 'traces', '-f', 'sarif'], ROOT)
    const merged = run(['merge', ...logs], ROOT)
    expect(merged.status).toBe(whole.status)
    expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(whole.stdout))
    const stylish = run(['merge', ...logs, '-f', 'stylish'], ROOT)
    expect(stylish.status).toBe(2)
    expect(lines(stylish.stderr)).toEqual(['wsktrace merge: SARIF logs merge into SARIF only (--format sarif): merge the JSON reports (lint --format json) for --format stylish'])
  })

  it('with a baseline: shards linted with it, merged with it, equal the unsharded run with it', () => {
    const dir = traceDir('shard-baseline', ['no-calls-after-close/violating', 'no-calls-after-close/clean', 'accept-event-reject-wsk-closes/violating', 'no-wait-inside-callbacks/violating', 'invalid-record/violating', 'close-irp-required/violating'])
    // Record half of the findings' traces only, then add a copy of a recorded one: one entry stale, one over its count.
    run(['lint', 'no-calls-after-close-violating.jsonl', 'accept-event-reject-wsk-closes-violating.jsonl', '--write-baseline', 'b.json'], dir)
    cpSync(join(dir, 'no-calls-after-close-violating.jsonl'), join(dir, 'copy.jsonl'))
    rmSync(join(dir, 'accept-event-reject-wsk-closes-violating.jsonl'))
    const whole = run(['lint', '.', '-f', 'json', '--baseline', 'b.json'], dir)
    const reports = shards.map((s, i) => {
      const file = join(out, `baseline-${i + 1}.json`)
      const r = run(['lint', '.', '-f', 'json', '--baseline', 'b.json', '--shard', s, '-o', file], dir)
      expect(r.stderr).toBe('') // a shard cannot know whether an entry is stale
      expect((JSON.parse(readFileSync(file, 'utf8')) as JsonReport).baseline!.partial).toBe(true)
      return file
    })
    const merged = run(['merge', ...reports, '--baseline', 'b.json'], dir)
    expect(merged.stdout).toBe(whole.stdout)
    expect(merged.stderr).toBe(whole.stderr)
    expect(merged.status).toBe(whole.status)
    expect(json(whole.stdout).baseline!.stale.map((e) => e.ruleId)).toEqual(['accept-event-reject-wsk-closes'])
    expect(lines(whole.stderr)).toHaveLength(1)
    // Recording a baseline from the merged shards records what the unsharded run records.
    run(['lint', '.', '--write-baseline', 'from-lint.json'], dir)
    run(['merge', ...reports, '--write-baseline', 'from-merge.json'], dir)
    expect(readFileSync(join(dir, 'from-merge.json'), 'utf8')).toBe(readFileSync(join(dir, 'from-lint.json'), 'utf8'))
  })

  it('merge refuses reports that overlap, inputs of different kinds, and files that are not reports', () => {
    const overlap = run(['merge', reports[0]!, reports[1]!, reports[0]!])
    expect(overlap.status).toBe(2)
    expect(lines(overlap.stderr)).toHaveLength(1)
    expect(overlap.stderr).toContain('the reports overlap')
    if (logs.length > 0) {
      const mixed = run(['merge', reports[0]!, logs[1]!])
      expect(mixed.status).toBe(2)
      expect(lines(mixed.stderr)).toEqual(['wsktrace merge: the reports are of different kinds: merge JSON reports with JSON reports, SARIF logs with SARIF logs'])
    }
    writeFileSync(join(out, 'other.json'), '{"hello": 1}')
    const other = run(['merge', 'other.json', 'missing.json'], out)
    expect(other.status).toBe(2)
    expect(lines(other.stderr)).toEqual(['wsktrace merge: other.json: neither a wsktrace JSON report (lint --format json) nor a SARIF 2.1.0 log (lint --format sarif)'])
    const missing = run(['merge', 'missing.json'], out)
    expect(lines(missing.stderr)).toEqual(['wsktrace merge: missing.json: cannot read: no such file'])
  })

  it('--write-baseline with --shard is a usage error (a slice cannot record the whole set)', () => {
    const r = run(['lint', CORPUS, '--shard', '1/2', '--write-baseline', join(out, 'b.json')])
    expect(r.status).toBe(2)
    expect(lines(r.stderr)).toEqual(['wsktrace lint: --write-baseline records the whole input set, not one --shard: run it without --shard, or on `wsktrace merge` of all the shards'])
  })
})
