// STUB (owner: core engine). Replaced by the real replay; signature is the contract.
import type {FileResult} from '../findings/finding.js'
import type {LintOptions} from './lint-options.js'

/** Lints one trace file (`-` = stdin). Never throws for bad input: a fatal problem is `result.fatal`. */
export async function lintFile(file: string, _options: LintOptions): Promise<FileResult> {
  return {file, findings: [], events: 0, errorCount: 0, warningCount: 0, infoCount: 0}
}
