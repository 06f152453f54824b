import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {applyRuleLevels, leveledSeverity, lintOptionsOf} from '../../src/config/apply-config.js'
import {ConfigError} from '../../src/config/config-error.js'
import {findConfig} from '../../src/config/find-config.js'
import {checkConfig, loadConfig} from '../../src/config/load-config.js'
import type {FileResult, Finding} from '../../src/findings/finding.js'

const TMP = mkdtempSync(join(tmpdir(), 'wsktrace-config-'))
afterAll(() => rmSync(TMP, {recursive: true, force: true}))

function problems(document: unknown): string[] {
  try {
    checkConfig(document, 'wsktrace.config.json')
    return []
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return [...(error as ConfigError).lines]
  }
}

describe('checkConfig', () => {
  it('accepts every key with valid values, and an empty object', () => {
    expect(problems({})).toEqual([])
    expect(problems({rules: {'no-wait-inside-callbacks': 'warning', 'invalid-record': 'off'}, dispatchBudgetUs: 50, endOfTrace: 'never', mappings: ['m.json'], ignore: ['old/**']})).toEqual([])
  })

  it('names the JSON path of every problem, one line each', () => {
    expect(problems({rules: {'no-wait-inside-callbacks': 'warn'}, dispatchBudgetUs: -1, endOfTrace: true, ignore: 'x', colour: 1})).toEqual([
      'wsktrace.config.json: /colour: unknown property (known: rules, dispatchBudgetUs, endOfTrace, mappings, ignore)',
      'wsktrace.config.json: /rules/no-wait-inside-callbacks: must be equal to one of the allowed values (off, info, warning, error; got "warn")',
      'wsktrace.config.json: /dispatchBudgetUs: must be > 0 (got -1)',
      'wsktrace.config.json: /endOfTrace: must be equal to one of the allowed values (proof, always, never; got true)',
      'wsktrace.config.json: /ignore: must be array (got "x")',
    ])
  })

  it('an unknown rule id is an error naming it', () => {
    expect(problems({rules: {'no-such-rule': 'off'}})).toEqual(["wsktrace.config.json: /rules/no-such-rule: unknown rule 'no-such-rule' (`wsktrace rules` lists them)"])
  })

  it('a document that is not an object', () => {
    expect(problems([])).toEqual(['wsktrace.config.json: must be object (got [])'])
  })
})

describe('findConfig / loadConfig', () => {
  const root = join(TMP, 'project')
  const deep = join(root, 'a', 'b')
  mkdirSync(deep, {recursive: true})
  writeFileSync(join(root, 'wsktrace.config.json'), JSON.stringify({dispatchBudgetUs: 250, mappings: ['maps/wsk.json'], ignore: ['old/**']}))

  it('finds the nearest file upwards from the working directory', async () => {
    expect(await findConfig(deep)).toBe(join(root, 'wsktrace.config.json'))
    expect(await findConfig(TMP)).toBeUndefined()
  })

  it('fills in defaults, resolves mappings against the file\'s folder', async () => {
    const config = await loadConfig(deep)
    expect(config).toEqual({file: join(root, 'wsktrace.config.json'), base: root, rules: {}, dispatchBudgetUs: 250, endOfTrace: 'proof', mappings: [join(root, 'maps/wsk.json')], ignore: ['old/**']})
    expect(lintOptionsOf(config)).toEqual({dispatchBudgetUs: 250, endOfTrace: 'proof', mappings: [join(root, 'maps/wsk.json')]})
    expect(lintOptionsOf(config, 30).dispatchBudgetUs).toBe(30) // the command line wins
  })

  it('no file: every default', async () => {
    expect(await loadConfig(TMP)).toEqual({file: undefined, base: TMP, rules: {}, dispatchBudgetUs: 100, endOfTrace: 'proof', mappings: [], ignore: []})
  })

  it('--config names a file relative to the working directory; a missing or broken one is a ConfigError', async () => {
    writeFileSync(join(TMP, 'broken.json'), '{"rules": ')
    await expect(loadConfig(TMP, 'missing.json')).rejects.toThrow('missing.json: cannot read: no such file')
    await expect(loadConfig(TMP, 'broken.json')).rejects.toThrow(/^broken\.json: not valid JSON: /)
    expect((await loadConfig(TMP, 'project/wsktrace.config.json')).dispatchBudgetUs).toBe(250)
  })
})

describe('rule levels', () => {
  it('a level above the default raises every finding of the rule by as many steps; info and warning are ceilings', () => {
    const table: [string, string, string, string | undefined][] = [
      // [finding, rule default, level, result]
      ['error', 'error', 'error', 'error'],
      ['warning', 'error', 'error', 'warning'], // softened by weak evidence: stays softer
      ['warning', 'error', 'warning', 'warning'],
      ['error', 'error', 'warning', 'warning'],
      ['error', 'error', 'info', 'info'],
      ['warning', 'warning', 'error', 'error'],
      ['info', 'warning', 'error', 'warning'],
      ['error', 'warning', 'warning', 'warning'], // a double free under a warning rule: capped
      ['info', 'info', 'error', 'error'],
      ['error', 'error', 'off', undefined],
    ]
    for (const [severity, ruleDefault, level, expected] of table) {
      expect(leveledSeverity(severity as 'error', ruleDefault as 'error', level as 'error'), `${severity} under a ${ruleDefault} rule set to ${level}`).toBe(expected)
    }
  })

  const finding = (ruleId: string, severity: Finding['severity'], line: number): Finding => ({ruleId, severity, kind: 'app', message: 'm', event: 'e', file: 'a.jsonl', line, witness: []})
  const result: FileResult = {
    file: 'a.jsonl',
    findings: [finding('no-wait-inside-callbacks', 'error', 1), finding('no-wait-inside-callbacks', 'warning', 2), finding('invalid-record', 'error', 3)],
    events: 3,
    errorCount: 2,
    warningCount: 1,
    infoCount: 0,
  }

  it('applies to a file\'s findings and recounts', () => {
    const leveled = applyRuleLevels(result, {'no-wait-inside-callbacks': 'warning', 'invalid-record': 'off'})
    expect(leveled.findings.map((f) => [f.line, f.severity])).toEqual([[1, 'warning'], [2, 'warning']])
    expect([leveled.errorCount, leveled.warningCount, leveled.infoCount]).toEqual([0, 2, 0])
    expect(result.findings[0]!.severity).toBe('error') // the input is not changed
  })

  it('returns the same result when nothing changes', () => {
    expect(applyRuleLevels(result, {'no-wait-inside-callbacks': 'error'})).toBe(result)
  })
})
