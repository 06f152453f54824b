/**
 * `wsktrace merge` for SARIF logs: every run of every log becomes one run — one tool, the union of
 * the rules and artifacts (re-indexed), the results concatenated and sorted by artifact path, one
 * invocation. GitHub code scanning takes at most 20 runs per file and matches alerts across
 * uploads by rule and fingerprint, so one run per CI matrix is what it wants.
 */
import {fileURLToPath} from 'node:url'
import type {SarifArtifact, SarifArtifactLocation, SarifLog, SarifNotification, SarifReportingDescriptor, SarifResult, SarifRun} from '../formatters/sarif-log.js'
import {comparePaths} from '../lint/lint-paths.js'

export interface NamedSarif {
  name: string
  log: SarifLog
}

/** Count-like run properties that add up when runs are merged. */
const SUMMED_PROPERTIES = ['errorCount', 'warningCount', 'infoCount'] as const

/** Any artifactLocation in a result (locations, related locations, code flows): re-pointed at the merged artifact list. */
function* artifactLocations(value: unknown): Generator<SarifArtifactLocation> {
  if (Array.isArray(value)) {
    for (const item of value) yield* artifactLocations(item)
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'artifactLocation' && typeof child === 'object' && child !== null) yield child as SarifArtifactLocation
      else if (key !== 'properties' && key !== 'message') yield* artifactLocations(child)
    }
  }
}

/** An artifact's identity: its URI resolved against the run's base URIs (two shards may be run from different folders). */
function absoluteUri(location: SarifArtifactLocation, run: SarifRun): string | undefined {
  if (location.uri === undefined) return undefined
  const base = location.uriBaseId !== undefined ? run.originalUriBaseIds?.[location.uriBaseId]?.uri : undefined
  try {
    return base !== undefined ? new URL(location.uri, base).href : new URL(location.uri).href
  } catch {
    return location.uri
  }
}

function sortKey(uri: string | undefined): string {
  if (uri === undefined) return '-' // standard input sorts first, as in lint
  try {
    return fileURLToPath(uri)
  } catch {
    return uri
  }
}

const notificationKey = (n: SarifNotification): string => JSON.stringify([n.descriptor?.id ?? null, n.level, n.message.text, n.locations ?? null])

export function mergeSarif(inputs: readonly NamedSarif[]): SarifLog {
  const runs = inputs.flatMap((input) => input.log.runs)
  const first = runs[0]
  if (first === undefined) return {$schema: inputs[0]?.log.$schema ?? 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: []}
  const baseIds = first.originalUriBaseIds

  // Rules and notification descriptors: union by id, in first-seen order.
  const rules: SarifReportingDescriptor[] = []
  const ruleIndex = new Map<string, number>()
  const descriptors: SarifReportingDescriptor[] = []
  const descriptorIndex = new Map<string, number>()
  for (const run of runs) {
    for (const rule of run.tool.driver.rules ?? []) if (!ruleIndex.has(rule.id)) ruleIndex.set(rule.id, rules.push(rule) - 1)
    for (const d of run.tool.driver.notifications ?? []) if (!descriptorIndex.has(d.id)) descriptorIndex.set(d.id, descriptors.push(d) - 1)
  }

  // Artifacts: union by absolute URI, sorted by path as lint sorts files.
  const artifacts = new Map<string, {artifact: SarifArtifact; sort: string}>()
  const keyOf = (run: SarifRun, artifact: SarifArtifact): string => absoluteUri(artifact.location, run) ?? `stdin:${artifact.location.description?.text ?? ''}`
  for (const run of runs) {
    for (const artifact of run.artifacts ?? []) {
      const key = keyOf(run, artifact)
      if (!artifacts.has(key)) artifacts.set(key, {artifact: rebase(artifact.location, run, baseIds) === artifact.location ? artifact : {...artifact, location: rebase(artifact.location, run, baseIds)}, sort: sortKey(absoluteUri(artifact.location, run))})
    }
  }
  const orderedKeys = [...artifacts.keys()].sort((a, b) => comparePaths(artifacts.get(a)!.sort, artifacts.get(b)!.sort))
  const newIndex = new Map(orderedKeys.map((key, i) => [key, i]))

  // Results: re-indexed, then sorted by their artifact (stable: each artifact's results keep their order).
  const results: {result: SarifResult; order: number}[] = []
  for (const run of runs) {
    const runKeys = (run.artifacts ?? []).map((artifact) => keyOf(run, artifact))
    for (const original of run.results ?? []) {
      const result = structuredClone(original)
      let order = Number.MAX_SAFE_INTEGER
      for (const location of artifactLocations(result)) {
        const key = location.index !== undefined ? runKeys[location.index] : absoluteUri(location, run)
        const index = key !== undefined ? newIndex.get(key) : undefined
        const rebased = rebase(location, run, baseIds)
        if (rebased !== location) Object.assign(location, rebased)
        if (index !== undefined) location.index = index
        else delete location.index
        if (order === Number.MAX_SAFE_INTEGER && index !== undefined) order = index
      }
      const ri = ruleIndex.get(result.ruleId)
      if (ri !== undefined) result.ruleIndex = ri
      else delete result.ruleIndex
      results.push({result, order})
    }
  }
  results.sort((a, b) => a.order - b.order)

  // One invocation: successful when every run was; notifications once each (a pattern that matched nothing is in every shard).
  const notifications = new Map<string, SarifNotification>()
  for (const run of runs) {
    for (const invocation of run.invocations ?? []) {
      for (const n of invocation.toolExecutionNotifications ?? []) {
        const copy = structuredClone(n)
        if (copy.descriptor !== undefined) {
          const di = descriptorIndex.get(copy.descriptor.id)
          if (di !== undefined) copy.descriptor.index = di
        }
        const key = notificationKey(copy)
        if (!notifications.has(key)) notifications.set(key, copy)
      }
    }
  }
  const successful = runs.every((run) => (run.invocations ?? []).every((inv) => inv.executionSuccessful))

  const properties: Record<string, unknown> = {...first.properties}
  for (const name of SUMMED_PROPERTIES) {
    if (typeof properties[name] === 'number') properties[name] = runs.reduce((n, run) => n + (typeof run.properties?.[name] === 'number' ? (run.properties[name] as number) : 0), 0)
  }
  // A baseline's figures: suppressed findings add up; a stale count is kept only when every shard agrees (which entries are stale overall, the JSON reports tell).
  const baselines = runs.map((run) => run.properties?.['baseline'] as {suppressed?: number; stale?: number} | undefined)
  if (baselines.some((b) => b !== undefined)) {
    const stale = new Set(baselines.map((b) => b?.stale))
    properties['baseline'] = {suppressed: baselines.reduce((n, b) => n + (b?.suppressed ?? 0), 0), ...(stale.size === 1 && typeof baselines[0]?.stale === 'number' ? {stale: baselines[0].stale} : {})}
  }
  if (typeof properties['fatalErrorCount'] === 'number') properties['fatalErrorCount'] = [...notifications.values()].filter((n) => n.descriptor?.id === 'fatal-file-error').length

  const driver = {...first.tool.driver, rules, ...(descriptors.length > 0 ? {notifications: descriptors} : {})}
  const merged: SarifRun = {
    ...first,
    tool: {...first.tool, driver},
    invocations: [notifications.size > 0 ? {executionSuccessful: successful, toolExecutionNotifications: [...notifications.values()]} : {executionSuccessful: successful}],
    artifacts: orderedKeys.map((key) => artifacts.get(key)!.artifact),
    results: results.map((r) => r.result),
    ...(first.properties !== undefined ? {properties} : {}),
  }
  return {...inputs[0]!.log, runs: [merged]}
}

/** A location relative to a base URI the merged run does not define the same way: made absolute. */
function rebase(location: SarifArtifactLocation, run: SarifRun, baseIds: SarifRun['originalUriBaseIds']): SarifArtifactLocation {
  if (location.uriBaseId === undefined || location.uri === undefined) return location
  const mine = run.originalUriBaseIds?.[location.uriBaseId]?.uri
  const theirs = baseIds?.[location.uriBaseId]?.uri
  if (mine === theirs) return location
  const absolute = absoluteUri(location, run)
  if (absolute === undefined) return location
  const {uriBaseId: _dropped, ...rest} = location
  return {...rest, uri: absolute}
}

/** Lint's exit code from a SARIF log: 2 when an invocation failed, 1 for error results (or warnings over `maxWarnings`). */
export function sarifExitCode(log: SarifLog, maxWarnings = -1): 0 | 1 | 2 {
  const runs = log.runs
  if (runs.some((run) => (run.invocations ?? []).some((inv) => !inv.executionSuccessful))) return 2
  const results = runs.flatMap((run) => run.results ?? [])
  if (results.some((r) => r.level === 'error')) return 1
  if (maxWarnings >= 0 && results.filter((r) => r.level === 'warning').length > maxWarnings) return 1
  return 0
}
