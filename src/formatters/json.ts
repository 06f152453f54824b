import {readFileSync} from 'node:fs'
import type {FatalFileError, FileResult} from '../findings/finding.js'
import type {BaselineSummary} from '../baseline/apply-baseline.js'
import type {LintReport} from '../lint/lint-report.js'
import type {FormatterContext} from './index.js'

/** The document `--format json` prints; `schemas/report.schema.json` describes it. */
export interface JsonReport {
  version: 1
  tool: {name: 'wsktrace'; version: string}
  results: FileResult[]
  errorCount: number
  warningCount: number
  infoCount: number
  fatalErrors: FatalFileError[]
  /** Only when a baseline was applied. */
  baseline?: BaselineSummary
}

let cachedVersion: string | undefined

/** The package's version, read once from its package.json (two levels up from src/formatters and dist/formatters). */
export function toolVersion(): string {
  if (cachedVersion === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version?: unknown}
      cachedVersion = typeof pkg.version === 'string' ? pkg.version : '0.0.0'
    } catch {
      cachedVersion = '0.0.0'
    }
  }
  return cachedVersion
}

export function toJsonReport(report: LintReport): JsonReport {
  return {
    version: 1,
    tool: {name: 'wsktrace', version: toolVersion()},
    results: report.results,
    errorCount: report.errorCount,
    warningCount: report.warningCount,
    infoCount: report.infoCount,
    fatalErrors: report.fatalErrors,
    ...(report.baseline !== undefined ? {baseline: report.baseline} : {}),
  }
}

/** The report as pretty JSON (2 spaces), paths exactly as in the report. */
export function formatJson(report: LintReport, _ctx?: FormatterContext): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`
}
