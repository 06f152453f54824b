/**
 * Every rule lint implements can be planted: a session with that rule injected gives exactly that
 * finding (rule, line, object) and nothing else, and the planted event took a violating row of
 * that rule in the tables.
 */
import {spawnSync} from 'node:child_process'
import {readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {lintFile} from '../../src/lint/lint-file.js'
import {DEFAULT_LINT_OPTIONS} from '../../src/lint/lint-options.js'
import {MACHINES} from '../../src/model/machines/index.js'
import {RULES} from '../../src/rules/index.js'
import {PLANS} from '../../src/synth/inject/plans.js'
import type {InjectionReport} from '../../src/synth/synthesize.js'
import {BIN, DEEP, arbMix, runs, synthFile, tempDir} from './helpers.js'

const dir = tempDir('wsktrace-synth-inject-')
const key = (rule: string, line: number, object: string | null | undefined) => `${rule} line ${line} on ${object ?? '-'}`

/** The findings the injections say lint will make: each planted one and its declared consequences. */
function expected(injections: InjectionReport[]): string[] {
  return injections.flatMap((i) => [key(i.inject, i.line, i.object), ...(i.also ?? []).map((a) => key(a.rule, a.line, a.object))]).sort()
}

/** The (machine, state, event) of every violating row of `rule`. */
function violatingRows(rule: string): Set<string> {
  const rows = new Set<string>()
  for (const m of MACHINES) {
    for (const t of m.def.transitions) {
      if (t.violates?.rule !== rule) continue
      for (const s of t.from === '*' ? m.stateNames : t.from) rows.add(`${m.def.name} ${s} ${t.on}`)
    }
  }
  return rows
}

async function check(rule: string, seed: number, extra: {connections?: number; threads?: number; live?: number; mix?: {event: number; irp: number; conditional: number}} = {}): Promise<void> {
  const file = join(dir, `${rule}-${seed}.jsonl`)
  const result = await synthFile(file, {seed, connections: 25, inject: [rule], ...extra})
  const r = await lintFile(file, DEFAULT_LINT_OPTIONS)
  expect(r.fatal).toBeUndefined()
  expect(result.injections).toHaveLength(1)
  const inj = result.injections[0]!
  expect(inj.inject).toBe(rule)
  // Exactly the planted finding (the same rule, at the reported line, about the reported object), and the consequences it declares.
  expect(r.findings.map((f) => key(f.ruleId, f.line, f.object?.id)).sort()).toEqual(expected(result.injections))
  if (inj.machine !== undefined) expect(violatingRows(rule)).toContain(`${inj.machine} ${inj.state} ${inj.event}`)
  rmSync(file)
}

describe('synth --inject: every rule, planted and found', () => {
  it('has a plan for every rule of RULES, and only for them', () => {
    expect(PLANS.map((p) => p.rule).sort()).toEqual(RULES.map((r) => r.id).sort())
  })

  for (const plan of PLANS) {
    it(`${plan.rule}: found at the injected line and object, nothing else`, async () => {
      // Fixed seeds cover the variants; the default mix and each single-mode mix.
      for (const seed of DEEP ? Array.from({length: 40}, (_, i) => i + 1) : [1, 2, 3, 4]) {
        await check(plan.rule, seed, {mix: [{event: 60, irp: 30, conditional: 10}, {event: 1, irp: 0, conditional: 0}, {event: 0, irp: 1, conditional: 0}, {event: 0, irp: 0, conditional: 1}][seed % 4]})
      }
    }, DEEP ? 600_000 : 30_000)
  }

  it('random rules, seeds, mixes and shapes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PLANS.map((p) => p.rule)), fc.nat(), arbMix, fc.integer({min: 1, max: 60}), fc.integer({min: 1, max: 5}), fc.integer({min: 1, max: 40}),
        async (rule, seed, mix, connections, threads, live) => check(rule, seed, {mix, connections, threads, live}),
      ),
      {numRuns: runs(15, 1000)},
    )
  }, DEEP ? 3_600_000 : 60_000)

  it('several rules in one session: each found where reported, nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.constantFrom(...PLANS.map((p) => p.rule)), {minLength: 2, maxLength: 5}), fc.nat(), async (rules, seed) => {
        const file = join(dir, `multi-${seed}.jsonl`)
        const result = await synthFile(file, {seed, connections: 40, inject: rules})
        const r = await lintFile(file, DEFAULT_LINT_OPTIONS)
        expect(r.findings.map((f) => key(f.ruleId, f.line, f.object?.id)).sort()).toEqual(expected(result.injections))
        expect(result.injections.map((i) => i.inject).sort()).toEqual([...rules].sort())
        rmSync(file)
      }),
      {numRuns: runs(8, 300)},
    )
  }, DEEP ? 3_600_000 : 60_000)

  it('in the ETW export formats too: the reported line is the line lint reports', async () => {
    for (const format of ['dumper', 'tracerpt-xml'] as const) {
      const file = join(dir, `etw.${format}`)
      const rules = ['accept-event-reject-wsk-closes', 'irp-reuse-needs-ioreuseirp', 'inspect-complete-once', 'invalid-record']
      const result = await synthFile(file, {seed: 5, connections: 30, inject: rules}, format)
      const r = await lintFile(file, DEFAULT_LINT_OPTIONS)
      expect(r.findings.map((f) => key(f.ruleId, f.line, f.object?.id)).sort()).toEqual(expected(result.injections))
    }
  })
})

describe('synth --inject: the CLI', () => {
  const run = (args: string[]) => spawnSync(process.execPath, [BIN, 'synth', ...args], {cwd: dir, encoding: 'utf8'})

  it('says on stderr, one JSON line per injection, where lint will report it', () => {
    const r = run(['--connections', '30', '--seed', '4', '--inject', 'accept-event-reject-wsk-closes,no-calls-after-close', '-o', 'two.jsonl'])
    expect(r.status).toBe(0)
    const lines = r.stderr.trimEnd().split('\n').map((l) => JSON.parse(l) as InjectionReport)
    expect(lines.map((l) => l.inject).sort()).toEqual(['accept-event-reject-wsk-closes', 'no-calls-after-close'])
    for (const l of lines) {
      expect(Object.keys(l).slice(0, 3)).toEqual(['inject', 'line', 'object'])
      expect(l.object).toMatch(/^0xffff[0-9a-f]{12}$/)
    }
    const lint = spawnSync(process.execPath, [BIN, 'lint', 'two.jsonl', '--format', 'json'], {cwd: dir, encoding: 'utf8'})
    expect(lint.status).toBe(1)
    const found = (JSON.parse(lint.stdout) as {results: {findings: {ruleId: string; line: number; object?: {id: string}}[]}[]}).results[0]!.findings
    expect(found.map((f) => key(f.ruleId, f.line, f.object?.id)).sort()).toEqual(lines.map((l) => key(l.inject, l.line, l.object)).sort())
  })

  it('--inject-report writes them as JSON instead', () => {
    const r = run(['--connections', '10', '--inject', 'callback-short-at-dispatch', '--inject-report', 'report/injections.json', '-o', 'one.jsonl'])
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('')
    const report = JSON.parse(readFileSync(join(dir, 'report', 'injections.json'), 'utf8')) as InjectionReport[]
    expect(report).toHaveLength(1)
    expect(report[0]).toMatchObject({inject: 'callback-short-at-dispatch', machine: 'activation', event: 'elapsed'})
  })

  it('refuses an unknown rule, mode or format with one line and exit 2', () => {
    for (const [args, message] of [
      [['--inject', 'no-such-rule'], "wsktrace synth: --inject: unknown rule 'no-such-rule' (see wsktrace rules)\n"],
      [['--mix', 'event:1,udp:2'], "wsktrace synth: --mix: unknown accept mode 'udp' (one of: event, irp, conditional)\n"],
      [['--mix', 'event:0'], 'wsktrace synth: --mix: at least one mode needs a positive weight (e.g. event:60,irp:30,conditional:10)\n'],
    ] as const) {
      const r = run([...args])
      expect(r.stdout).toBe('')
      expect(r.stderr).toBe(message)
      expect(r.status).toBe(2)
    }
    const r = run(['--format', 'csv'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^wsktrace synth: Expected --format=csv to be one of: jsonl, dumper, tracerpt-xml/)
  })
})
