/**
 * The baseline file (`wsktrace-baseline.json`): findings accepted for now, so that a CI gate
 * fails on new ones only. An entry identifies findings by their fingerprint and rule — not by
 * file, line or pointer — so a re-captured trace of the same bug, under another name, still
 * matches; `count` bounds how many findings it suppresses, so more occurrences than recorded
 * still surface.
 */
import path from 'node:path'
import {ConfigError} from '../config/config-error.js'
import {readJsonFile} from '../config/read-json-file.js'
import {schemaErrorLines, schemaValidator} from '../config/schema-check.js'
import type {Finding} from '../findings/finding.js'
import {findingFingerprint} from '../findings/fingerprint.js'
import {toolVersion} from '../formatters/json.js'

export const BASELINE_FILE_NAME = 'wsktrace-baseline.json'

export interface BaselineEntry {
  fingerprint: string
  ruleId: string
  /** First file with such a finding, relative to the baseline's folder (`-` for standard input): for people only. */
  file: string
  count: number
  /** The first such finding's message: for people only. */
  message: string
}

export interface Baseline {
  version: 1
  tool: {name: 'wsktrace'; version: string}
  entries: BaselineEntry[]
}

/** The key an entry and a finding match on. */
export function baselineKey(ruleId: string, fingerprint: string): string {
  return `${ruleId}\u0000${fingerprint}`
}

/** Reads and checks a baseline file; a file that cannot be used is a ConfigError (exit 2). */
export async function readBaseline(file: string, shown: string): Promise<Baseline> {
  const document = await readJsonFile(file, shown)
  const validate = schemaValidator('baseline.schema.json')
  if (!validate(document)) throw new ConfigError(schemaErrorLines(shown, validate.errors, document))
  return document as Baseline
}

/** A finding as the baseline sees it: where it is (a path) and what it is. */
export interface LocatedFinding {
  file: string
  finding: Finding
}

/**
 * The baseline that accepts exactly `findings`: one entry per rule and fingerprint with how many
 * there are, in a stable order (by rule, then file, then fingerprint) so that rewriting an
 * unchanged baseline changes nothing. `dir` is the folder of the baseline file.
 */
export function recordBaseline(findings: Iterable<LocatedFinding>, dir: string): Baseline {
  const entries = new Map<string, BaselineEntry>()
  for (const {file, finding} of findings) {
    const fingerprint = findingFingerprint(finding)
    const key = baselineKey(finding.ruleId, fingerprint)
    const entry = entries.get(key)
    if (entry !== undefined) entry.count++
    else entries.set(key, {fingerprint, ruleId: finding.ruleId, file: relativeFile(file, dir), count: 1, message: finding.message})
  }
  const sorted = [...entries.values()].sort((a, b) => compare(a.ruleId, b.ruleId) || compare(a.file, b.file) || compare(a.fingerprint, b.fingerprint))
  return {version: 1, tool: {name: 'wsktrace', version: toolVersion()}, entries: sorted}
}

/** The file's text: pretty JSON (2 spaces), easy to review in a diff. */
export function baselineText(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`
}

function relativeFile(file: string, dir: string): string {
  if (file === '-') return file
  return (path.relative(dir, file) || path.basename(file)).split(path.sep).join('/')
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
