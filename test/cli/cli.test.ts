/**
 * The CLI as a user runs it: `node bin/run.js …` on the compiled dist/ (test/global-setup.ts builds
 * it). These tests hold for any lintFile implementation; the exact findings are the corpus test's.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Ajv} from 'ajv'
import {afterAll, describe, expect, it} from 'vitest'
import {RULES} from '../../src/rules/index.js'

const ROOT = join(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'run.js')
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {version: string}
const validateReport = new Ajv({allErrors: true}).compile(JSON.parse(readFileSync(join(ROOT, 'schemas/report.schema.json'), 'utf8')) as object)

const TMP = mkdtempSync(join(tmpdir(), 'wsktrace-cli-'))
afterAll(() => rmSync(TMP, {recursive: true, force: true}))

/** A minimal well-formed session: register, then deregister. */
const CLEAN = [
  '{"format":"wsk-trace","version":1,"complete":true}',
  '{"ts":1,"tid":1,"event":"WskRegister","status":"STATUS_SUCCESS"}',
  '{"ts":2,"tid":1,"event":"WskDeregister"}',
  '',
].join('\n')
const clean = join(TMP, 'clean.jsonl')
writeFileSync(clean, CLEAN)

function run(args: string[], options: {cwd?: string; input?: string; env?: Record<string, string>} = {}) {
  const env: NodeJS.ProcessEnv = {...process.env, ...options.env}
  if (!options.env?.NO_COLOR) delete env.NO_COLOR
  if (!options.env?.FORCE_COLOR) delete env.FORCE_COLOR
  const r = spawnSync(process.execPath, [BIN, ...args], {cwd: options.cwd ?? TMP, input: options.input ?? '', encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024})
  return {status: r.status, stdout: r.stdout, stderr: r.stderr}
}

/** No stack trace, ever. */
function expectNoStack(text: string): void {
  expect(text).not.toMatch(/^\s+at /m)
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '')
}

describe('wsktrace', () => {
  it('--help lists the commands', () => {
    const r = run(['--help'])
    expect(r.status).toBe(0)
    for (const command of ['lint', 'rules', 'explain']) expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\s`, 'm'))
  })

  it('--version prints the package version', () => {
    const r = run(['--version'])
    expect(r.status).toBe(0)
    expect(r.stdout.startsWith(`wsktrace/${pkg.version} `)).toBe(true)
  })
})

describe('wsktrace lint', () => {
  it('--help documents the flags and the exit codes', () => {
    const r = run(['lint', '--help'])
    expect(r.status).toBe(0)
    for (const flag of ['--format', '--output-file', '--max-warnings', '--quiet', '--dispatch-budget', 'stylish|json', 'Exit codes']) {
      expect(r.stdout).toContain(flag)
    }
  })

  it('a clean trace exits 0 and says how much it replayed', () => {
    const r = run(['lint', 'clean.jsonl'])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^\d+ events? replayed in 1 file$/m)
    expect(r.stdout).not.toContain('\u001B[') // not a terminal: no colour
  })

  it('a missing file exits 2 with one line naming it, and no stack trace', () => {
    const r = run(['lint', 'missing.jsonl'])
    expect(r.status).toBe(2)
    const naming = lines(r.stdout + r.stderr).filter((l) => l.includes('missing.jsonl'))
    expect(naming).toEqual(['missing.jsonl: fatal: no such file or directory'])
    expectNoStack(r.stdout + r.stderr)
  })

  it('a missing file does not stop the others (json), and its error also goes to stderr', () => {
    const r = run(['lint', 'missing.jsonl', 'clean.jsonl', '--format', 'json'])
    expect(r.status).toBe(2)
    const report = JSON.parse(r.stdout) as {results: {file: string}[]; fatalErrors: {file: string; message: string}[]}
    expect(report.results.map((x) => x.file)).toEqual([clean])
    expect(report.fatalErrors).toEqual([{file: 'missing.jsonl', message: 'no such file or directory'}])
    expect(lines(r.stderr)).toEqual(['missing.jsonl: fatal: no such file or directory'])
    expectNoStack(r.stderr)
  })

  it('a glob that matches nothing is a fatal error', () => {
    const r = run(['lint', 'nothing/*.jsonl', 'clean.jsonl'])
    expect(r.status).toBe(2)
    expect(r.stdout).toContain("nothing/*.jsonl: fatal: no trace files match 'nothing/*.jsonl'")
    expect(r.stdout).toMatch(/replayed in 1 file$/m)
  })

  it('--format json prints a report valid against schemas/report.schema.json', () => {
    const targets = existsSync(join(ROOT, 'traces')) ? [clean, join(ROOT, 'traces')] : [clean]
    const r = run(['lint', ...targets, '-f', 'json'])
    expect([0, 1]).toContain(r.status)
    const report = JSON.parse(r.stdout) as {tool: {version: string}; results: unknown[]}
    expect(validateReport(report), JSON.stringify(validateReport.errors?.slice(0, 3))).toBe(true)
    expect(report.tool.version).toBe(pkg.version)
    expect(report.results.length).toBeGreaterThanOrEqual(1)
  })

  it('reads standard input for -', () => {
    const r = run(['lint', '-', '--format', 'json'], {input: CLEAN})
    expect(r.status).toBe(0)
    expect((JSON.parse(r.stdout) as {results: {file: string}[]}).results.map((x) => x.file)).toEqual(['-'])
  })

  it('--output-file writes the report there and nothing to stdout', () => {
    const out = join(TMP, 'reports', 'nested', 'report.json')
    const r = run(['lint', 'clean.jsonl', '-f', 'json', '-o', out])
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('')
    expect(validateReport(JSON.parse(readFileSync(out, 'utf8')))).toBe(true)
  })

  it('an --output-file that cannot be written exits 2 with one line', () => {
    writeFileSync(join(TMP, 'a-file'), '')
    const r = run(['lint', 'clean.jsonl', '-o', join(TMP, 'a-file', 'report.txt')])
    expect(r.status).toBe(2)
    expect(lines(r.stderr)).toHaveLength(1)
    expect(r.stderr).toMatch(/^wsktrace lint: cannot write '.*report\.txt': /)
  })

  it('NO_COLOR wins over FORCE_COLOR; FORCE_COLOR colours a pipe', () => {
    expect(run(['lint', 'clean.jsonl'], {env: {FORCE_COLOR: '1'}}).stdout).toContain('\u001B[')
    expect(run(['lint', 'clean.jsonl'], {env: {FORCE_COLOR: '1', NO_COLOR: '1'}}).stdout).not.toContain('\u001B[')
  })

  it.each([
    [['lint', 'clean.jsonl', '--no-such-flag'], /Nonexistent flag: --no-such-flag/],
    [['lint'], /Missing 1 required arg/],
    [['lint', 'clean.jsonl', '--format', 'xml'], /Expected --format=xml to be one of: stylish, json/],
    [['lint', 'clean.jsonl', '--max-warnings', 'many'], /--max-warnings/],
    [['lint', 'clean.jsonl', '--max-warnings', '-2'], /--max-warnings/],
    [['lint', 'clean.jsonl', '--dispatch-budget', '0'], /--dispatch-budget/],
  ])('usage error %j exits 2 with one line on stderr', (args, pattern) => {
    const r = run(args)
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(lines(r.stderr)).toHaveLength(1)
    expect(r.stderr).toMatch(pattern)
    expect(r.stderr).toContain('wsktrace lint --help')
    expectNoStack(r.stderr)
  })

  it('accepts --max-warnings -1, --quiet and --dispatch-budget on a clean trace', () => {
    const r = run(['lint', 'clean.jsonl', '--max-warnings', '-1', '--quiet', '--dispatch-budget', '250'])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })
})

describe('wsktrace rules', () => {
  it('lists every rule id with its severity, kind and ref', () => {
    const r = run(['rules'])
    expect(r.status).toBe(0)
    const rows = lines(r.stdout)
    expect(rows[0]).toMatch(/^ID\s+SEVERITY\s+EFFECTIVE\s+KIND\s+REF\s+TITLE$/)
    for (const rule of RULES) {
      const cells = [rule.id, rule.severity, rule.severity, rule.kind, rule.ref || '-'] // no configuration: effective = default
      expect(rows.some((row) => row.split(/\s+/).slice(0, 5).join(' ') === cells.join(' ')), rule.id).toBe(true)
    }
    expect(rows.at(-1)).toBe(`${RULES.length} ${RULES.length === 1 ? 'rule' : 'rules'}`)
  })

  it('--format json prints every rule with its metadata', () => {
    const r = run(['rules', '--format', 'json'])
    expect(r.status).toBe(0)
    const rules = JSON.parse(r.stdout) as {id: string; url: string}[]
    expect(rules.map((x) => x.id)).toEqual(RULES.map((x) => x.id))
  })

  it('an unknown flag exits 2', () => {
    const r = run(['rules', '--nope'])
    expect(r.status).toBe(2)
    expectNoStack(r.stderr)
  })
})

describe('wsktrace explain', () => {
  it('explains a rule: title, severity, quote with source and URL, both examples', () => {
    const rule = RULES[0]!
    const r = run(['explain', rule.id])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout.startsWith(`${rule.id}: ${rule.title}\n`)).toBe(true)
    expect(r.stdout).toContain(`severity: ${rule.severity}   kind: ${rule.kind}   ref: ${rule.ref || '-'}`)
    expect(r.stdout).toContain(rule.quoteSource)
    expect(r.stdout).toContain(rule.url)
    expect(r.stdout).toContain('Violating example')
    expect(r.stdout).toContain('Clean example')
  })

  it('an unknown rule exits 2 with one line', () => {
    const r = run(['explain', 'no-such-rule'])
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe("wsktrace explain: unknown rule 'no-such-rule' (run `wsktrace rules`)\n")
  })

  it('no id is a usage error', () => {
    const r = run(['explain'])
    expect(r.status).toBe(2)
    expect(lines(r.stderr)).toHaveLength(1)
  })
})
