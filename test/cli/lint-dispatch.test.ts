import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it, vi} from 'vitest'
import type {FileResult} from '../../src/findings/finding.js'
import type {LintOptions} from '../../src/lint/lint-options.js'

const seen: {file: string; options: LintOptions}[] = []

vi.mock('../../src/lint/lint-file.js', () => ({
  lintFile: async (file: string, options: LintOptions): Promise<FileResult> => {
    seen.push({file, options})
    if (file.endsWith('boom.jsonl')) throw new Error('kaboom')
    return {file, findings: [], events: 2, errorCount: 1, warningCount: 2, infoCount: 3}
  },
}))

const {lintPaths} = await import('../../src/lint/lint-paths.js')

const dir = mkdtempSync(join(tmpdir(), 'wsktrace-dispatch-'))
for (const f of ['a.jsonl', 'boom.jsonl', 'c.jsonl']) writeFileSync(join(dir, f), '')
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('lintPaths dispatch', () => {
  it('lints files in path order, sequentially, with the options; a file that throws does not stop the others', async () => {
    const report = await lintPaths(['.'], {cwd: dir, dispatchBudgetUs: 250})
    expect(seen.map((s) => s.file)).toEqual([join(dir, 'a.jsonl'), join(dir, 'boom.jsonl'), join(dir, 'c.jsonl')])
    expect(seen.every((s) => s.options.dispatchBudgetUs === 250)).toBe(true)
    expect(report.results).toHaveLength(3)
    expect(report.results[1]!.fatal).toEqual({file: join(dir, 'boom.jsonl'), message: 'internal error: kaboom'})
    expect(report.fatalErrors).toEqual([report.results[1]!.fatal])
    expect([report.errorCount, report.warningCount, report.infoCount]).toEqual([2, 4, 6])
  })

  it('fills in default options', async () => {
    seen.length = 0
    await lintPaths([join(dir, 'a.jsonl')])
    expect(seen[0]!.options.dispatchBudgetUs).toBe(100)
  })
})
