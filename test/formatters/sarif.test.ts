/**
 * `--format sarif`: every SARIF the suite produces is validated against the SARIF 2.1.0 schema
 * (schemas/sarif-2.1.0.json, see schemas/README.md) with zero errors allowed.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {gzipSync} from 'node:zlib'
import {Ajv2020} from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import {afterAll, describe, expect, it} from 'vitest'
import type {Finding, WitnessStep} from '../../src/findings/finding.js'
import {findingFingerprint} from '../../src/findings/fingerprint.js'
import {formatSarif, pascalCase, SARIF_LIMITS, toSarifLog} from '../../src/formatters/sarif.js'
import type {SarifLog, SarifResult} from '../../src/formatters/sarif-log.js'
import {buildReport} from '../../src/lint/lint-report.js'
import {RULES} from '../../src/rules/index.js'
import {ROOT, runCli, stdoutJson} from './cli-run.js'
import {CWD, sampleReport} from './fixtures.js'

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {version: string}
const ajv = new Ajv2020({strict: false, allErrors: true})
addFormats(ajv)
const validateSarif = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas/sarif-2.1.0.json'), 'utf8')) as object)

/** Fails the test with ajv's errors unless the document is valid SARIF 2.1.0. */
function expectValidSarif(doc: unknown): void {
  const valid = validateSarif(doc)
  expect(validateSarif.errors ?? [], 'SARIF schema errors').toEqual([])
  expect(valid).toBe(true)
}

const TMP = mkdtempSync(join(tmpdir(), 'wsktrace-sarif-'))
afterAll(() => rmSync(TMP, {recursive: true, force: true}))

const KNOWN = 'traces/rules/accept-event-reject-wsk-closes/violating.jsonl'

interface JsonReport {
  results: {file: string; findings: Finding[]}[]
  errorCount: number
  warningCount: number
  infoCount: number
}

function lintSarif(args: string[], cwd = ROOT): {log: SarifLog; status: number | null; stderr: string} {
  const out = join(TMP, `out-${Math.random().toString(36).slice(2)}.sarif`)
  const r = runCli(['lint', ...args, '--format', 'sarif', '-o', out], {cwd})
  expect(r.stdout).toBe('')
  if (!existsSync(out)) throw new Error(`no ${out} (exit ${r.status}); stderr:\n${r.stderr}`)
  return {log: JSON.parse(readFileSync(out, 'utf8')) as SarifLog, status: r.status, stderr: r.stderr}
}

let knownRun: ReturnType<typeof lintSarif> | undefined
/** The known trace's SARIF, produced once for the tests that only read it. */
function known(): ReturnType<typeof lintSarif> {
  knownRun ??= lintSarif([KNOWN])
  return {...knownRun, log: structuredClone(knownRun.log)}
}

describe('the SARIF schema check', () => {
  it('rejects what is not SARIF 2.1.0 (so that passing it means something)', () => {
    const {log} = known()
    expectValidSarif(log)
    const broken = structuredClone(log) as unknown as {version: string; runs: {results: Record<string, unknown>[]}[]}
    broken.runs[0]!.results[0]!.level = 'fatal'
    expect(validateSarif(broken)).toBe(false)
    const noVersion = structuredClone(log) as unknown as Record<string, unknown>
    delete noVersion.version
    expect(validateSarif(noVersion)).toBe(false)
    const badUri = structuredClone(log)
    badUri.runs[0]!.artifacts[0]!.location.uri = 'has space/and|bar'
    expect(validateSarif(badUri)).toBe(false)
  })
})

describe('wsktrace lint --format sarif', () => {
  it('describes the tool and every rule', () => {
    const {log} = known()
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json')
    expect(log.version).toBe('2.1.0')
    expect(log.runs).toHaveLength(1)
    const {driver} = log.runs[0]!.tool
    expect(driver.name).toBe('wsktrace')
    expect(driver.version).toBe(pkg.version)
    expect(driver.informationUri).toMatch(/^https:\/\//)
    expect(driver.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id))
    for (const [i, rule] of RULES.entries()) {
      const d = driver.rules[i]!
      expect(d.name).toBe(pascalCase(rule.id))
      expect(d.name).toMatch(/^[A-Z][A-Za-z0-9]*$/)
      expect(d.shortDescription).toEqual({text: rule.title})
      expect(d.fullDescription).toEqual({text: rule.description})
      expect(d.helpUri).toBe(rule.url)
      expect(d.help!.markdown).toContain(`> ${rule.quote.split('\n')[0]}`)
      expect(d.help!.markdown).toContain(`[${rule.quoteSource}](${rule.url})`)
      expect(d.help!.text).toContain(rule.quote)
      expect(d.defaultConfiguration).toEqual({level: {error: 'error', warning: 'warning', info: 'note'}[rule.severity]})
      expect(d.properties).toMatchObject({kind: rule.kind, tags: expect.arrayContaining(['wsk'])})
      if (rule.ref !== '') expect(d.properties!.ref).toBe(rule.ref)
    }
    expect(pascalCase('accept-event-reject-wsk-closes')).toBe('AcceptEventRejectWskCloses')
  })

  it('reports the known violation with its location, properties, fingerprint and witness as a code flow', () => {
    const {log, status} = known()
    expect(status).toBe(1)
    const run = log.runs[0]!
    const artifactLocation = {uri: KNOWN, uriBaseId: '%SRCROOT%', index: 0}
    expect(run.artifacts).toEqual([{location: {uri: KNOWN, uriBaseId: '%SRCROOT%'}, roles: ['analysisTarget']}])
    expect(run.originalUriBaseIds).toEqual({'%SRCROOT%': {uri: `${pathToFileURL(ROOT).href}/`}})
    expect(run.invocations).toEqual([{executionSuccessful: true}])
    expect(run.results).toHaveLength(1)
    const result = run.results[0]!
    expect(result.ruleId).toBe('accept-event-reject-wsk-closes')
    expect(result.ruleIndex).toBe(RULES.findIndex((r) => r.id === 'accept-event-reject-wsk-closes'))
    expect(run.tool.driver.rules[result.ruleIndex!]!.id).toBe(result.ruleId)
    expect(result.level).toBe('error')
    expect(result.message.text).toBe(
      'WskCloseSocket on accepted socket 0xffffa00100002000 in state ClosedByWsk: WSK already closed the socket it rejected (STATUS_REQUEST_NOT_ACCEPTED at line 6); do not touch it again',
    )
    expect(result.locations).toEqual([{physicalLocation: {artifactLocation, region: {startLine: 7}}}])
    expect(result.properties).toEqual({
      kind: 'app',
      object: {kind: 'accepted-socket', id: '0xffffa00100002000', generation: 1},
      state: 'ClosedByWsk',
      event: 'WskCloseSocket',
      expected: [],
    })

    // The fingerprint is findingFingerprint of the finding --format json reports, first of its kind in the file.
    const json = stdoutJson<JsonReport>(runCli(['lint', KNOWN, '--format', 'json']))
    expect(result.partialFingerprints).toEqual({'wsktrace/v1': `${findingFingerprint(json.results[0]!.findings[0]!)}:1`})
    expect(result.partialFingerprints['wsktrace/v1']).toMatch(/^[0-9a-f]{32}:1$/)

    expect(result.codeFlows).toHaveLength(1)
    const flow = result.codeFlows![0]!
    expect(flow.threadFlows).toHaveLength(1)
    const steps = flow.threadFlows[0]!.locations
    expect(steps.map((s) => s.location.physicalLocation.region!.startLine)).toEqual([2, 3, 5, 6, 7])
    expect(steps.every((s) => s.nestingLevel === 0 && s.location.physicalLocation.artifactLocation.uri === KNOWN)).toBe(true)
    expect(steps.map((s) => s.location.message!.text)).toEqual([
      'WskSocket socket=0xffffa00100001000 context=0xffffa00100003000 flags=WSK_FLAG_LISTEN_SOCKET status=STATUS_SUCCESS irql=PASSIVE_LEVEL [listening socket 0xffffa00100001000]',
      'WskBind socket=0xffffa00100001000 status=STATUS_SUCCESS irql=PASSIVE_LEVEL [listening socket 0xffffa00100001000]',
      'WskAcceptEvent enter socket=0xffffa00100001000 acceptSocket=0xffffa00100002000 localAddress=0xffffa00100004000 remoteAddress=0xffffa00100004080 flags=WSK_FLAG_AT_DISPATCH_LEVEL irql=DISPATCH_LEVEL [accepted socket 0xffffa00100002000]',
      'WskAcceptEvent exit socket=0xffffa00100001000 context=NULL dispatch=NULL status=STATUS_REQUEST_NOT_ACCEPTED irql=DISPATCH_LEVEL [accepted socket 0xffffa00100002000]',
      'WskCloseSocket socket=0xffffa00100002000 status=STATUS_SUCCESS irql=PASSIVE_LEVEL [accepted socket 0xffffa00100002000]',
    ])
    expect(steps.map((s) => s.kinds)).toEqual([undefined, undefined, ['enter'], ['exit'], undefined])
    expect(steps.map((s) => s.importance)).toEqual([undefined, undefined, undefined, undefined, 'essential'])
    expect(steps.map((s) => s.properties)).toEqual([
      {ts: 0, tid: 4},
      {ts: 10, tid: 4},
      {ts: 220, tid: 9},
      {ts: 224, tid: 9},
      {ts: 234, tid: 4},
    ])
    expectValidSarif(log)
  })

  it('is valid SARIF for the whole traces/ corpus, with one result per finding and the witnesses as code flows', () => {
    const {log, status} = lintSarif(['traces/'])
    expect(status).toBe(1)
    expectValidSarif(log)
    const json = stdoutJson<JsonReport>(runCli(['lint', 'traces/', '--format', 'json']))
    const run = log.runs[0]!
    expect(run.artifacts.map((a) => a.location.uri)).toEqual(json.results.map((r) => r.file.slice(ROOT.length + 1)))
    const findings = json.results.flatMap((r) => r.findings)
    expect(findings.length).toBe(json.errorCount + json.warningCount + json.infoCount)
    expect(findings.length).toBeGreaterThan(40)
    expect(run.results).toHaveLength(findings.length)
    expect(run.properties).toEqual({errorCount: json.errorCount, warningCount: json.warningCount, infoCount: json.infoCount, fatalErrorCount: 0})
    run.results.forEach((result: SarifResult, i) => {
      const f = findings[i]!
      expect(result.ruleId).toBe(f.ruleId)
      expect(run.tool.driver.rules[result.ruleIndex!]!.id).toBe(f.ruleId)
      expect(result.locations[0]!.physicalLocation.region!.startLine).toBe(f.line)
      expect(result.partialFingerprints['wsktrace/v1']!.split(':')[0]).toBe(findingFingerprint(f))
      const lines = result.codeFlows?.[0]!.threadFlows[0]!.locations.map((s) => s.location.physicalLocation.region!.startLine) ?? []
      expect(lines).toEqual(f.witness.map((s) => s.line))
    })
  })

  it('reports fatal errors as error notifications and marks the execution unsuccessful', () => {
    const broken = join(TMP, 'broken.jsonl.gz')
    writeFileSync(broken, gzipSync('{"ts":1}\n').subarray(0, 12))
    const {log, status} = lintSarif([KNOWN, broken, 'captures/*.jsonl'])
    expect(status).toBe(2)
    expectValidSarif(log)
    const invocation = log.runs[0]!.invocations[0]!
    expect(invocation.executionSuccessful).toBe(false)
    const notes = invocation.toolExecutionNotifications!
    expect(notes.map((n) => [n.level, n.descriptor!.id])).toEqual([
      ['error', 'fatal-file-error'],
      ['error', 'fatal-file-error'],
    ])
    expect(notes[0]!.message.text).toBe("no trace files match 'captures/*.jsonl'")
    expect(notes[0]!.locations).toEqual([{physicalLocation: {artifactLocation: {uri: 'captures/*.jsonl', uriBaseId: '%SRCROOT%'}}}])
    expect(notes[1]!.locations![0]!.physicalLocation.artifactLocation).toEqual({uri: pathToFileURL(broken).href})
    expect(log.runs[0]!.tool.driver.notifications![notes[0]!.descriptor!.index!]!.id).toBe('fatal-file-error')
    expect(log.runs[0]!.results.map((r) => r.ruleId)).toEqual(['accept-event-reject-wsk-closes'])
    expect(log.runs[0]!.properties).toMatchObject({fatalErrorCount: 2})
  })

  it('encodes file names as URIs and describes standard input', () => {
    const odd = 'my trace #1 é%.jsonl'
    writeFileSync(join(TMP, odd), readFileSync(join(ROOT, KNOWN)))
    const {log} = lintSarif([odd], TMP)
    expectValidSarif(log)
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({uri: 'my%20trace%20%231%20%C3%A9%25.jsonl', uriBaseId: '%SRCROOT%', index: 0})

    const r = runCli(['lint', '-', '--format', 'sarif'], {input: readFileSync(join(ROOT, KNOWN), 'utf8')})
    const fromStdin = stdoutJson<SarifLog>(r)
    expectValidSarif(fromStdin)
    expect(fromStdin.runs[0]!.artifacts).toEqual([{location: {description: {text: 'standard input'}}, roles: ['analysisTarget', 'standardStream']}])
    expect(fromStdin.runs[0]!.results[0]!.locations[0]!.physicalLocation).toEqual({artifactLocation: {index: 0}, region: {startLine: 7}})
  })

  it('writes one line of JSON', () => {
    const text = formatSarif(sampleReport(), {color: false, cwd: CWD})
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.split('\n')).toHaveLength(2)
    expectValidSarif(JSON.parse(text))
  })
})

/** A finding at `line` of `file` with `steps` witness steps (lines 1…steps). */
function syntheticFinding(file: string, line: number, severity: Finding['severity'], steps = 1): Finding {
  const witness: WitnessStep[] = Array.from({length: steps}, (_, i) => ({line: i + 1, ts: i, tid: 1, event: 'WskSocket', detail: '', role: `socket 0x${(i + 1).toString(16)}`}))
  return {ruleId: 'no-calls-after-close', severity, kind: 'app', message: `call after close at line ${line}`, event: 'WskSocket', file, line, witness}
}

describe('GitHub limits', () => {
  it('keeps at most 25,000 results, errors first, and says so', () => {
    const warnings = Array.from({length: 25_000}, (_, i) => syntheticFinding('/work/proj/a.jsonl', i + 1, 'warning'))
    const error = syntheticFinding('/work/proj/b.jsonl', 3, 'error')
    const report = buildReport([
      {file: '/work/proj/a.jsonl', findings: warnings, events: 25_000, errorCount: 0, warningCount: 25_000, infoCount: 0},
      {file: '/work/proj/b.jsonl', findings: [error], events: 3, errorCount: 1, warningCount: 0, infoCount: 0},
    ])
    expect(SARIF_LIMITS.resultsPerRun).toBe(25_000)
    const log = toSarifLog(report, {cwd: CWD})
    const run = log.runs[0]!
    expect(run.results).toHaveLength(25_000)
    expect(run.results.at(-1)!.level).toBe('error') // the error is kept…
    expect(run.results.at(-2)!.locations[0]!.physicalLocation.region!.startLine).toBe(24_999) // …and the last warning left out
    expect(run.invocations[0]!.executionSuccessful).toBe(true)
    expect(run.invocations[0]!.toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: {
          text: '25,001 findings, more than the 25,000 results a SARIF run may hold on GitHub: 1 least severe finding left out (errors first, then warnings, then infos); use --format json for all of them',
        },
        descriptor: {id: 'results-truncated', index: 1},
      },
    ])
    expect(run.properties!.resultsTruncated).toEqual({findings: 25_001, results: 25_000, limit: 25_000})
    expectValidSarif(log)
  })

  it('keeps at most 10,000 thread-flow locations per result: the first and last 5,000 witness steps', () => {
    const long = syntheticFinding('/work/proj/a.jsonl', 10_001, 'error', 10_001)
    const report = buildReport([{file: '/work/proj/a.jsonl', findings: [long], events: 10_001, errorCount: 1, warningCount: 0, infoCount: 0}])
    const log = toSarifLog(report, {cwd: CWD})
    const run = log.runs[0]!
    const flow = run.results[0]!.codeFlows![0]!
    const lines = flow.threadFlows[0]!.locations.map((s) => s.location.physicalLocation.region!.startLine)
    expect(lines).toHaveLength(10_000)
    expect(lines.slice(4_998, 5_002)).toEqual([4_999, 5_000, 5_002, 5_003])
    expect(lines.at(-1)).toBe(10_001)
    expect(flow.message).toEqual({text: 'witness: 1 step in the middle left out'})
    expect(run.invocations[0]!.toolExecutionNotifications!.map((n) => n.descriptor!.id)).toEqual(['code-flow-truncated'])
    expect(run.properties!.codeFlowsTruncated).toEqual({results: 1, limit: 10_000})
    expectValidSarif(log)
  })

  it('applies smaller limits the same way', () => {
    const findings = [syntheticFinding('/work/proj/a.jsonl', 1, 'info', 5), syntheticFinding('/work/proj/a.jsonl', 2, 'warning', 5), syntheticFinding('/work/proj/a.jsonl', 3, 'info', 2)]
    const report = buildReport([{file: '/work/proj/a.jsonl', findings, events: 3, errorCount: 0, warningCount: 1, infoCount: 2}])
    const run = toSarifLog(report, {cwd: CWD}, {resultsPerRun: 2, threadFlowLocationsPerResult: 3}).runs[0]!
    expect(run.results.map((r) => [r.level, r.locations[0]!.physicalLocation.region!.startLine])).toEqual([
      ['note', 1],
      ['warning', 2],
    ])
    expect(run.results[0]!.codeFlows![0]!.threadFlows[0]!.locations.map((s) => s.location.physicalLocation.region!.startLine)).toEqual([1, 4, 5])
  })
})

describe('baseline', () => {
  it('leaves suppressed findings out (GitHub would show them as alerts) and counts them in the run properties', () => {
    const kept = syntheticFinding('/work/proj/a.jsonl', 5, 'error')
    const suppressed = syntheticFinding('/work/proj/a.jsonl', 9, 'error')
    const report = {
      ...buildReport([{file: '/work/proj/a.jsonl', findings: [kept], events: 9, errorCount: 1, warningCount: 0, infoCount: 0}]),
      baseline: {suppressed: 1, stale: [], suppressedFindings: [suppressed]},
    }
    const log = toSarifLog(report, {cwd: CWD})
    expect(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.region!.startLine)).toEqual([5])
    expect(log.runs[0]!.properties!.baseline).toEqual({suppressed: 1, stale: 0})
    expectValidSarif(log)
  })
})

describe('fingerprints in SARIF', () => {
  it('tell apart findings of the same shape in one file by their order, as :1, :2…', () => {
    const twice = [syntheticFinding('/work/proj/a.jsonl', 5, 'error'), syntheticFinding('/work/proj/a.jsonl', 9, 'error')]
    const other = [syntheticFinding('/work/proj/b.jsonl', 5, 'error')]
    const report = buildReport([
      {file: '/work/proj/a.jsonl', findings: twice, events: 9, errorCount: 2, warningCount: 0, infoCount: 0},
      {file: '/work/proj/b.jsonl', findings: other, events: 9, errorCount: 1, warningCount: 0, infoCount: 0},
    ])
    const hash = findingFingerprint(twice[0]!)
    expect(findingFingerprint(twice[1]!)).toBe(hash)
    const values = toSarifLog(report, {cwd: CWD}).runs[0]!.results.map((r) => r.partialFingerprints['wsktrace/v1'])
    expect(values).toEqual([`${hash}:1`, `${hash}:2`, `${hash}:1`])
  })
})
