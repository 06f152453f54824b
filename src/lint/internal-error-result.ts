import type {FileResult} from '../findings/finding.js'

/** The result of a file whose linting failed in an unexpected way: only that file fails, the run goes on. */
export function internalErrorResult(file: string, error: unknown): FileResult {
  return {
    file,
    findings: [],
    fatal: {file, message: `internal error: ${error instanceof Error ? error.message : String(error)}`},
    events: 0,
    errorCount: 0,
    warningCount: 0,
    infoCount: 0,
  }
}
