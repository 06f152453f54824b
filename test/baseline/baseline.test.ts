import {describe, expect, it} from 'vitest'
import {applyBaseline, withoutBaseline} from '../../src/baseline/apply-baseline.js'
import {recordBaseline, type LocatedFinding} from '../../src/baseline/baseline.js'
import type {FileResult, Finding} from '../../src/findings/finding.js'
import {findingFingerprint} from '../../src/findings/fingerprint.js'
import {buildReport} from '../../src/lint/lint-report.js'
import {severityCounts} from '../../src/findings/severity-counts.js'

/** A leak of an accepted socket at `line`, with pointers that differ per capture. */
function leak(file: string, line: number, pointer: string, severity: Finding['severity'] = 'error'): Finding {
  return {
    ruleId: 'accept-event-success-app-owns',
    severity,
    kind: 'app',
    message: `end of trace on accepted socket ${pointer} in state Owned: never closed`,
    object: {kind: 'accepted-socket', id: pointer, generation: 1, state: 'Owned'},
    event: 'end of trace',
    file,
    line,
    witness: [
      {line: line - 1, ts: line * 10, tid: 9, event: 'WskAcceptEvent enter', detail: `acceptSocket=${pointer}`, role: `accepted socket ${pointer}`},
      {line, ts: line * 10 + 3, tid: 9, event: 'WskAcceptEvent exit', detail: 'status=STATUS_SUCCESS', role: `accepted socket ${pointer}`},
    ],
  }
}

function doubleClose(file: string, line: number): Finding {
  return {
    ruleId: 'no-calls-after-close',
    severity: 'error',
    kind: 'app',
    message: 'WskCloseSocket after WskCloseSocket',
    object: {kind: 'accepted-socket', id: '0x1', generation: 1, state: 'Closed'},
    event: 'WskCloseSocket',
    file,
    line,
    witness: [{line, ts: 1, tid: 4, event: 'WskCloseSocket', detail: '', role: 'accepted socket 0x1'}],
  }
}

function result(file: string, findings: Finding[]): FileResult {
  return {file, findings, events: 10, ...severityCounts(findings)}
}

const located = (results: FileResult[]): LocatedFinding[] => results.flatMap((r) => r.findings.map((finding) => ({file: r.file, finding})))

describe('fingerprints', () => {
  it('ignore lines, timestamps, pointers and the file; depend on rule and witness shape', () => {
    expect(findingFingerprint(leak('/a.jsonl', 6, '0xffffa00100002000'))).toBe(findingFingerprint(leak('/b.jsonl', 60, '0xffffb00200007000')))
    expect(findingFingerprint(leak('/a.jsonl', 6, '0x1'))).not.toBe(findingFingerprint(doubleClose('/a.jsonl', 6)))
  })
})

describe('recordBaseline', () => {
  it('one entry per rule and fingerprint with its count, the first file relative to the baseline folder, sorted by rule', () => {
    const results = [result('/w/traces/a.jsonl', [leak('/w/traces/a.jsonl', 6, '0x1'), leak('/w/traces/a.jsonl', 9, '0x2')]), result('/w/traces/b.jsonl', [doubleClose('/w/traces/b.jsonl', 3), leak('/w/traces/b.jsonl', 4, '0x3')])]
    const baseline = recordBaseline(located(results), '/w')
    expect(baseline.version).toBe(1)
    expect(baseline.tool.name).toBe('wsktrace')
    expect(baseline.entries.map((e) => [e.ruleId, e.file, e.count, e.message])).toEqual([
      ['accept-event-success-app-owns', 'traces/a.jsonl', 3, 'end of trace on accepted socket 0x1 in state Owned: never closed'],
      ['no-calls-after-close', 'traces/b.jsonl', 1, 'WskCloseSocket after WskCloseSocket'],
    ])
    expect(baseline.entries[0]!.fingerprint).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe('applyBaseline', () => {
  const recorded = recordBaseline(located([result('/old/capture-1.jsonl', [leak('/old/capture-1.jsonl', 6, '0x1')]), result('/old/capture-1.jsonl', [doubleClose('/old/capture-1.jsonl', 9)])]), '/old')

  it('suppresses a re-captured trace of the same bug (another file, other lines and pointers) and leaves the report clean', () => {
    const report = buildReport([result('/new/capture-2.jsonl', [leak('/new/capture-2.jsonl', 40, '0xffffb002'), doubleClose('/new/capture-2.jsonl', 50)])])
    const applied = applyBaseline(report, recorded)
    expect(applied.results[0]!.findings).toEqual([])
    expect([applied.errorCount, applied.warningCount, applied.infoCount]).toEqual([0, 0, 0])
    expect(applied.baseline).toEqual({suppressed: 2, stale: [], suppressedFindings: report.results[0]!.findings})
  })

  it('suppresses at most `count` findings per entry, in report order: more occurrences surface', () => {
    const report = buildReport([result('/a.jsonl', [leak('/a.jsonl', 6, '0x1')]), result('/b.jsonl', [leak('/b.jsonl', 6, '0x1'), leak('/b.jsonl', 8, '0x2', 'warning')])])
    const applied = applyBaseline(report, recorded)
    expect(applied.results.map((r) => r.findings.map((f) => f.line))).toEqual([[], [6, 8]])
    expect([applied.errorCount, applied.warningCount]).toEqual([1, 1])
    expect(applied.baseline!.suppressed).toBe(1)
  })

  it('reports entries nothing matched as stale (unless the run saw one slice only, which it says)', () => {
    const report = buildReport([result('/a.jsonl', [])])
    expect(applyBaseline(report, recorded).baseline!.stale).toEqual(recorded.entries)
    expect(applyBaseline(report, recorded, {partial: true}).baseline!.partial).toBe(true)
  })

  it('withoutBaseline puts the suppressed findings back where they were', () => {
    const report = buildReport([result('/b.jsonl', [doubleClose('/b.jsonl', 2), leak('/b.jsonl', 6, '0x1'), doubleClose('/b.jsonl', 9)])])
    const restored = withoutBaseline(applyBaseline(report, recorded))
    expect(restored).toEqual(report)
  })
})
