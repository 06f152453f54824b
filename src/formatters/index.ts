/**
 * Formatter registry: a format name maps to a pure function from a `LintReport` to the text to
 * print. `wsktrace lint --format` offers every name registered here, so a new format (sarif,
 * junit, github, …) is one file plus one line below.
 */
import type {LintReport} from '../lint/lint-report.js'
import {formatGithub} from './github.js'
import {formatJson} from './json.js'
import {formatJunit} from './junit.js'
import {formatSarif} from './sarif.js'
import {formatStylish} from './stylish.js'

export interface FormatterContext {
  /** Emit ANSI colours (the CLI passes `stdout.isTTY && !NO_COLOR`, and false with `--output-file`). */
  color: boolean
  /** Paths are shown relative to this folder where a format shows paths for humans. */
  cwd: string
}

export type Formatter = (report: LintReport, ctx: FormatterContext) => string

export const FORMATTERS: Readonly<Record<string, Formatter>> = Object.freeze({
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
})

export const FORMATTER_NAMES: readonly string[] = Object.keys(FORMATTERS)

export const DEFAULT_FORMAT = 'stylish'

export function getFormatter(name: string): Formatter | undefined {
  return Object.hasOwn(FORMATTERS, name) ? FORMATTERS[name] : undefined
}

export {formatJson, toJsonReport, type JsonReport} from './json.js'
export {formatStylish} from './stylish.js'
export {formatSarif, toSarifLog, SARIF_LIMITS, type SarifLimits} from './sarif.js'
export type {SarifLog} from './sarif-log.js'
export {formatJunit} from './junit.js'
export {formatGithub} from './github.js'
