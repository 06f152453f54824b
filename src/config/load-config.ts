import path from 'node:path'
import {DEFAULT_LINT_OPTIONS} from '../lint/lint-options.js'
import {RULES_BY_ID} from '../rules/index.js'
import type {ConfigFile, ResolvedConfig} from './config.js'
import {ConfigError} from './config-error.js'
import {findConfig} from './find-config.js'
import {readJsonFile, shownPath} from './read-json-file.js'
import {pointerSegment, schemaErrorLines, schemaValidator} from './schema-check.js'

/** The configuration with nothing set: what a run uses when no file is found. */
export function defaultConfig(cwd: string): ResolvedConfig {
  return {
    file: undefined,
    base: path.resolve(cwd),
    rules: {},
    dispatchBudgetUs: DEFAULT_LINT_OPTIONS.dispatchBudgetUs,
    endOfTrace: 'proof',
    mappings: [],
    ignore: [],
  }
}

/**
 * Checks a parsed configuration document: the schema (every error, one line each, with its JSON
 * path), then what a schema cannot know — that every rule id names a rule.
 */
export function checkConfig(document: unknown, shown: string): ConfigFile {
  const validate = schemaValidator('config.schema.json')
  const lines = validate(document) ? [] : schemaErrorLines(shown, validate.errors, document)
  const rules = (document as {rules?: unknown} | null)?.rules
  if (typeof rules === 'object' && rules !== null && !Array.isArray(rules)) {
    for (const id of Object.keys(rules)) {
      if (!RULES_BY_ID.has(id)) lines.push(`${shown}: /rules/${pointerSegment(id)}: unknown rule '${id}' (\`wsktrace rules\` lists them)`)
    }
  }
  if (lines.length > 0) throw new ConfigError(lines)
  return document as ConfigFile
}

/**
 * The configuration of a run started in `cwd`: the file named by `configPath` (relative to
 * `cwd`), else the nearest `wsktrace.config.json` from `cwd` upwards, else the defaults.
 * Throws a ConfigError (exit 2) for a file that cannot be read or is not valid.
 */
export async function loadConfig(cwd: string, configPath?: string): Promise<ResolvedConfig> {
  const file = configPath !== undefined ? path.resolve(cwd, configPath) : await findConfig(cwd)
  if (file === undefined) return defaultConfig(cwd)
  const shown = configPath ?? shownPath(file, cwd)
  const config = checkConfig(await readJsonFile(file, shown), shown)
  const base = path.dirname(file)
  const defaults = defaultConfig(cwd)
  return {
    file,
    base,
    rules: {...config.rules},
    dispatchBudgetUs: config.dispatchBudgetUs ?? defaults.dispatchBudgetUs,
    endOfTrace: config.endOfTrace ?? defaults.endOfTrace,
    mappings: (config.mappings ?? []).map((m) => path.resolve(base, m)),
    ignore: [...(config.ignore ?? [])],
  }
}
