/**
 * The ETW flags `lint` and `convert` share (`--input-format`, `--mapping`, `--unmapped`), the
 * options they become, and the `--unmapped` report.
 */
import path from 'node:path'
import {Flags} from '@oclif/core'
import {INPUT_FORMATS, type InputFormat} from '../etw/detect-format.js'
import {loadMappingFile, MappingError} from '../etw/mapping/mapping-file.js'
import type {SourceSummary} from '../etw/read-etw.js'
import type {LintReport} from '../lint/lint-report.js'
import {sourceOf} from '../lint/trace-source.js'

export const ETW_FLAGS = {
  'input-format': Flags.string({
    description: 'format of the input: auto detects it from the first bytes (wsk-trace JSON Lines, xperf dumper text, tracerpt XML or CSV, WPA CSV export)',
    options: ['auto', ...INPUT_FORMATS],
    default: 'auto',
  }),
  mapping: Flags.string({
    char: 'm',
    description: 'mapping file for ETW exports (repeatable; tried in order, before the configuration\'s mappings); see docs/mapping-example.json',
    multiple: true,
    // `--mapping m.json capture.csv`: the file after the mapping is a trace, not another mapping.
    multipleNonGreedy: true,
  }),
  unmapped: Flags.boolean({
    description: 'after the report, print on stderr the event kinds of ETW exports that nothing mapped, most frequent first (what to put in a mapping)',
    default: false,
  }),
}

/**
 * `--input-format` and the mapping files in effect (command line first, then the configuration's),
 * checked now so that a bad mapping file stops the run with its message (exit 2) instead of
 * failing every file.
 */
export async function etwOptions(flags: {'input-format'?: string; mapping?: string[]}, configMappings: readonly string[], cwd: string): Promise<{inputFormat: InputFormat | 'auto'; mappings?: string[]}> {
  const mappings = [...(flags.mapping ?? []).map((m) => path.resolve(cwd, m)), ...configMappings]
  const problems: string[] = []
  for (const m of mappings) {
    try {
      await loadMappingFile(m, path.relative(cwd, m) || m)
    } catch (error) {
      if (error instanceof MappingError) problems.push(...error.lines)
      else throw error
    }
  }
  if (problems.length > 0) throw new MappingError(problems)
  return {inputFormat: (flags['input-format'] ?? 'auto') as InputFormat | 'auto', ...(mappings.length > 0 ? {mappings} : {})}
}

/** The `--unmapped` report of a lint run: one block per ETW export, kinds most frequent first. */
export function unmappedReport(report: LintReport, cwd: string): string {
  const blocks: string[] = []
  for (const r of report.results) {
    const s = sourceOf(r)
    if (s === undefined) continue
    blocks.push(summaryText(path.relative(cwd, r.file) || r.file, s))
  }
  return blocks.length === 0 ? 'wsktrace: --unmapped: no ETW export among the inputs\n' : blocks.join('\n')
}

/**
 * Without --unmapped: one line per ETW export that gave no WSK record although it had events
 * (wrong provider, names that need a mapping, tracerpt CSV without one), saying what to do.
 */
export function nothingMappedHints(report: LintReport, cwd: string): string {
  let text = ''
  for (const r of report.results) {
    const s = sourceOf(r)
    if (s !== undefined) text += nothingMappedHint(path.relative(cwd, r.file) || r.file, s)
  }
  return text
}

export function nothingMappedHint(file: string, s: SourceSummary): string {
  if ((s.events ?? 0) > 0 || s.ignored === 0) return ''
  return `${file}: no event of this ${s.format} export maps to a WSK record (${s.ignored} events of ${s.unmapped.length} kinds): --unmapped lists them, a --mapping file maps them\n`
}

/** One file's summary: what was read, what nothing mapped. */
export function summaryText(file: string, s: SourceSummary): string {
  const lines = [`${file} (${s.format}): ${s.events ?? 0} WSK records, ${s.ignored} events nothing maps, ${s.skipped} lines skipped` + (s.eventsLost + s.buffersLost > 0 ? `, ${s.eventsLost} events and ${s.buffersLost} buffers lost by the recorder` : '')]
  for (const note of s.notes) lines.push(`  note: ${note}`)
  if (s.unmapped.length > 0) {
    const width = Math.max(...s.unmapped.map((u) => String(u.count).length))
    lines.push('  unmapped event kinds (count  kind):')
    for (const u of s.unmapped) lines.push(`  ${String(u.count).padStart(width)}  ${u.key}`)
  }
  return lines.join('\n') + '\n'
}
