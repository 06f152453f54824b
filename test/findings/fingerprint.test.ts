/**
 * findingFingerprint: the same bug captured again (lines shifted, other pointers, other times and
 * threads) keeps its fingerprint; another bug gets another one.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import type {Finding} from '../../src/findings/finding.js'
import {findingFingerprint, roleKind} from '../../src/findings/fingerprint.js'
import type {SarifLog} from '../../src/formatters/sarif-log.js'
import {ROOT, runCli, stdoutJson} from '../formatters/cli-run.js'

const TMP = mkdtempSync(join(tmpdir(), 'wsktrace-fingerprint-'))
afterAll(() => rmSync(TMP, {recursive: true, force: true}))

const KNOWN = join(ROOT, 'traces/rules/accept-event-reject-wsk-closes/violating.jsonl')

/**
 * The same session captured again: blank lines here and there (every line number moves), every
 * pointer different, times shifted and the threads renumbered.
 */
function recapture(text: string): string {
  const lines = text.split('\n')
  const out: string[] = []
  lines.forEach((line, i) => {
    out.push(
      line
        .replaceAll('0xffffa001', '0xffffc7d2')
        .replace(/"ts":(\d+)/, (_, ts: string) => `"ts":${Number(ts) + 5000}`)
        .replace(/"tid":(\d+)/, (_, tid: string) => `"tid":${Number(tid) + 100}`),
    )
    if (i === 0 || i === 3) out.push('', '')
  })
  return out.join('\n')
}

function findingsOf(...files: string[]): Finding[] {
  const r = runCli(['lint', ...files, '--format', 'json'])
  return stdoutJson<{results: {findings: Finding[]}[]}>(r).results.flatMap((result) => result.findings)
}

function sarifFingerprints(file: string): string[] {
  const r = runCli(['lint', file, '--format', 'sarif'])
  return stdoutJson<SarifLog>(r).runs[0]!.results.map((result) => result.partialFingerprints['wsktrace/v1']!)
}

describe('findingFingerprint', () => {
  it('is 32 lower-case hex digits', () => {
    const [f] = findingsOf(KNOWN)
    expect(findingFingerprint(f!)).toMatch(/^[0-9a-f]{32}$/)
  })

  it('stays the same for a re-captured trace: other line numbers, pointers, times and threads', () => {
    const copy = join(TMP, 'recaptured.jsonl')
    writeFileSync(copy, recapture(readFileSync(KNOWN, 'utf8')))
    const [original] = findingsOf(KNOWN)
    const again = findingsOf(copy)
    expect(again).toHaveLength(1)
    const [recaptured] = again
    // The capture really differs where a naive identity would look…
    expect(recaptured!.line).toBe(11)
    expect(original!.line).toBe(7)
    expect(recaptured!.object!.id).toBe('0xffffc7d200002000')
    expect(recaptured!.message).not.toBe(original!.message)
    expect(recaptured!.witness.map((s) => s.line)).toEqual([4, 5, 9, 10, 11])
    // …and the fingerprint does not.
    expect(findingFingerprint(recaptured!)).toBe(findingFingerprint(original!))
    expect(sarifFingerprints(copy)).toEqual(sarifFingerprints(KNOWN))
  })

  it('ignores generations and the message, but not the rule, object kind, event or witness shape', () => {
    const [f] = findingsOf(KNOWN)
    const base = findingFingerprint(f!)
    const variant = (change: (g: Finding) => void): string => {
      const g = structuredClone(f!)
      change(g)
      return findingFingerprint(g)
    }
    expect(variant((g) => (g.object!.generation = 3))).toBe(base)
    expect(variant((g) => (g.message = 'other words'))).toBe(base)
    expect(variant((g) => (g.severity = 'warning'))).toBe(base)
    expect(variant((g) => (g.witness[2]!.role = 'accepted socket 0x1234 (generation 2)'))).toBe(base)
    expect(variant((g) => (g.witness[2]!.detail = 'socket=0x1'))).toBe(base)

    expect(variant((g) => (g.ruleId = 'no-calls-after-close'))).not.toBe(base)
    expect(variant((g) => (g.object!.kind = 'socket'))).not.toBe(base)
    expect(variant((g) => delete g.object)).not.toBe(base)
    expect(variant((g) => (g.event = 'WskAccept'))).not.toBe(base)
    expect(variant((g) => g.witness.splice(1, 1))).not.toBe(base)
    expect(variant((g) => (g.witness[2]!.event = 'WskAcceptEvent exit'))).not.toBe(base)
    expect(variant((g) => (g.witness[2]!.role = 'listening socket 0xffffa00100002000'))).not.toBe(base)
  })

  it('differs between the example violations of different rules', () => {
    const rules = ['accept-event-reject-wsk-closes', 'accept-event-success-app-owns', 'no-calls-after-close', 'inspect-pend-must-complete']
    const findings = findingsOf(...rules.map((rule) => join(ROOT, 'traces/rules', rule, 'violating.jsonl')))
    const prints = new Map<string, string>()
    for (const rule of rules) {
      const f = findings.find((g) => g.ruleId === rule && g.file.includes(`/${rule}/`))
      expect(f, rule).toBeDefined()
      prints.set(rule, findingFingerprint(f!))
    }
    expect(new Set(prints.values()).size).toBe(prints.size)
  })
})

describe('roleKind', () => {
  it('keeps the object kind of a witness role and drops its pointer and generation', () => {
    expect(roleKind('listening socket 0xffffa00100001000')).toBe('listening socket')
    expect(roleKind('accepted socket 0xffffa00100002000 (generation 2)')).toBe('accepted socket')
    expect(roleKind('socket listener')).toBe('socket')
    expect(roleKind('IRP 0xffffa00100005000')).toBe('IRP')
    expect(roleKind('memory block')).toBe('memory block')
    expect(roleKind('sockets 0x1')).toBe('')
    expect(roleKind('')).toBe('')
  })
})
