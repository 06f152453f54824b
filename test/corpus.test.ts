/**
 * The trace corpus is the specification: every rule has a minimal violating trace and a clean
 * twin under traces/rules/<rule>/, the end-of-trace policy has its cases under traces/policy/,
 * and traces/sessions/ holds realistic clean sessions. The CLI runs on all of them, as a user
 * would, and every finding (rule, severity, line) must be exactly the expected one.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'
import {RULES} from '../src/rules/index.js'

const ROOT = join(import.meta.dirname, '..')
const TRACES = join(ROOT, 'traces')

interface Expected {ruleId: string; severity: string; line: number}
interface JsonFinding extends Expected {message: string; witness: unknown[]}
interface JsonReport {results: {file: string; findings: JsonFinding[]; fatal?: unknown}[]; errorCount: number}

function lint(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), 'lint', ...args, '--format', 'json'], {cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
  return {status: r.status, stderr: r.stderr, report: JSON.parse(r.stdout) as JsonReport}
}

/** Every case: {file relative to traces/, expected findings}. */
function cases(): {file: string; expected: Expected[]}[] {
  const out: {file: string; expected: Expected[]}[] = []
  for (const group of ['rules', 'policy']) {
    for (const dir of readdirSync(join(TRACES, group)).sort()) {
      const exp = JSON.parse(readFileSync(join(TRACES, group, dir, 'expected.json'), 'utf8')) as Record<string, Expected[]>
      for (const [name, expected] of Object.entries(exp)) out.push({file: `${group}/${dir}/${name}.jsonl`, expected})
    }
  }
  for (const f of readdirSync(join(TRACES, 'sessions')).filter((f) => f.endsWith('.jsonl')).sort()) out.push({file: `sessions/${f}`, expected: []})
  return out
}

const key = (f: Expected) => `${f.ruleId} ${f.severity} line ${f.line}`

describe('trace corpus through the CLI', () => {
  const all = cases()
  const run = lint(['traces/'])
  const byFile = new Map(run.report.results.map((r) => [relative(TRACES, r.file).split('\\').join('/'), r]))

  it('lints every trace file of the corpus, and only those', () => {
    expect([...byFile.keys()].sort()).toEqual(all.map((c) => c.file).sort())
    expect(run.status).toBe(1)
  })

  for (const c of all) {
    it(`${c.file}: ${c.expected.length === 0 ? 'no finding' : c.expected.map(key).join(', ')}`, () => {
      const r = byFile.get(c.file)
      expect(r, `no result for ${c.file}`).toBeDefined()
      expect(r!.fatal).toBeUndefined()
      expect(r!.findings.map(key).sort()).toEqual(c.expected.map(key).sort())
      // A line that is not a record has no object and so no witness; every other finding has one.
      for (const f of r!.findings) if (f.ruleId !== 'invalid-record') expect(f.witness.length, `${f.ruleId} has a witness`).toBeGreaterThan(0)
    })
  }

  it('every rule has a violating trace and a clean twin that are tested', () => {
    const covered = new Set(all.filter((c) => c.file.startsWith('rules/')).map((c) => c.file.split('/')[1]))
    for (const rule of RULES) {
      expect(covered.has(rule.id), `traces/rules/${rule.id}/`).toBe(true)
      expect(existsSync(join(ROOT, rule.examples.violating)), rule.examples.violating).toBe(true)
      expect(existsSync(join(ROOT, rule.examples.clean)), rule.examples.clean).toBe(true)
      const exp = all.find((c) => c.file === `rules/${rule.id}/violating.jsonl`)!
      expect(exp.expected.map((e) => e.ruleId), `${rule.id}'s violating trace reports it`).toContain(rule.id)
    }
  })

  it('the clean traces alone exit 0 with no finding', () => {
    const clean = all.filter((c) => c.expected.length === 0).map((c) => join('traces', c.file))
    const r = lint(clean)
    expect(r.status).toBe(0)
    expect(r.report.results.flatMap((x) => x.findings)).toEqual([])
  })
})
