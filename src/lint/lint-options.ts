/** Options of one lint run, shared by the library entry points and the CLI. */
export interface LintOptions {
  /** Budget for `callback-short-at-dispatch`, in microseconds (Microsoft's DPC guidance: 100 µs). */
  dispatchBudgetUs: number
}

export const DEFAULT_LINT_OPTIONS: LintOptions = {dispatchBudgetUs: 100}
