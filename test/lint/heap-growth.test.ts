/**
 * The heap growth rule (src/lint/heap-growth.ts): the growth asked of V8 for a live set, and the
 * process retuning it after each full collection, or holding it once workers lint.
 */
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {growingPercent, HEAP_GROWING_PERCENT, MAX_GROWING_PERCENT, OLD_GENERATION_FLOOR} from '../../src/lint/heap-growth.js'

const ROOT = join(import.meta.dirname, '../..')
const MB = 2 ** 20

describe('heap growth', () => {
  it('takes a small old generation to the floor and a large one to twice its size', () => {
    expect(OLD_GENERATION_FLOOR).toBe(24 * MB)
    expect(growingPercent(8 * MB)).toBe(200) // 8 MB → 24 MB
    expect(growingPercent(10 * MB)).toBe(140) // 10 MB → 24 MB (rounded up)
    expect(growingPercent(12 * MB)).toBe(HEAP_GROWING_PERCENT) // doubling reaches the floor
    expect(growingPercent(40 * MB)).toBe(HEAP_GROWING_PERCENT)
    expect(growingPercent(2 * MB)).toBe(MAX_GROWING_PERCENT) // capped
    expect(growingPercent(0)).toBe(MAX_GROWING_PERCENT)
  })

  it('is set again after every full collection, and held at 100% once workers lint', () => {
    // In a process of its own (V8 flags are process-wide), on the compiled module the CLI runs.
    const script = `
      const m = await import(${JSON.stringify(join(ROOT, 'dist/lint/heap-growth.js'))})
      const settle = () => new Promise((r) => setTimeout(r, 50))
      const out = []
      m.limitHeapGrowth()
      gc(); await settle()
      out.push(m.appliedGrowingPercent()) // small heap: past 100%
      let keep = Array.from({length: 300_000}, (_, i) => ({i, s: 'x' + i, a: [i, i + 1]}))
      gc(); gc(); await settle()
      out.push(m.appliedGrowingPercent()) // ~30 MB alive: doubling reaches the floor
      keep = undefined
      gc(); await settle()
      out.push(m.appliedGrowingPercent()) // small again
      m.holdHeapGrowth()
      m.limitHeapGrowth() // a later start (a library caller) does not lift it
      gc(); await settle()
      out.push(m.appliedGrowingPercent()) // held
      console.log(JSON.stringify(out))
    `
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {encoding: 'utf8'})
    expect(r.stderr).toBe('')
    const [small, large, smallAgain, held] = JSON.parse(r.stdout) as number[]
    expect(small).toBeGreaterThan(HEAP_GROWING_PERCENT)
    expect(large).toBe(HEAP_GROWING_PERCENT)
    expect(smallAgain).toBeGreaterThan(HEAP_GROWING_PERCENT)
    expect(held).toBe(HEAP_GROWING_PERCENT)
  })
})
