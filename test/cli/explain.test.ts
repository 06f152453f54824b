import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {formatExplanation} from '../../src/commands/explain.js'
import type {RuleMeta} from '../../src/rules/rule-meta.js'

const root = mkdtempSync(join(tmpdir(), 'wsktrace-explain-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))

const rule: RuleMeta = {
  id: 'demo-rule',
  ref: 'R99',
  severity: 'warning',
  kind: 'app',
  title: 'Do the right thing',
  description: 'What it checks.\n\nHow to fix it.',
  messages: {},
  quote: 'First line.\nSecond line.',
  quoteSource: 'Some page (wsk.h)',
  url: 'https://learn.microsoft.com/example',
  examples: {violating: 'ex/violating.jsonl', clean: 'ex/clean.jsonl'},
}

describe('explain', () => {
  it('prints the rule, the quote and the example traces; a missing example is one line', async () => {
    mkdirSync(join(root, 'ex'))
    writeFileSync(join(root, 'ex/violating.jsonl'), '{"a":1}\n{"b":2}\n')
    expect(await formatExplanation(rule, root)).toBe(
      [
        'demo-rule: Do the right thing',
        '',
        'severity: warning   kind: app   ref: R99',
        '',
        'What it checks.',
        '',
        'How to fix it.',
        '',
        'Microsoft documentation, "Some page (wsk.h)":',
        '  > First line.',
        '  > Second line.',
        '  https://learn.microsoft.com/example',
        '',
        'Violating example (ex/violating.jsonl):',
        '  {"a":1}',
        '  {"b":2}',
        '',
        'Clean example: ex/clean.jsonl is missing',
        '',
      ].join('\n'),
    )
  })
})
