import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {expandPaths, globPatternFor, isTraceFileName, lintPaths} from '../../src/lint/lint-paths.js'

let dir: string
const TRACE = '{"format":"wsk-trace","version":1}\n{"ts":1,"tid":1,"event":"WskRegister","status":"STATUS_SUCCESS"}\n'

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wsktrace-paths-'))
  for (const f of [
    'traces/a.jsonl',
    'traces/b.ndjson',
    'traces/c.jsonl.gz',
    'traces/d.NDJSON.gz',
    'traces/notes.md',
    'traces/export.csv',
    'traces/sub/deep/e.jsonl',
    'traces/node_modules/pkg/x.jsonl',
    'traces/.cache/y.jsonl',
    'empty/readme.txt',
    'top.jsonl',
  ]) {
    mkdirSync(join(dir, f, '..'), {recursive: true})
    writeFileSync(join(dir, f), TRACE)
  }
  symlinkSync(join(dir, 'traces'), join(dir, 'traces/sub/loop'), 'dir') // a cycle
  symlinkSync(join(dir, 'top.jsonl'), join(dir, 'traces/link.jsonl'), 'file')
  symlinkSync(join(dir, 'nowhere.jsonl'), join(dir, 'traces/dangling.jsonl'), 'file')
})

afterAll(() => rmSync(dir, {recursive: true, force: true}))

const abs = (...fs: string[]) => fs.map((f) => join(dir, f))

describe('expandPaths', () => {
  it('walks folders for trace files, skipping node_modules and dot-folders, following symlinks without looping', async () => {
    const {files, errors} = await expandPaths(['traces'], dir)
    expect(errors).toEqual([])
    expect(files).toEqual(
      abs('traces/a.jsonl', 'traces/b.ndjson', 'traces/c.jsonl.gz', 'traces/d.NDJSON.gz', 'traces/link.jsonl', 'traces/sub/deep/e.jsonl'),
    )
  })

  it('lists a file reached through several paths once, by its first path', async () => {
    expect((await expandPaths(['traces', 'top.jsonl', 'traces/sub'], dir)).files).toEqual(
      abs('top.jsonl', 'traces/a.jsonl', 'traces/b.ndjson', 'traces/c.jsonl.gz', 'traces/d.NDJSON.gz', 'traces/sub/deep/e.jsonl'),
    )
  })

  it('takes an explicit file whatever its name, and sorts and de-duplicates', async () => {
    const {files, errors} = await expandPaths(['traces/export.csv', './top.jsonl', 'top.jsonl', join(dir, 'traces/a.jsonl'), 'traces'], dir)
    expect(errors).toEqual([])
    expect(files).toEqual(
      abs('top.jsonl', 'traces/a.jsonl', 'traces/b.ndjson', 'traces/c.jsonl.gz', 'traces/d.NDJSON.gz', 'traces/export.csv', 'traces/sub/deep/e.jsonl'),
    )
  })

  it('expands globs; a bare wildcard keeps trace files only, a named extension keeps what it names', async () => {
    expect((await expandPaths(['traces/**'], dir)).files).toEqual((await expandPaths(['traces'], dir)).files)
    expect((await expandPaths(['**/*.jsonl'], dir)).files).toEqual(abs('top.jsonl', 'traces/a.jsonl', 'traces/sub/deep/e.jsonl'))
    expect((await expandPaths(['traces/*.csv'], dir)).files).toEqual(abs('traces/export.csv'))
  })

  it('keeps - for stdin, once', async () => {
    expect(await expandPaths(['-', 'top.jsonl', '-'], dir)).toEqual({files: ['-', ...abs('top.jsonl')], errors: []})
  })

  it('reports each pattern that yields nothing, and still expands the others', async () => {
    const {files, errors} = await expandPaths(['missing.jsonl', 'nothing/*.jsonl', 'empty', 'top.jsonl'], dir)
    expect(files).toEqual(abs('top.jsonl'))
    expect(errors).toEqual([
      {file: 'missing.jsonl', message: 'no such file or directory'},
      {file: 'nothing/*.jsonl', message: "no trace files match 'nothing/*.jsonl'"},
      {file: 'empty', message: "no trace files match 'empty'"},
    ])
  })

  it('knows the trace file names', () => {
    expect(['a.jsonl', 'a.ndjson', 'a.jsonl.gz', 'A.NDJSON.GZ'].every(isTraceFileName)).toBe(true)
    expect(['a.json', 'a.gz', 'a.csv', 'jsonl'].some(isTraceFileName)).toBe(false)
  })
})

describe('lintPaths', () => {
  it('lints every file and reports unmatched patterns as fatal errors without stopping', async () => {
    const report = await lintPaths(['top.jsonl', 'missing.jsonl', 'traces/a.jsonl'], {cwd: dir})
    expect(report.results.map((r) => r.file)).toEqual(abs('top.jsonl', 'traces/a.jsonl'))
    expect(report.fatalErrors[0]).toEqual({file: 'missing.jsonl', message: 'no such file or directory'})
    const sum = (k: 'errorCount' | 'warningCount' | 'infoCount') => report.results.reduce((n, r) => n + r[k], 0)
    expect([report.errorCount, report.warningCount, report.infoCount]).toEqual([sum('errorCount'), sum('warningCount'), sum('infoCount')])
  })
})

describe('globs typed on Windows', () => {
  it('read backslashes as separators on win32 only', () => {
    expect(globPatternFor('captures\\*.jsonl', 'win32')).toBe('captures/*.jsonl')
    expect(globPatternFor('traces\\rules\\**\\violating*.jsonl', 'win32')).toBe('traces/rules/**/violating*.jsonl')
    expect(globPatternFor('captures\\*.jsonl', 'linux')).toBe('captures\\*.jsonl') // an escaped `*` elsewhere
  })
})
