/**
 * Raw events → canonical records, by plans made once per event kind (RawLayout).
 *
 * A plan says which DDI and phase an event kind is and where each canonical field comes from
 * (a payload position, a header value, a constant). It is made on the first event of its kind:
 * the mapping files' rules in order, then the zero-configuration convention. Per event, the
 * mapper only reads the payload texts the plan names and builds a plain canonical record
 * (`{ts, tid, cpu, event, phase, socket, status, …}`), which the caller hands to the one
 * normaliser of the project, normalizeEvent (src/trace/normalize.ts), exactly like a JSON line.
 */
import type {EventName} from '../../trace/event-catalogue.js'
import type {Phase} from '../../trace/event.js'
import {payloadText, pidOf, type RawEvent, type RawLayout} from '../raw-event.js'
import {converterFor, NUMERIC_FIELDS, numericCell, payloadFieldNamed, type Converter, type PayloadField} from './field-values.js'
import {normalizeGuid, type EventRule, type FieldRule, type MappingFile, type MatchRule} from './mapping-file.js'
import {conventionEvent, layoutOpcodeKeys, phaseOfOpcode} from './zero-config.js'

/** Where one canonical field of a plan comes from. */
interface FieldPlan {
  field: PayloadField
  /** 1-based payload position; 0 for a header value or a constant. */
  pos: number
  header: 'activityId' | 'pid' | 'tid' | 'cpu' | undefined
  convert: Converter
  constant: {value: unknown} | undefined
  /** The cell may be read as a number directly (the field's default reading, no value map). */
  numeric: boolean
}

export interface Plan {
  event: EventName
  phase: Phase
  fields: FieldPlan[]
  /** The rule that made it (`m.json /events/3`), or `zero-config`. */
  by: string
}

/** What `layout.plan` holds once decided: a plan, or NO_PLAN. */
const NO_PLAN = {unmapped: true} as const

export class EventMapper {
  private readonly rules: EventRule[]
  private readonly zeroConfig: boolean

  constructor(mappings: readonly MappingFile[] = []) {
    this.rules = mappings.flatMap((m) => m.rules)
    this.zeroConfig = mappings.every((m) => m.zeroConfig)
  }

  /** The plan of an event kind (decided once, cached on the layout), or undefined when nothing maps it. */
  plan(layout: RawLayout): Plan | undefined {
    let p = layout.plan as Plan | typeof NO_PLAN | undefined
    if (p === undefined) {
      p = this.decide(layout) ?? NO_PLAN
      layout.plan = p
    }
    return p === NO_PLAN ? undefined : (p as Plan)
  }

  /** The canonical record of a raw event whose kind has `plan`. */
  record(raw: RawEvent, plan: Plan): Record<string, unknown> {
    const rec: Record<string, unknown> = {ts: raw.ts, tid: raw.tid, event: plan.event}
    if (raw.cpu !== undefined) rec.cpu = raw.cpu
    if (plan.phase !== 'point') rec.phase = plan.phase
    const fields = plan.fields
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]
      let text: string | undefined
      if (f.pos > 0) {
        if (f.numeric && f.pos <= raw.valueCount) {
          const n = numericCell(raw.values[raw.valueOffset + f.pos - 1]!)
          if (n !== undefined) {
            rec[f.field] = n
            continue
          }
        }
        text = payloadText(raw, f.pos)
      } else if (f.constant !== undefined) {
        rec[f.field] = f.constant.value
        continue
      } else text = headerText(raw, f.header)
      if (text === undefined || text.length === 0) continue
      const v = f.convert(text)
      if (v !== undefined) rec[f.field] = v
    }
    return rec
  }

  private decide(layout: RawLayout): Plan | undefined {
    for (const rule of this.rules) if (matches(rule.match, layout)) return fromRule(rule, layout)
    if (!this.zeroConfig) return undefined
    const event = conventionEvent(layout)
    const phase = phaseOfOpcode(layout)
    if (event === undefined || phase === undefined) return undefined
    return {event, phase, fields: namedFields(layout, new Set()), by: 'zero-config'}
  }
}

function fromRule(rule: EventRule, layout: RawLayout): Plan {
  const phase = rule.phase !== 'auto' ? rule.phase : phaseOfOpcode(layout) ?? 'point'
  const fields: FieldPlan[] = []
  const given = new Set<PayloadField>(rule.dropped)
  for (const f of rule.fields) {
    given.add(f.field)
    const plan = resolve(f, layout)
    if (plan !== undefined) fields.push(plan)
  }
  if (rule.namedFields) fields.push(...namedFields(layout, given))
  return {event: rule.event, phase, fields, by: rule.where}
}

/** A field rule for one layout: its first source the layout has, with its converter. */
function resolve(f: FieldRule, layout: RawLayout): FieldPlan | undefined {
  const base = converterFor(f.field, f.type)
  const convert: Converter = f.map === undefined ? base : withMap(f.map, base)
  const numeric = f.map === undefined && f.type === 'auto' && NUMERIC_FIELDS.has(f.field)
  if (f.constant !== undefined) return {field: f.field, pos: 0, header: undefined, convert, constant: f.constant, numeric: false}
  for (const s of f.from) {
    if ('pos' in s) return {field: f.field, pos: s.pos, header: undefined, convert, constant: undefined, numeric}
    if ('header' in s) return {field: f.field, pos: 0, header: s.header, convert, constant: undefined, numeric: false}
    const i = indexOfName(layout.names, s.name)
    if (i !== -1) return {field: f.field, pos: i + 1, header: undefined, convert, constant: undefined, numeric}
  }
  return undefined
}

/** Payload fields named like canonical fields (any case), except those in `except`. */
function namedFields(layout: RawLayout, except: ReadonlySet<PayloadField>): FieldPlan[] {
  const out: FieldPlan[] = []
  const seen = new Set<PayloadField>(except)
  layout.names.forEach((name, i) => {
    if (name === undefined) return
    const field = payloadFieldNamed(name)
    if (field === undefined || seen.has(field)) return
    seen.add(field)
    out.push({field, pos: i + 1, header: undefined, convert: converterFor(field), constant: undefined, numeric: NUMERIC_FIELDS.has(field)})
  })
  return out
}

function withMap(map: Map<string, unknown>, base: Converter): Converter {
  return (text) => {
    if (map.has(text)) return map.get(text)
    const lower = text.toLowerCase()
    if (map.has(lower)) return map.get(lower)
    return base(text)
  }
}

function headerText(raw: RawEvent, h: FieldPlan['header']): string | undefined {
  switch (h) {
    case 'activityId':
      return raw.activityId
    case 'pid':
      return pidOf(raw)?.toString()
    case 'tid':
      return raw.tid === undefined ? undefined : String(raw.tid)
    case 'cpu':
      return raw.cpu === undefined ? undefined : String(raw.cpu)
    default:
      return undefined
  }
}

function indexOfName(names: RawLayout['names'], name: string): number {
  const lower = name.toLowerCase()
  for (let i = 0; i < names.length; i++) if (names[i]?.toLowerCase() === lower) return i
  return -1
}

/** Whether an event kind has everything a rule's `match` asks for. */
export function matches(m: MatchRule, layout: RawLayout): boolean {
  if (m.keys !== undefined && !m.keys.includes(layout.key)) return false
  if (m.providers !== undefined) {
    const name = layout.providerName?.toLowerCase()
    const guid = layout.providerGuid === undefined ? undefined : normalizeGuid(layout.providerGuid)
    const ok = m.providers.some((p) => (name !== undefined && p.names.includes(name)) || (guid !== undefined && p.guids.includes(guid)))
    if (!ok) return false
  }
  if (m.events !== undefined && (layout.eventName === undefined || !m.events.includes(layout.eventName.toLowerCase()))) return false
  if (m.opcodes !== undefined) {
    const keys = layoutOpcodeKeys(layout)
    if (!m.opcodes.some((o) => keys.includes(o))) return false
  }
  if (m.eventIds !== undefined && (layout.eventId === undefined || !m.eventIds.includes(layout.eventId))) return false
  if (m.versions !== undefined && (layout.version === undefined || !m.versions.includes(layout.version))) return false
  if (m.tasks !== undefined && (layout.task === undefined || !m.tasks.includes(layout.task))) return false
  return true
}

