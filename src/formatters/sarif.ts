/**
 * `--format sarif`: the report as one SARIF 2.1.0 run, for GitHub code scanning and other SARIF
 * viewers. Each finding is a result at its trace line, with the witness as a code flow (one
 * thread-flow location per witness step) so that viewers show the path that led to the violation,
 * and a `partialFingerprints` value that survives a re-capture of the same bug.
 */
import type {FatalFileError, Finding, WitnessStep} from '../findings/finding.js'
import {findingFingerprint} from '../findings/fingerprint.js'
import type {LintReport} from '../lint/lint-report.js'
import {RULES} from '../rules/index.js'
import type {RuleMeta, Severity} from '../rules/rule-meta.js'
import {findingText, witnessStepText} from './finding-text.js'
import type {FormatterContext} from './index.js'
import {toolVersion} from './json.js'
import {fileUri, folderUri, SRCROOT} from './posix-path.js'
import type {
  SarifArtifact,
  SarifArtifactLocation,
  SarifCodeFlow,
  SarifLevel,
  SarifLog,
  SarifNotification,
  SarifReportingDescriptor,
  SarifResult,
  SarifThreadFlowLocation,
} from './sarif-log.js'

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json'
export const INFORMATION_URI = 'https://github.com/wsktrace/wsktrace'
/** The `partialFingerprints` key: bump `v1` when findingFingerprint's input changes. */
export const FINGERPRINT_KEY = 'wsktrace/v1'

/** GitHub code scanning rejects bigger runs (docs "About code scanning limits"); it shows 5,000 results and 1,000 steps. */
export interface SarifLimits {
  resultsPerRun: number
  threadFlowLocationsPerResult: number
}

export const SARIF_LIMITS: Readonly<SarifLimits> = Object.freeze({resultsPerRun: 25_000, threadFlowLocationsPerResult: 10_000})

const LEVEL: Record<Severity, SarifLevel> = {error: 'error', warning: 'warning', info: 'note'}
const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info']

/** Notifications the driver may raise, referenced by index from `toolExecutionNotifications`. */
const NOTIFICATIONS: readonly SarifReportingDescriptor[] = [
  {id: 'fatal-file-error', shortDescription: {text: 'A trace file could not be read, or a path matched no trace file'}, defaultConfiguration: {level: 'error'}},
  {id: 'results-truncated', shortDescription: {text: 'More results than a run may hold: the least severe were left out'}, defaultConfiguration: {level: 'warning'}},
  {id: 'code-flow-truncated', shortDescription: {text: 'A witness longer than a thread flow may hold: its middle steps were left out'}, defaultConfiguration: {level: 'warning'}},
]
const FATAL = 0
const RESULTS_TRUNCATED = 1
const CODE_FLOW_TRUNCATED = 2

/** `accept-event-reject-wsk-closes` → `AcceptEventRejectWskCloses`. */
export function pascalCase(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
}

/** Microsoft's words as a block quote with its source, under the rule's description. */
function ruleHelp(rule: RuleMeta): {text: string; markdown: string} {
  const quoted = rule.quote
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')
  return {
    text: `${rule.description}\n\n"${rule.quote}"\n(${rule.quoteSource}, ${rule.url})`,
    markdown: `${rule.description}\n\n${quoted}\n\n— [${rule.quoteSource}](${rule.url})`,
  }
}

function ruleDescriptor(rule: RuleMeta): SarifReportingDescriptor {
  const properties: Record<string, unknown> = {kind: rule.kind}
  if (rule.ref !== '') properties.ref = rule.ref
  properties.tags = ['wsk', rule.kind === 'app' ? 'correctness' : 'trace-consistency']
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: {text: rule.title},
    fullDescription: {text: rule.description},
    help: ruleHelp(rule),
    helpUri: rule.url,
    defaultConfiguration: {level: LEVEL[rule.severity]},
    properties,
  }
}

let cachedRules: {descriptors: SarifReportingDescriptor[]; index: Map<string, number>} | undefined

/** The rules never change within a process: described once. */
function ruleTable(): {descriptors: SarifReportingDescriptor[]; index: Map<string, number>} {
  cachedRules ??= {descriptors: RULES.map(ruleDescriptor), index: new Map(RULES.map((rule, i) => [rule.id, i]))}
  return cachedRules
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
}

/** Where steps are cut: the first half and the last half of the limit, as the engine cuts long witnesses. */
function cutWitness(witness: readonly WitnessStep[], limit: number): {steps: readonly WitnessStep[]; omitted: number} {
  if (witness.length <= limit) return {steps: witness, omitted: 0}
  const head = Math.floor(limit / 2)
  const tail = limit - head
  return {steps: [...witness.slice(0, head), ...witness.slice(witness.length - tail)], omitted: witness.length - limit}
}

function phaseKinds(event: string): string[] | undefined {
  if (event.endsWith(' enter')) return ['enter']
  if (event.endsWith(' exit')) return ['exit']
  return undefined
}

function codeFlow(f: Finding, artifact: SarifArtifactLocation, limit: number): {flow: SarifCodeFlow; omitted: number} {
  const {steps, omitted} = cutWitness(f.witness, limit)
  // The step of the violation itself: the last one at the finding's line.
  let violation = -1
  for (let i = steps.length - 1; i >= 0 && violation < 0; i--) if (steps[i]!.line === f.line) violation = i
  const locations = steps.map((step, i): SarifThreadFlowLocation => {
    const location: SarifThreadFlowLocation = {
      location: {
        physicalLocation: {artifactLocation: artifact, region: {startLine: Math.max(1, step.line)}},
        message: {text: witnessStepText(step)},
      },
      nestingLevel: 0,
      properties: {ts: step.ts, tid: step.tid},
    }
    const kinds = phaseKinds(step.event)
    if (kinds) location.kinds = kinds
    if (i === violation) location.importance = 'essential'
    return location
  })
  const message = omitted > 0 ? `witness: ${plural(omitted, 'step')} in the middle left out` : 'witness: the events that led to the violation'
  return {flow: {message: {text: message}, threadFlows: [{locations}]}, omitted}
}

function sarifResult(f: Finding, artifact: SarifArtifactLocation, fingerprint: string, limits: SarifLimits): {result: SarifResult; omittedSteps: number} {
  const {index} = ruleTable()
  const properties: Record<string, unknown> = {kind: f.kind}
  if (f.object) {
    properties.object = {kind: f.object.kind, id: f.object.id, generation: f.object.generation}
    properties.state = f.object.state
  }
  properties.event = f.event
  if (f.expected !== undefined) properties.expected = f.expected
  if (f.inconclusive !== undefined) properties.inconclusive = f.inconclusive
  const ruleIndex = index.get(f.ruleId)
  const flow = f.witness.length > 0 ? codeFlow(f, artifact, limits.threadFlowLocationsPerResult) : undefined
  const result: SarifResult = {
    ruleId: f.ruleId,
    ...(ruleIndex === undefined ? {} : {ruleIndex}),
    level: LEVEL[f.severity],
    message: {text: findingText(f)},
    locations: [{physicalLocation: {artifactLocation: artifact, region: {startLine: Math.max(1, f.line)}}}],
    partialFingerprints: {[FINGERPRINT_KEY]: fingerprint},
    ...(flow === undefined ? {} : {codeFlows: [flow.flow]}),
    properties,
  }
  return {result, omittedSteps: flow?.omitted ?? 0}
}

/** How many results of each severity fit: errors first, then warnings, then infos. */
function allowances(findings: readonly Finding[], limit: number): Record<Severity, number> {
  const count: Record<Severity, number> = {error: 0, warning: 0, info: 0}
  for (const f of findings) count[f.severity]++
  const allowed: Record<Severity, number> = {error: 0, warning: 0, info: 0}
  let room = limit
  for (const severity of SEVERITY_ORDER) {
    allowed[severity] = Math.min(count[severity], room)
    room -= allowed[severity]
  }
  return allowed
}

function fatalNotification(fatal: FatalFileError, cwd: string): SarifNotification {
  const where = fileUri(fatal.file, cwd)
  const artifactLocation: SarifArtifactLocation = where ?? {description: {text: 'standard input'}}
  return {
    level: 'error',
    message: {text: fatal.message},
    descriptor: {id: NOTIFICATIONS[FATAL]!.id, index: FATAL},
    locations: [{physicalLocation: fatal.line === undefined ? {artifactLocation} : {artifactLocation, region: {startLine: Math.max(1, fatal.line)}}}],
  }
}

/** The SARIF log of a report; `limits` exists for tests, the CLI uses GitHub's. */
export function toSarifLog(report: LintReport, ctx: Pick<FormatterContext, 'cwd'>, limits: SarifLimits = SARIF_LIMITS): SarifLog {
  const {cwd} = ctx
  const artifacts: SarifArtifact[] = []
  const located: {finding: Finding; artifact: SarifArtifactLocation; fingerprint: string}[] = []
  for (const fileResult of report.results) {
    const where = fileUri(fileResult.file, cwd)
    const index = artifacts.length
    artifacts.push(where ? {location: where, roles: ['analysisTarget']} : {location: {description: {text: 'standard input'}}, roles: ['analysisTarget', 'standardStream']})
    const artifact: SarifArtifactLocation = {...where, index}
    // Same fingerprint twice in one file (five sockets leaked the same way): `:n` tells them apart,
    // as GitHub's own primaryLocationLineHash does. Counted before any truncation, so it stays stable.
    const seen = new Map<string, number>()
    for (const finding of fileResult.findings) {
      const hash = findingFingerprint(finding)
      const occurrence = (seen.get(hash) ?? 0) + 1
      seen.set(hash, occurrence)
      located.push({finding, artifact, fingerprint: `${hash}:${occurrence}`})
    }
  }

  const notifications: SarifNotification[] = report.fatalErrors.map((fatal) => fatalNotification(fatal, cwd))
  const runProperties: Record<string, unknown> = {
    errorCount: report.errorCount,
    warningCount: report.warningCount,
    infoCount: report.infoCount,
    fatalErrorCount: report.fatalErrors.length,
  }
  // Suppressed findings stay out of the log: GitHub would show them as alerts (codeql-action #1230).
  if (report.baseline !== undefined) runProperties.baseline = {suppressed: report.baseline.suppressed, stale: report.baseline.stale.length}

  const allowed = allowances(
    located.map((l) => l.finding),
    limits.resultsPerRun,
  )
  const results: SarifResult[] = []
  let cutFlows = 0
  for (const {finding, artifact, fingerprint} of located) {
    if (allowed[finding.severity] === 0) continue
    allowed[finding.severity]--
    const {result, omittedSteps} = sarifResult(finding, artifact, fingerprint, limits)
    if (omittedSteps > 0) cutFlows++
    results.push(result)
  }

  if (results.length < located.length) {
    const left = located.length - results.length
    notifications.push({
      level: 'warning',
      message: {
        text: `${plural(located.length, 'finding')}, more than the ${plural(limits.resultsPerRun, 'result')} a SARIF run may hold on GitHub: ${plural(left, 'least severe finding')} left out (errors first, then warnings, then infos); use --format json for all of them`,
      },
      descriptor: {id: NOTIFICATIONS[RESULTS_TRUNCATED]!.id, index: RESULTS_TRUNCATED},
    })
    runProperties.resultsTruncated = {findings: located.length, results: results.length, limit: limits.resultsPerRun}
  }
  if (cutFlows > 0) {
    notifications.push({
      level: 'warning',
      message: {
        text: `${plural(cutFlows, 'witness', 'witnesses')} longer than the ${plural(limits.threadFlowLocationsPerResult, 'thread-flow location')} a result may hold on GitHub: their middle steps left out`,
      },
      descriptor: {id: NOTIFICATIONS[CODE_FLOW_TRUNCATED]!.id, index: CODE_FLOW_TRUNCATED},
    })
    runProperties.codeFlowsTruncated = {results: cutFlows, limit: limits.threadFlowLocationsPerResult}
  }

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'wsktrace',
            version: toolVersion(),
            informationUri: INFORMATION_URI,
            rules: ruleTable().descriptors,
            notifications: [...NOTIFICATIONS],
          },
        },
        invocations: [notifications.length > 0 ? {executionSuccessful: report.fatalErrors.length === 0, toolExecutionNotifications: notifications} : {executionSuccessful: true}],
        originalUriBaseIds: {[SRCROOT]: {uri: folderUri(cwd)}},
        artifacts,
        results,
        properties: runProperties,
      },
    ],
  }
}

/**
 * One line of JSON: GitHub's limit is on the (gzipped) size, and SARIF is read by viewers, not
 * people. Pipe it through `jq .` to read it.
 */
export function formatSarif(report: LintReport, ctx: FormatterContext): string {
  return `${JSON.stringify(toSarifLog(report, ctx))}\n`
}
