import {describe, expect, it} from 'vitest'
import {formatStylish} from '../../src/formatters/stylish.js'
import {buildReport} from '../../src/lint/lint-report.js'
import {CWD, cleanReport, sampleReport} from './fixtures.js'

const ESC = '\u001B['

describe('stylish formatter', () => {
  it('prints files, aligned findings with witnesses, fatal errors and the summary (no colour)', () => {
    expect(formatStylish(sampleReport(), {color: false, cwd: CWD})).toBe(
      [
        'traces/leak.jsonl',
        '   12  error    end of trace on accepted socket 0xffffa002#1 in state Owned: the socket was never closed  accept-event-success-app-owns',
        '      ↳  3  WskSocket             tid 4  socket=0xffffa001 flags=WSK_FLAG_LISTEN_SOCKET  [listening socket 0xffffa001#1]',
        '      ↳ 12  WskAcceptEvent enter  tid 9  socket=0xffffa001 acceptSocket=0xffffa002  [accepted socket 0xffffa002#1]',
        '  140  warning  KeWaitForSingleObject inside WskAcceptEvent: the waited object is unknown                 no-wait-inside-callbacks',
        '      inconclusive: the recorder lost 3 event(s)',
        '      ↳ 140  KeWaitForSingleObject  tid worker',
        '',
        'traces/sub/other.ndjson',
        '  7  info  exit without enter  unbalanced-activation',
        '',
        "captures/*.jsonl: fatal: no trace files match 'captures/*.jsonl'",
        'traces/broken.jsonl.gz:2: fatal: unexpected end of gzip data',
        '',
        '✖ 3 problems (1 error, 1 warning, 1 info)',
        '✖ 2 fatal errors',
        '200 events replayed in 4 files',
        '',
      ].join('\n'),
    )
  })

  it('prints only the replay line for a clean run', () => {
    expect(formatStylish(cleanReport(), {color: false, cwd: CWD})).toBe('1 event replayed in 1 file\n')
  })

  it('counts in the plural from zero, and shows stdin as <stdin>', () => {
    const report = buildReport([
      {
        file: '-',
        findings: [{ruleId: 'r', severity: 'warning', kind: 'app', message: 'm', event: 'e', file: '-', line: 1, witness: []}],
        events: 0,
        errorCount: 0,
        warningCount: 1,
        infoCount: 0,
      },
    ])
    expect(formatStylish(report, {color: false, cwd: CWD})).toBe(
      ['<stdin>', '  1  warning  m  r', '', '✖ 1 problem (0 errors, 1 warning, 0 infos)', '0 events replayed in 1 file', ''].join('\n'),
    )
  })

  it('keeps a multi-line message on one row', () => {
    const report = buildReport([
      {
        file: '/work/proj/a.jsonl',
        findings: [{ruleId: 'r', severity: 'error', kind: 'app', message: 'first\n  second', event: 'e', file: 'a', line: 3, witness: []}],
        events: 3,
        errorCount: 1,
        warningCount: 0,
        infoCount: 0,
      },
    ])
    expect(formatStylish(report, {color: false, cwd: CWD}).split('\n')[1]).toBe('  3  error  first second  r')
  })

  it('colours only when asked, and the colourless text is the same', () => {
    const coloured = formatStylish(sampleReport(), {color: true, cwd: CWD})
    expect(coloured).toContain(ESC)
    expect(formatStylish(sampleReport(), {color: false, cwd: CWD})).not.toContain(ESC)
    expect(coloured.replace(/\u001B\[[0-9;]*m/g, '')).toBe(formatStylish(sampleReport(), {color: false, cwd: CWD}))
  })
})
