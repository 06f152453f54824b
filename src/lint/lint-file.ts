import {stat} from 'node:fs/promises'
import type {FileResult} from '../findings/finding.js'
import type {LintOptions} from './lint-options.js'
import {FatalInputError, readJsonlStream, readJsonlTrace, type TraceSink} from '../trace/jsonl-reader.js'
import {spoolStdin} from './stdin-spool.js'
import {Replay} from '../model/replay.js'
import {DEFAULT_HEADER} from '../trace/event.js'
import {resolveWitnesses} from '../findings/witness-resolver.js'

/**
 * Lints one trace file (`-` = stdin) in one streaming pass: read, validate, replay. Never throws
 * for bad input: a file that cannot be read as a trace at all comes back as `result.fatal`, with
 * whatever findings were made before the problem.
 */
export async function lintFile(file: string, options: LintOptions): Promise<FileResult> {
  const replay = new Replay(file, options)
  const sink: TraceSink = {
    header: (h) => replay.setHeader(h),
    event: (e) => replay.event(e),
    invalid: (line, message) => replay.invalid(line, message),
  }
  // The replay keeps line numbers and copies, never the event itself: the reader may reuse one.
  const spool = file === '-' ? spoolStdin() : undefined
  let fatal: FileResult['fatal']
  try {
    if (spool !== undefined) await readJsonlStream(spool.chunks, sink, {name: 'stdin', reuseEvents: true})
    else await readJsonlTrace(file, sink, {reuseEvents: true})
  } catch (err) {
    if (err instanceof FatalInputError) fatal = {file, message: err.message, ...(err.line !== undefined ? {line: err.line} : {})}
    else fatal = {file, message: `internal error while reading: ${err instanceof Error ? err.message : String(err)}`}
  }
  const findings = fatal === undefined ? replay.finish() : []
  try {
    if (findings.length > 0) await resolveWitnesses(findings, spool?.path ?? file)
  } finally {
    await spool?.remove()
  }
  let errorCount = 0
  let warningCount = 0
  let infoCount = 0
  for (const f of findings) {
    if (f.severity === 'error') errorCount++
    else if (f.severity === 'warning') warningCount++
    else infoCount++
  }
  return {file, findings, events: replay.events, errorCount, warningCount, infoCount, ...(fatal !== undefined ? {fatal} : {})}
}

/** True when `path` names something lintFile can open (used by callers that pre-check). */
export async function isReadableFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}
