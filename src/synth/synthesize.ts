/**
 * `wsktrace synth`: writes a complete synthetic WSK server session, streaming, in constant memory
 * (live objects only), the same bytes for the same options. With injections, it plants one
 * violation per rule and says where lint will report it.
 */
import type {TraceHeader} from '../trace/event.js'
import {formatMix, type SynthOptions} from './options.js'
import {lineModel, type SynthFormat, type TraceWriter} from './formats.js'
import {Session} from './session.js'
import {SynthBug, type Hit} from './walker.js'
import {sessionSetup} from './actors/setup.js'
import {PLANS_BY_RULE} from './inject/plans.js'

/** Where an injected violation is: what lint reports for it (rule, line, `object.id`). */
export interface InjectionReport {
  inject: string
  line: number
  /** The finding's object id; null for a line that is not a record. */
  object: string | null
  variant: string
  /** The table row it takes: machine, state, event. */
  machine?: string
  state?: string
  event?: string
  /** Findings the fault entails besides its own (a pended inspection left open leaves its listener open too). */
  also?: {rule: string; line: number; object: string | null}[]
}

export interface SynthResult {
  /** Records written. */
  records: number
  injections: InjectionReport[]
}

export function synthHeader(o: SynthOptions): TraceHeader {
  const inject = o.inject.length > 0 ? ` --inject ${o.inject.join(',')}` : ''
  const size = o.events > 0 ? ` --events ${o.events}` : ''
  return {
    format: 'wsk-trace',
    version: 1,
    timeUnit: 'us',
    eventsLost: 0,
    complete: true,
    source: `wsktrace synth --seed ${o.seed} --connections ${o.connections}${size} --threads ${o.threads} --workers ${o.workers} --live ${o.live} --mix ${formatMix(o.mix)}${inject}`,
  }
}

/** Checks what the command line cannot (rules known, sizes sane); throws one-line messages. */
export function validateSynthOptions(o: SynthOptions): void {
  for (const rule of o.inject) if (!PLANS_BY_RULE.has(rule)) throw new Error(`--inject: unknown rule '${rule}' (see wsktrace rules)`)
  if (o.threads < 1 || o.workers < 1 || o.live < 1) throw new Error('--threads, --workers and --live must be at least 1')
}

/**
 * Writes the session through `writer` (in `format`, for line numbers), ending its stream. Throws
 * SynthBug if the generator broke its own contract (never expected).
 */
export async function synthesize(o: SynthOptions, writer: TraceWriter, format: SynthFormat = 'jsonl'): Promise<SynthResult> {
  validateSynthOptions(o)
  const s = new Session(o)
  const w = s.w
  // A clean session never meets a violating row; with injections, every hit is checked below.
  w.strict = o.inject.length === 0
  const header = synthHeader(o)
  w.lines = await lineModel(format, header)
  writer.header(header)
  s.sched.spawn(sessionSetup(s))
  const out = w.out
  while (s.sched.step()) {
    for (let i = 0; i < out.length; i++) {
      const pending = writer.event(out[i]!)
      if (pending !== true) await pending
    }
    out.length = 0
  }
  w.finish()
  await writer.end()
  return {records: w.written, injections: report(s)}
}

/** Matches each injection with the walker's hit of its rule on its object; anything else is a bug. */
function report(s: Session): InjectionReport[] {
  const used = new Set<Hit>()
  const reports = s.injections.map((inj): InjectionReport => {
    if (inj.plan.target === 'record') return {inject: inj.rule, line: inj.line!, object: null, variant: inj.variant}
    const hit = s.w.hits.find((h) => !used.has(h) && h.rule === inj.rule && h.obj !== undefined && h.obj === inj.target)
    if (hit === undefined) throw new SynthBug(`could not plant ${inj.rule} (${inj.variant}): no violation of it on its target`)
    used.add(hit)
    return {inject: inj.rule, line: hit.line, object: hit.object, variant: inj.variant, machine: hit.machine, state: hit.state, event: hit.event}
  })
  // Consequences each variant declares, and nothing else.
  s.injections.forEach((inj, i) => {
    for (const rule of inj.plan.extras?.[inj.variant] ?? []) {
      const hit = s.w.hits.find((h) => !used.has(h) && h.rule === rule)
      if (hit === undefined) throw new SynthBug(`${inj.rule} (${inj.variant}) should also break ${rule}, and did not`)
      used.add(hit)
      ;(reports[i]!.also ??= []).push({rule, line: hit.line, object: hit.object})
    }
  })
  const unexplained = s.w.hits.filter((h) => !used.has(h))
  if (unexplained.length > 0) {
    const list = unexplained.map((h) => `${h.rule} at line ${h.line} (${h.machine} ${h.state} --${h.event}-->)`).join('; ')
    throw new SynthBug(`the injections of ${s.opts.inject.join(', ')} also broke: ${list}`)
  }
  return reports.sort((a, b) => a.line - b.line || a.inject.localeCompare(b.inject))
}
