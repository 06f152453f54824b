import {describe, expect, it} from 'vitest'
import type {Finding} from '../../src/findings/finding.js'
import {buildReport, errorsOnly, exitCodeOf} from '../../src/lint/lint-report.js'

const finding = (severity: Finding['severity']): Finding => ({ruleId: 'r', severity, kind: 'app', message: 'm', event: 'e', file: 'f', line: 1, witness: []})

function report(errors: number, warnings: number, infos: number, fatal = false) {
  const findings = [
    ...Array.from({length: errors}, () => finding('error')),
    ...Array.from({length: warnings}, () => finding('warning')),
    ...Array.from({length: infos}, () => finding('info')),
  ]
  return buildReport([{file: 'f', findings, events: 1, errorCount: errors, warningCount: warnings, infoCount: infos, ...(fatal ? {fatal: {file: 'f', message: 'x'}} : {})}])
}

describe('exit codes (ESLint)', () => {
  it('0 when clean, with infos, or with warnings within --max-warnings', () => {
    expect(exitCodeOf(report(0, 0, 0))).toBe(0)
    expect(exitCodeOf(report(0, 0, 5), 0)).toBe(0)
    expect(exitCodeOf(report(0, 3, 0))).toBe(0)
    expect(exitCodeOf(report(0, 3, 0), 3)).toBe(0)
  })
  it('1 with errors, or more warnings than --max-warnings', () => {
    expect(exitCodeOf(report(1, 0, 0))).toBe(1)
    expect(exitCodeOf(report(0, 4, 0), 3)).toBe(1)
    expect(exitCodeOf(report(0, 1, 0), 0)).toBe(1)
  })
  it('2 with any fatal error, whatever else', () => {
    expect(exitCodeOf(report(0, 0, 0, true))).toBe(2)
    expect(exitCodeOf(report(3, 3, 0, true), 0)).toBe(2)
    expect(exitCodeOf(buildReport([], [{file: 'x', message: "no trace files match 'x'"}]))).toBe(2)
  })
})

describe('--quiet', () => {
  it('drops warnings and infos from the findings and the counts, keeps errors and fatal errors', () => {
    const quiet = errorsOnly(report(2, 3, 4, true))
    expect(quiet.results[0]!.findings.map((f) => f.severity)).toEqual(['error', 'error'])
    expect([quiet.errorCount, quiet.warningCount, quiet.infoCount]).toEqual([2, 0, 0])
    expect([quiet.results[0]!.errorCount, quiet.results[0]!.warningCount, quiet.results[0]!.infoCount]).toEqual([2, 0, 0])
    expect(quiet.fatalErrors).toHaveLength(1)
    expect(exitCodeOf(errorsOnly(report(0, 5, 0)), 0)).toBe(0)
  })
})
