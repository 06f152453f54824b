import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {RULES} from '../../src/rules/index.js'

const ROOT = join(import.meta.dirname, '..', '..')
const run = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), ...args], {cwd: ROOT, encoding: 'utf8'})

interface Cov {files: number; machines: {machine: string; allowedRows: number; allowedRowsHit: number; detail: {on: string; violates?: string; hits: number}[]}[]}

describe('wsktrace coverage', () => {
  it('every rule decided by a table is exercised by its own violating trace', () => {
    const r = run(['coverage', 'traces/rules/*/violating*.jsonl', '--format', 'json'])
    expect(r.status).toBe(0)
    const cov = JSON.parse(r.stdout) as Cov
    expect(cov.files).toBeGreaterThanOrEqual(RULES.length)
    const hitRules = new Set(cov.machines.flatMap((m) => m.detail.filter((d) => d.violates && d.hits > 0).map((d) => d.violates!)))
    const decided = new Set(cov.machines.flatMap((m) => m.detail.filter((d) => d.violates).map((d) => d.violates!)))
    expect([...decided].filter((rule) => !hitRules.has(rule))).toEqual([])
  })

  it('clean sessions exercise allowed transitions only, and --dot writes weighted graphs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsktrace-cov-'))
    const r = run(['coverage', 'traces/sessions', '--format', 'json', '--dot', dir])
    const cov = JSON.parse(r.stdout) as Cov
    expect(cov.machines.flatMap((m) => m.detail.filter((d) => d.violates && d.hits > 0))).toEqual([])
    // The conditional-accept session walks every answer, the pend, both completions and an abort.
    const inspection = cov.machines.find((m) => m.machine === 'inspection')!
    const walked = (on: string) => inspection.detail.some((d) => d.on === on && !d.violates && d.hits > 0)
    for (const on of ['answerAccept', 'answerReject', 'answerPend', 'completeAccept', 'completeReject', 'abort']) expect(walked(on), on).toBe(true)
    const dot = readFileSync(join(dir, 'inspection.dot'), 'utf8')
    expect(dot).toMatch(/^digraph "inspection" \{/)
    expect(dot).toMatch(/"Pending" -> "Aborted" \[label="abort \(\d+\)", color=darkgreen/)
  })

  it('lists the rows no trace exercised', () => {
    const r = run(['coverage', 'traces/sessions/event-accept.jsonl', '--unused'])
    expect(r.stdout).toMatch(/never: Pending\|Establishing --abort → Aborted/)
    expect(r.stdout).toMatch(/allowed transitions exercised: \d+\/\d+/)
  })
})
