import type {InputFormat} from '../etw/detect-format.js'

/** Options of one lint run, shared by the library entry points and the CLI. */
export interface LintOptions {
  /** Budget for `callback-short-at-dispatch`, in microseconds (Microsoft's DPC guidance: 100 µs). */
  dispatchBudgetUs: number
  /**
   * When an object still open at the end of a trace is an error: `proof` (default) when the trace
   * proves the session ended, `always` for every trace, `never` (always a warning).
   */
  endOfTrace?: 'proof' | 'always' | 'never'
  /** Default mapping files for ETW inputs, absolute paths (from the configuration's `mappings`). */
  mappings?: readonly string[]
  /** Format of the input files: `auto` (default) detects it from the first bytes (src/etw/detect-format.ts). */
  inputFormat?: InputFormat | 'auto'
}

export const DEFAULT_LINT_OPTIONS: LintOptions = {dispatchBudgetUs: 100}
