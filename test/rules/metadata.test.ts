import {existsSync, readFileSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {RULES, RULES_BY_ID, getRule} from '../../src/rules/index.js'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(here, '../..')
/** The rulebook sits beside the repository (../shared) in CI and in the workspace; optional. */
const rulebookPath = resolve(repoRoot, '../shared/reference/wsk-contract.md')

/** [ref, id, severity, kind] in registry order: rulebook rules by ref number, then our own two. */
const EXPECTED: ReadonlyArray<readonly [string, string, string, string]> = [
  ['R07', 'close-all-sockets-before-detach', 'error', 'app'],
  ['R10', 'listen-functions-need-listen-socket', 'error', 'app'],
  ['R12', 'new-socket-callbacks-disabled', 'info', 'model'],
  ['R14', 'static-callbacks-before-any-socket', 'error', 'app'],
  ['R17', 'bind-before-accept', 'error', 'app'],
  ['R18', 'listening-starts-at-bind', 'info', 'model'],
  ['R21', 'conditional-accept-before-bind', 'error', 'app'],
  ['R28', 'inspect-only-in-conditional-mode', 'info', 'model'],
  ['R35', 'accept-event-only-if-enabled', 'info', 'model'],
  ['R41', 'completion-returns-more-processing', 'error', 'app'],
  ['R42', 'irp-reuse-needs-ioreuseirp', 'error', 'app'],
  ['R43', 'irp-not-touched-while-owned-by-wsk', 'error', 'app'],
  ['R44', 'irp-free-or-reuse-after-completion', 'warning', 'app'],
  ['R51', 'accept-success-yields-owned-socket', 'error', 'app'],
  ['R52', 'accept-failure-has-no-socket', 'error', 'app'],
  ['R54', 'accept-address-buffers-live-until-completion', 'error', 'app'],
  ['R60', 'accept-event-return-code', 'error', 'app'],
  ['R61', 'accept-event-null-socket-close-listener', 'error', 'app'],
  ['R62', 'accept-event-null-socket-return', 'warning', 'app'],
  ['R63', 'accept-event-reject-wsk-closes', 'error', 'app'],
  ['R64', 'accept-event-reject-after-use', 'error', 'app'],
  ['R65', 'accept-event-success-app-owns', 'error', 'app'],
  ['R66', 'accept-event-irql', 'error', 'app'],
  ['R67', 'accept-event-dispatch-flag', 'info', 'model'],
  ['R68', 'no-wait-inside-callbacks', 'error', 'app'],
  ['R69', 'callback-short-at-dispatch', 'warning', 'app'],
  ['R70', 'accept-event-addresses-ephemeral', 'error', 'app'],
  ['R71', 'accept-event-context-nonpaged', 'error', 'app'],
  ['R72', 'accept-event-null-outs-if-no-callbacks', 'warning', 'app'],
  ['R73', 'accept-event-dispatch-for-inherited', 'error', 'app'],
  ['R77', 'inspect-return-values', 'error', 'app'],
  ['R78', 'inspect-null-id-close-listener', 'error', 'app'],
  ['R79', 'inspect-null-id-return-reject', 'warning', 'app'],
  ['R80', 'inspect-pend-must-complete', 'error', 'app'],
  ['R81', 'inspect-id-copied-not-referenced', 'error', 'app'],
  ['R82', 'inspect-addresses-ephemeral', 'error', 'app'],
  ['R83', 'inspect-complete-only-for-pended', 'error', 'app'],
  ['R84', 'inspect-complete-action', 'error', 'app'],
  ['R87', 'inspect-complete-once', 'error', 'app'],
  ['R88', 'abort-match-by-contents', 'error', 'app'],
  ['R89', 'abort-return-success', 'error', 'app'],
  ['R90', 'no-complete-after-abort', 'warning', 'app'],
  ['R96', 'close-irp-required', 'error', 'app'],
  ['R99', 'no-calls-after-close', 'error', 'app'],
  ['R101', 'free-context-after-close-completes', 'error', 'app'],
  ['', 'invalid-record', 'error', 'model'],
  ['', 'unbalanced-activation', 'warning', 'model'],
]

const OWN_RULES = new Set(['invalid-record', 'unbalanced-activation'])
const OWN_URL = 'https://github.com/wsktrace/wsktrace/blob/main/docs/trace-format.md'

const ALLOWED_PLACEHOLDERS = new Set([
  'socket', 'listener', 'irp', 'status', 'rv', 'action', 'inspectId', 'irql', 'flags', 'line', 'where',
  'duration', 'budget', 'object', 'address', 'call', 'context', 'reason',
])

const refNumber = (ref: string): number => (ref === '' ? Number.POSITIVE_INFINITY : Number(ref.slice(1)))

describe('rule registry', () => {
  it('holds exactly the expected rules, in order, with the expected ref, severity and kind', () => {
    expect(RULES.map((r) => [r.ref, r.id, r.severity, r.kind])).toEqual(EXPECTED.map((e) => [...e]))
  })

  it('is sorted by ref number, with our own rules last', () => {
    const numbers = RULES.map((r) => refNumber(r.ref))
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers)
    expect(RULES.slice(-2).map((r) => r.id).sort()).toEqual([...OWN_RULES].sort())
  })

  it('has unique, well-formed ids and refs', () => {
    const ids = RULES.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const r of RULES) expect(r.id).toMatch(/^[a-z0-9-]+$/)
    const refs = RULES.filter((r) => r.ref !== '').map((r) => r.ref)
    expect(new Set(refs).size).toBe(refs.length)
    for (const r of RULES) {
      if (OWN_RULES.has(r.id)) expect(r.ref).toBe('')
      else expect(r.ref).toMatch(/^R\d{2,3}$/)
    }
  })

  it('indexes every rule by id', () => {
    expect(RULES_BY_ID.size).toBe(RULES.length)
    for (const r of RULES) {
      expect(RULES_BY_ID.get(r.id)).toBe(r)
      expect(getRule(r.id)).toBe(r)
    }
    expect(getRule('no-such-rule')).toBeUndefined()
  })

  it.skipIf(!existsSync(rulebookPath))('agrees with the rulebook (wsk-contract.md) on every ref and id', () => {
    const text = readFileSync(rulebookPath, 'utf8')
    const rulebook = new Map<string, string>()
    for (const m of text.matchAll(/^\*\*(R\d+) `([a-z0-9-]+)`\*\*/gm)) rulebook.set(m[1]!, m[2]!)
    for (const r of RULES) {
      if (OWN_RULES.has(r.id)) continue
      expect(rulebook.get(r.ref), r.ref).toBe(r.id)
    }
  })
})

describe.each(RULES.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
  it('has a one-line title and a description', () => {
    expect(rule.title.trim()).not.toBe('')
    expect(rule.title).not.toMatch(/\n/)
    expect(rule.title).not.toMatch(/\.$/)
    expect(rule.description.trim()).not.toBe('')
    expect(['error', 'warning', 'info']).toContain(rule.severity)
    expect(['app', 'model']).toContain(rule.kind)
  })

  it('quotes its source', () => {
    expect(rule.quote.trim()).not.toBe('')
    expect(rule.quote.length).toBeLessThanOrEqual(450)
    expect(rule.quoteSource.trim()).not.toBe('')
    if (OWN_RULES.has(id)) {
      expect(rule.url).toBe(OWN_URL)
      expect(rule.quoteSource).toBe('wsk-trace canonical format')
    } else {
      expect(rule.url).toMatch(/^https:\/\/learn\.microsoft\.com\/\S+$/)
    }
  })

  it('has a default message and only allowed placeholders', () => {
    expect(typeof rule.messages.default).toBe('string')
    for (const [messageId, template] of Object.entries(rule.messages)) {
      expect(messageId).toMatch(/^[a-z][A-Za-z]*$/)
      expect(template.trim(), messageId).not.toBe('')
      for (const m of template.matchAll(/\{([^{}]*)\}/g)) {
        expect(ALLOWED_PLACEHOLDERS.has(m[1]!), `${messageId}: {${m[1]}}`).toBe(true)
      }
      // no stray braces left over from a malformed placeholder
      expect(template.replace(/\{[A-Za-z]+\}/g, ''), messageId).not.toMatch(/[{}]/)
    }
  })

  it('points at its example traces and its documentation page', () => {
    expect(rule.examples).toEqual({
      violating: `traces/rules/${id}/violating.jsonl`,
      clean: `traces/rules/${id}/clean.jsonl`,
    })
    expect(existsSync(resolve(repoRoot, 'docs/rules', `${id}.md`))).toBe(true)
  })
})
