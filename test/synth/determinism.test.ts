/** The same options give the same bytes: no clock, no Math.random, no hash-order iteration in the generator. */
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {PLANS} from '../../src/synth/inject/plans.js'
import {BIN, arbSession, runs, synthText, tempDir} from './helpers.js'

const dir = tempDir('wsktrace-synth-det-')

describe('synth: determinism', () => {
  it('same seed and options, same bytes; another seed, other bytes', async () => {
    await fc.assert(
      fc.asyncProperty(arbSession, fc.boolean(), async (o, inject) => {
        const opts = {...o, inject: inject ? [PLANS[(o.seed ?? 0) % PLANS.length]!.rule] : []}
        const a = await synthText(opts)
        const b = await synthText(opts)
        expect(b.text).toBe(a.text)
        expect(b.result).toEqual(a.result)
        const c = await synthText({...opts, seed: (o.seed ?? 0) + 1})
        expect(c.text).not.toBe(a.text)
      }),
      {numRuns: runs(10, 200)},
    )
  })

  it('in every format', async () => {
    for (const format of ['jsonl', 'dumper', 'tracerpt-xml'] as const) {
      const a = await synthText({seed: 3, connections: 20}, format)
      const b = await synthText({seed: 3, connections: 20}, format)
      expect(b.text).toBe(a.text)
    }
  })

  it('the CLI, run twice, writes the same file', () => {
    const args = ['synth', '--connections', '50', '--seed', '12345', '--threads', '3', '--mix', 'event:3,irp:1,conditional:1', '--inject', 'inspect-complete-once']
    for (const name of ['a.jsonl', 'b.jsonl']) {
      const r = spawnSync(process.execPath, [BIN, ...args, '-o', name, '--inject-report', `${name}.json`], {cwd: dir, encoding: 'utf8'})
      expect(r.status).toBe(0)
    }
    expect(readFileSync(join(dir, 'b.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'a.jsonl'), 'utf8'))
    expect(readFileSync(join(dir, 'b.jsonl.json'), 'utf8')).toBe(readFileSync(join(dir, 'a.jsonl.json'), 'utf8'))
  })
})
