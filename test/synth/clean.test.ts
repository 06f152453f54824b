/**
 * A clean synthetic session is a walk through the allowed transitions of the tables lint runs:
 * lint must find nothing in it, whatever the seed, the accept mix, the size or the threads.
 */
import {spawnSync} from 'node:child_process'
import {rmSync} from 'node:fs'
import {join} from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {lintFile} from '../../src/lint/lint-file.js'
import {DEFAULT_LINT_OPTIONS} from '../../src/lint/lint-options.js'
import {BIN, DEEP, arbSession, runs, synthFile, tempDir} from './helpers.js'

const dir = tempDir('wsktrace-synth-clean-')
const problems = (r: Awaited<ReturnType<typeof lintFile>>) => r.findings.map((f) => `${f.ruleId} line ${f.line}: ${f.message}`)

describe('synth: clean sessions', () => {
  it('lint finds nothing in random sessions (seeds, mixes, sizes, threads, live connections)', async () => {
    let n = 0
    await fc.assert(
      fc.asyncProperty(arbSession, async (o) => {
        const file = join(dir, `clean-${n++}.jsonl`)
        const result = await synthFile(file, o)
        const r = await lintFile(file, DEFAULT_LINT_OPTIONS)
        expect(r.fatal).toBeUndefined()
        expect(problems(r)).toEqual([])
        expect(r.events).toBe(result.records)
        expect(result.injections).toEqual([])
        rmSync(file)
      }),
      {numRuns: runs(20, 500)},
    )
  }, DEEP ? 3_600_000 : 60_000)

  for (const format of ['dumper', 'tracerpt-xml'] as const) {
    it(`lint finds nothing in the same sessions exported as ${format}`, async () => {
      for (const seed of DEEP ? [1, 2, 3, 4, 5, 6, 7, 8] : [11]) {
        const file = join(dir, `clean-${seed}.${format === 'dumper' ? 'txt' : 'xml'}`)
        const result = await synthFile(file, {seed, connections: 40}, format)
        const r = await lintFile(file, DEFAULT_LINT_OPTIONS)
        expect(r.fatal).toBeUndefined()
        expect(problems(r)).toEqual([])
        expect(r.events).toBe(result.records)
      }
    })
  }

  it('the CLI: wsktrace synth -o file, then wsktrace lint file: no problem, exit 0', () => {
    const file = join(dir, 'cli.jsonl')
    const synth = spawnSync(process.execPath, [BIN, 'synth', '--connections', '60', '--seed', '9', '--mix', 'event:2,irp:1,conditional:1', '-o', file], {encoding: 'utf8'})
    expect(synth.stderr).toBe('')
    expect(synth.status).toBe(0)
    const lint = spawnSync(process.execPath, [BIN, 'lint', file], {encoding: 'utf8'})
    expect(lint.status).toBe(0)
    expect(lint.stdout).toMatch(/^\d+ events replayed in 1 file\n$/)
  })
})
