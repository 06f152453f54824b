import type {FileResult} from '../findings/finding.js'
import type {LintOptions} from './lint-options.js'
import {FatalInputError, type TraceSink} from '../trace/jsonl-reader.js'
import {readTraceSource, readTraceStream, withSource, type SourceSummary} from './trace-source.js'
import {spoolStdin} from './stdin-spool.js'
import {Replay} from '../model/replay.js'
import {DEFAULT_HEADER} from '../trace/event.js'
import {resolveWitnesses} from '../findings/witness-resolver.js'
import {severityCounts} from '../findings/severity-counts.js'

/**
 * Lints one trace file (`-` = stdin) in one streaming pass: read, validate, replay. Never throws
 * for bad input: a file that cannot be read as a trace at all comes back as `result.fatal` (and
 * no findings: a verdict on part of an unreadable file would mislead).
 */
export async function lintFile(file: string, options: LintOptions): Promise<FileResult> {
  const replay = new Replay(file, options)
  // endOfTrace "always": every trace is a complete session, exactly as if its header said so.
  const complete = options.endOfTrace === 'always'
  if (complete) replay.setHeader({...DEFAULT_HEADER, complete: true})
  const sink: TraceSink = {
    header: (h) => replay.setHeader(complete ? {...h, complete: true} : h),
    event: (e) => replay.event(e),
    invalid: (line, message) => replay.invalid(line, message),
  }
  // The replay keeps line numbers and copies, never the event itself: the reader may reuse one.
  const spool = file === '-' ? spoolStdin() : undefined
  let fatal: FileResult['fatal']
  let source: SourceSummary | undefined
  try {
    const read = {reuseEvents: true, inputFormat: options.inputFormat, mappings: options.mappings}
    source = spool !== undefined ? await readTraceStream(spool.chunks, 'stdin', sink, read) : await readTraceSource(file, sink, read)
  } catch (err) {
    if (err instanceof FatalInputError) fatal = {file, message: err.message, ...(err.line !== undefined ? {line: err.line} : {})}
    else fatal = {file, message: `internal error while reading: ${err instanceof Error ? err.message : String(err)}`}
  }
  const findings = fatal === undefined ? replay.finish() : []
  try {
    if (findings.length > 0) await resolveWitnesses(findings, spool?.path ?? file, {inputFormat: options.inputFormat, mappings: options.mappings})
  } catch {
    // The findings stand; their witness steps keep their line numbers without a description.
  } finally {
    await spool?.remove()
  }
  // An ETW export also says what it held besides WSK records (`--unmapped`; see trace-source.ts).
  return {file, findings, events: replay.events, ...severityCounts(findings), ...(fatal !== undefined ? {fatal} : {}), ...withSource(source)}
}
