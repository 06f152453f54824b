/** What `wsktrace.config.json` holds, and the configuration a run uses once defaults are filled in. */
import type {Severity} from '../rules/rule-meta.js'

/** A rule's configured level: a severity, or `off` to drop its findings. */
export type RuleLevel = Severity | 'off'

/**
 * When an object still open at the end of a trace is an error (a leak) and when a warning:
 * `proof` when the trace proves the session ended, `always` takes every trace as a complete
 * session, `never` keeps them all warnings.
 */
export type EndOfTracePolicy = 'proof' | 'always' | 'never'

/** The file name searched for, from the working directory upwards. */
export const CONFIG_FILE_NAME = 'wsktrace.config.json'

/** The file as written (validated by `schemas/config.schema.json`). */
export interface ConfigFile {
  rules?: Record<string, RuleLevel>
  dispatchBudgetUs?: number
  endOfTrace?: EndOfTracePolicy
  mappings?: string[]
  ignore?: string[]
}

/** The configuration of a run: every value filled in, paths absolute. */
export interface ResolvedConfig {
  /** Absolute path of the file read, or undefined when none was found (all defaults). */
  file: string | undefined
  /** Folder that relative paths and ignore globs start from: the file's folder, else the working directory. */
  base: string
  /** Only the rules the file sets; the others keep their default severity. */
  rules: Readonly<Record<string, RuleLevel>>
  dispatchBudgetUs: number
  endOfTrace: EndOfTracePolicy
  /** Absolute paths. */
  mappings: readonly string[]
  /** As written, relative to `base`. */
  ignore: readonly string[]
}
