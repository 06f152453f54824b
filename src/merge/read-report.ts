/**
 * Reads a report written by `wsktrace lint` for `wsktrace merge`: our JSON report
 * (`schemas/report.schema.json`) or a SARIF log. Anything else, or a report that breaks its
 * schema, is a ConfigError (exit 2) naming the file and the JSON path.
 */
import {readFileSync} from 'node:fs'
import {Ajv2020} from 'ajv/dist/2020.js'
import type {ValidateFunction} from 'ajv'
import {ConfigError} from '../config/config-error.js'
import {readJsonFile} from '../config/read-json-file.js'
import {schemaErrorLines, schemaValidator} from '../config/schema-check.js'
import type {JsonReport} from '../formatters/json.js'
import type {SarifLog} from '../formatters/sarif-log.js'
import type {LintReport} from '../lint/lint-report.js'

export type ReadReport = {kind: 'json'; name: string; report: LintReport; toolVersion: string} | {kind: 'sarif'; name: string; log: SarifLog}

/** At most this many schema errors are listed for one report (a broken report of 10,000 findings would print them all). */
const MAX_ERROR_LINES = 10

function isSarif(document: unknown): document is SarifLog {
  const d = document as {version?: unknown; runs?: unknown} | null
  return typeof d === 'object' && d !== null && d.version === '2.1.0' && Array.isArray(d.runs)
}

function isJsonReport(document: unknown): boolean {
  const d = document as {version?: unknown; tool?: {name?: unknown}} | null
  return typeof d === 'object' && d !== null && d.version === 1 && d.tool?.name === 'wsktrace'
}

let sarifValidator: ValidateFunction | undefined

/**
 * A SARIF log `merge` can combine: valid against the official SARIF 2.1.0 schema (vendored in
 * schemas/; formats are not checked), one run, written by wsktrace.
 */
function checkSarif(log: SarifLog, shown: string): void {
  sarifValidator ??= new Ajv2020({strict: false, validateFormats: false, allErrors: true}).compile(
    JSON.parse(readFileSync(new URL('../../schemas/sarif-2.1.0.json', import.meta.url), 'utf8')) as object,
  )
  if (!sarifValidator(log)) {
    const lines = schemaErrorLines(shown, sarifValidator.errors, log)
    throw new ConfigError(lines.length > MAX_ERROR_LINES ? [...lines.slice(0, MAX_ERROR_LINES), `${shown}: … and ${lines.length - MAX_ERROR_LINES} more schema errors`] : lines)
  }
  const runs = log.runs as {tool?: {driver?: {name?: unknown}}}[]
  if (runs.length !== 1 || runs[0]?.tool?.driver?.name !== 'wsktrace') {
    throw new ConfigError([`${shown}: not a SARIF log of one wsktrace run (lint --format sarif)`])
  }
}

export async function readReport(file: string, shown: string): Promise<ReadReport> {
  const document = await readJsonFile(file, shown)
  if (isSarif(document)) {
    checkSarif(document, shown)
    return {kind: 'sarif', name: shown, log: document}
  }
  if (!isJsonReport(document)) {
    throw new ConfigError([`${shown}: neither a wsktrace JSON report (lint --format json) nor a SARIF 2.1.0 log (lint --format sarif)`])
  }
  const validate = schemaValidator('report.schema.json')
  if (!validate(document)) {
    const lines = schemaErrorLines(shown, validate.errors, document)
    throw new ConfigError(lines.length > MAX_ERROR_LINES ? [...lines.slice(0, MAX_ERROR_LINES), `${shown}: … and ${lines.length - MAX_ERROR_LINES} more schema errors`] : lines)
  }
  const {version: _version, tool, ...report} = document as JsonReport
  return {kind: 'json', name: shown, report, toolVersion: tool.version}
}
