/** Hand-built reports for the formatter tests: they do not depend on the engine. */
import type {Finding} from '../../src/findings/finding.js'
import {buildReport, type LintReport} from '../../src/lint/lint-report.js'

export const CWD = '/work/proj'

const acceptLeak: Finding = {
  ruleId: 'accept-event-success-app-owns',
  severity: 'error',
  kind: 'app',
  message: 'end of trace on accepted socket 0xffffa002#1 in state Owned: the socket was never closed',
  object: {kind: 'accepted-socket', id: '0xffffa002', generation: 1, state: 'Owned'},
  event: 'end of trace',
  file: '/work/proj/traces/leak.jsonl',
  line: 12,
  ts: 120,
  tid: 9,
  witness: [
    {line: 3, ts: 30, tid: 4, event: 'WskSocket', detail: 'socket=0xffffa001 flags=WSK_FLAG_LISTEN_SOCKET', role: 'listening socket 0xffffa001#1'},
    {line: 12, ts: 120, tid: 9, event: 'WskAcceptEvent enter', detail: 'socket=0xffffa001 acceptSocket=0xffffa002', role: 'accepted socket 0xffffa002#1'},
  ],
}

const waitInCallback: Finding = {
  ruleId: 'no-wait-inside-callbacks',
  severity: 'warning',
  kind: 'app',
  message: 'KeWaitForSingleObject inside WskAcceptEvent: the waited object is unknown',
  event: 'KeWaitForSingleObject',
  file: '/work/proj/traces/leak.jsonl',
  line: 140,
  tid: 'worker',
  witness: [{line: 140, ts: 1400, tid: 'worker', event: 'KeWaitForSingleObject', detail: '', role: ''}],
  inconclusive: 'the recorder lost 3 event(s)',
}

const unbalanced: Finding = {
  ruleId: 'unbalanced-activation',
  severity: 'info',
  kind: 'model',
  message: 'exit without enter',
  event: 'WskAcceptEvent exit',
  file: '/work/proj/traces/sub/other.ndjson',
  line: 7,
  witness: [],
}

/** Two files with findings, a clean file, one that failed, and a pattern that matched nothing. */
export function sampleReport(): LintReport {
  return buildReport(
    [
      {file: '/work/proj/traces/clean.jsonl', findings: [], events: 40, errorCount: 0, warningCount: 0, infoCount: 0},
      {file: '/work/proj/traces/leak.jsonl', findings: [acceptLeak, waitInCallback], events: 150, errorCount: 1, warningCount: 1, infoCount: 0},
      {
        file: '/work/proj/traces/broken.jsonl.gz',
        findings: [],
        fatal: {file: '/work/proj/traces/broken.jsonl.gz', line: 2, message: 'unexpected end of gzip data'},
        events: 1,
        errorCount: 0,
        warningCount: 0,
        infoCount: 0,
      },
      {file: '/work/proj/traces/sub/other.ndjson', findings: [unbalanced], events: 9, errorCount: 0, warningCount: 0, infoCount: 1},
    ],
    [{file: 'captures/*.jsonl', message: "no trace files match 'captures/*.jsonl'"}],
  )
}

export function cleanReport(): LintReport {
  return buildReport([{file: '/work/proj/a.jsonl', findings: [], events: 1, errorCount: 0, warningCount: 0, infoCount: 0}])
}
