import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {Ajv} from 'ajv'
import {describe, expect, it} from 'vitest'
import {FORMATTER_NAMES, FORMATTERS, getFormatter} from '../../src/formatters/index.js'
import {formatJson} from '../../src/formatters/json.js'
import {CWD, cleanReport, sampleReport} from './fixtures.js'

const ROOT = join(import.meta.dirname, '..', '..')
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {version: string}
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/report.schema.json'), 'utf8')) as object
const validate = new Ajv({allErrors: true}).compile(schema)

describe('json formatter', () => {
  it('wraps the report with the format version and the tool', () => {
    const text = formatJson(sampleReport(), {color: false, cwd: CWD})
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.split('\n')[1]).toBe('  "version": 1,') // pretty, 2 spaces
    const doc = JSON.parse(text) as Record<string, unknown>
    expect(Object.keys(doc)).toEqual(['version', 'tool', 'results', 'errorCount', 'warningCount', 'infoCount', 'fatalErrors'])
    expect(doc.tool).toEqual({name: 'wsktrace', version: pkg.version})
    const report = sampleReport()
    expect(doc.results).toEqual(report.results)
    expect(doc.fatalErrors).toEqual(report.fatalErrors)
    expect([doc.errorCount, doc.warningCount, doc.infoCount]).toEqual([1, 1, 1])
  })

  it('validates against schemas/report.schema.json', () => {
    for (const report of [sampleReport(), cleanReport()]) {
      const doc = JSON.parse(formatJson(report, {color: false, cwd: CWD})) as unknown
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true)
    }
  })

  it('the schema rejects a finding without ruleId, or with an unknown severity or kind', () => {
    const doc = JSON.parse(formatJson(sampleReport(), {color: false, cwd: CWD})) as {results: {findings: Record<string, unknown>[]}[]}
    const finding = doc.results[1]!.findings[0]!
    for (const [key, value] of [['ruleId', undefined], ['severity', 'fatal'], ['kind', 'driver'], ['witness', 'none'], ['line', undefined]] as const) {
      const saved = finding[key]
      if (value === undefined) delete finding[key]
      else finding[key] = value
      expect(validate(doc), `${key} = ${String(value)}`).toBe(false)
      finding[key] = saved
    }
    expect(validate(doc)).toBe(true)
  })
})

describe('formatter registry', () => {
  it('has stylish (the default) and json, and nothing for unknown names', () => {
    expect(FORMATTER_NAMES).toEqual(expect.arrayContaining(['stylish', 'json']))
    expect(getFormatter('json')).toBe(FORMATTERS.json)
    expect(getFormatter('sarif-not-yet')).toBeUndefined()
    expect(getFormatter('toString')).toBeUndefined()
  })
})
