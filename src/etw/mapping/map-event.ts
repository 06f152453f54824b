/**
 * Raw events → canonical records, by plans made once per event kind (RawLayout).
 *
 * A plan says which DDI and phase an event kind is and where each canonical field comes from
 * (a payload position, a header value, a constant). It is made on the first event of its kind:
 * the mapping files' rules in order, then the zero-configuration convention. Per event, the
 * mapper only reads the payload texts the plan names and builds a plain canonical record
 * (`{ts, tid, cpu, event, phase, socket, status, …}`), which the caller hands to the one
 * normaliser of the project, normalizeEvent (src/trace/normalize.ts), exactly like a JSON line.
 *
 * A row still in bytes (RawEvent.row, the dumper's byte path) is instead filled straight into
 * the event (`fill`): each cell's bytes are looked up in a table that remembers the value that
 * record + normalizeEvent made of the same bytes before, so a pointer seen a million times is
 * converted once. Anything else — a conversion error, a plan reading header texts — returns undefined
 * and the caller completes the row and takes the record path, which words the errors.
 */
import type {EventName} from '../../trace/event-catalogue.js'
import type {Phase, TraceEvent} from '../../trace/event.js'
import {ByteStringTable} from '../../trace/byte-string-table.js'
import {convertField, EventBuilder, fieldCode, ID_FIELDS, isCpuNumber, isNormalizeError, isTimestamp} from '../../trace/normalize.js'
import {cellText, pidOf, type ByteRow, type CellMemo, type CellRead, type RawEvent, type RawLayout} from '../raw-event.js'
import {converterFor, NUMERIC_FIELDS, numericCell, payloadFieldNamed, type Converter, type PayloadField} from './field-values.js'
import {normalizeGuid, type EventRule, type FieldRule, type MappingFile, type MatchRule} from './mapping-file.js'
import {conventionEvent, layoutOpcodeKeys, phaseOfOpcode} from './zero-config.js'

/** Where one canonical field of a plan comes from. */
interface FieldPlan {
  field: PayloadField
  /** The field's code for EventBuilder (normalize.ts fieldCode). */
  code: number
  /** Which cell-to-value conversion it makes (see conversionKind): fields of one kind share remembered values. */
  kind: number
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
  /** What rows of this plan need to be filled from bytes (see newPlan), when they can be. */
  fill: FillPlan | undefined
  /** The cells fill looks up (cellsRead), made on first use. */
  cells: CellRead[] | undefined
}

/** The values of a plan that do not depend on the row, as the event holds them. */
interface FillPlan {
  event: unknown
  /** Undefined for a point record (no phase field). */
  phase: unknown
  /** Per field of the plan: its constant's value, converted (unused for payload fields). */
  constants: unknown[]
}

/** Distinct cell texts whose values `fill` remembers (direct-mapped: memory is fixed). */
const CELL_SLOTS = 1 << 15
/** A remembered cell that gives the field no value (empty, or a converter that leaves it out). */
const ABSENT: unique symbol = Symbol('absent')
/** A remembered cell whose value the normaliser refuses: the record path words the error. */
const REFUSED: unique symbol = Symbol('refused')

/** What `layout.plan` holds once decided: a plan, or NO_PLAN. */
const NO_PLAN = {unmapped: true} as const

export class EventMapper {
  private readonly rules: EventRule[]
  private readonly zeroConfig: boolean
  private readonly builder = new EventBuilder()
  /** Made on the first row filled from bytes. */
  private cells: ByteStringTable | undefined

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
      let v: unknown
      if (f.pos > 0) {
        if (f.pos > raw.valueCount) continue
        const cell = raw.values[raw.valueOffset + f.pos - 1]
        if (cell === undefined) continue
        v = cellValue(f, cell)
      } else if (f.constant !== undefined) {
        rec[f.field] = f.constant.value
        continue
      } else {
        const text = headerText(raw, f.header)
        v = text === undefined || text.length === 0 ? undefined : f.convert(text)
      }
      if (v !== undefined) rec[f.field] = v
    }
    return rec
  }

  /**
   * The event of a row still in bytes (`raw.row`), written into `into`: what record +
   * normalizeEvent make of it, the same fields set in the same order, from cell values
   * remembered by their bytes. Undefined when the row must take that path instead (the caller
   * completes it first): a value the normaliser refuses, a missing thread, a plan that reads
   * header texts. (Rows of strings — tracerpt CSV and XML, WPA — gain nothing from a memo keyed
   * by text: measured, tracerpt CSV 6.0–6.7 s with one, 6.2–6.3 s without. They take record.)
   */
  fill(raw: RawEvent, plan: Plan, into: TraceEvent | undefined): TraceEvent | undefined {
    const fill = plan.fill
    if (fill === undefined || raw.tid === undefined) return undefined
    const row = raw.row
    if (row === undefined) return undefined
    const b = this.builder
    b.begin(raw.line, into)
    // The header numbers checked here as convertField checks them (one call each per row cost
    // ~25 ms per million rows); anything else goes through it, and a refusal to the record path.
    const ts = raw.ts
    const tid = raw.tid
    const cpu = raw.cpu
    if (!isTimestamp(ts)) return undefined
    b.store(FIELD_TS, ts)
    if (typeof tid === 'number' && Number.isInteger(tid)) b.store(FIELD_TID, tid)
    else if (b.set(FIELD_TID, tid) !== undefined) return undefined
    b.store(FIELD_EVENT, fill.event)
    if (cpu !== undefined) {
      if (!isCpuNumber(cpu)) return undefined
      b.store(FIELD_CPU, cpu)
    }
    if (fill.phase !== undefined) b.store(FIELD_PHASE, fill.phase)
    const memo = row.memo ?? (this.cells ??= new ByteStringTable(CELL_SLOTS))
    const fields = plan.fields
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!
      if (f.pos === 0) {
        b.store(f.code, fill.constants[i])
        continue
      }
      if (f.pos > raw.valueCount) continue
      const k = raw.valueOffset + f.pos - 1
      const x = byteCell(memo, row, k, f)
      if (x === ABSENT) continue
      if (x === REFUSED) return undefined
      b.store(f.code, x)
    }
    const e = b.finish()
    return isNormalizeError(e) ? undefined : e
  }

  /**
   * The payload cells `fill` looks up in a row of `plan`, in its order (see RawSink.cellsRead);
   * undefined when rows of the plan are not filled from bytes.
   */
  cellsRead(plan: Plan): ReadonlyArray<CellRead> | undefined {
    if (plan.fill === undefined) return undefined
    return (plan.cells ??= plan.fields.filter((f) => f.pos > 0).map((f) => ({pos: f.pos, kind: f.kind})))
  }

  private decide(layout: RawLayout): Plan | undefined {
    for (const rule of this.rules) if (matches(rule.match, layout)) return fromRule(rule, layout)
    if (!this.zeroConfig) return undefined
    const event = conventionEvent(layout)
    const phase = phaseOfOpcode(layout)
    if (event === undefined || phase === undefined) return undefined
    return newPlan(event, phase, namedFields(layout, new Set()), 'zero-config')
  }
}

const FIELD_TS = fieldCode('ts')
const FIELD_TID = fieldCode('tid')
const FIELD_EVENT = fieldCode('event')
const FIELD_PHASE = fieldCode('phase')
const FIELD_CPU = fieldCode('cpu')

/**
 * A payload cell (as the reader cut it) → the value the canonical record gets, or undefined for
 * none. Numeric fields read a plain integer without making a string first.
 */
function cellValue(f: FieldPlan, cell: string): unknown {
  if (f.numeric) {
    const n = numericCell(cell)
    if (n !== undefined) return n
  }
  const text = cellText(cell)
  return text.length === 0 ? undefined : f.convert(text)
}

/** Cell k of a byte row as field plan `f` converts it: remembered in the slot of its bytes. */
function byteCell(memo: CellMemo, row: ByteRow, k: number, f: FieldPlan): unknown {
  const slot = memo.slotOfCell(row, k, f.kind)
  if (slot < 0) return slot === -1 ? ABSENT : REFUSED // empty: no field; not printable ASCII: the text path decodes it
  if (!memo.hasConverted(slot, f.kind)) memo.setConverted(slot, f.kind, convertCell(f, memo.string(slot)))
  return memo.convertedValue(slot)
}

/** What `fill` stores for a cell: its value as the event holds it, ABSENT, or REFUSED. */
function convertCell(f: FieldPlan, cell: string): unknown {
  const v = cellValue(f, cell)
  if (v === undefined) return ABSENT
  const x = convertField(f.code, v)
  return isNormalizeError(x) ? REFUSED : x
}

/**
 * A plan, able to fill rows from bytes when every field comes from the payload or is a valid
 * constant, each field at most once (record keeps the last value of a field set twice, at its
 * first place: not worth copying). Header sources ($activityId, $pid …) need the row's texts.
 * Every plan is this one literal, all fields written: plans made by spreading had a dozen hidden
 * classes, and fill's reads of `plan.fill` and `plan.fields` per row went megamorphic.
 */
function newPlan(event: EventName, phase: Phase, fields: FieldPlan[], by: string): Plan {
  const filledEvent = convertField(FIELD_EVENT, event)
  const filledPhase = phase === 'point' ? undefined : convertField(FIELD_PHASE, phase)
  const constants = fields.map((f) => (f.constant !== undefined ? convertField(f.code, f.constant.value) : undefined))
  const codes = fields.map((f) => f.code)
  const fillable =
    fields.every((f) => f.pos > 0 || f.constant !== undefined) &&
    new Set(codes).size === codes.length &&
    ![filledEvent, filledPhase, ...constants].some((x) => isNormalizeError(x))
  const fill: FillPlan | undefined = fillable ? {event: filledEvent, phase: filledPhase, constants} : undefined
  return {event, phase, fields, by, fill, cells: undefined}
}

/**
 * Conversion kinds: a number per (converter, numeric reading, field) — ids share one, since
 * every id field converts a text alike — so a remembered cell value is only reused for the
 * conversion that made it. Held per converter in a WeakMap: a value-mapped field's converter is
 * made once per field rule (mappedConverter), and a mapping no longer used takes its kinds with it.
 */
const KINDS = new WeakMap<Converter, Map<string, number>>()
let lastKind = 0

function conversionKind(convert: Converter, numeric: boolean, field: PayloadField): number {
  const key = (ID_FIELDS.has(field) ? 'id' : field) + (numeric ? ' numeric' : '')
  let byField = KINDS.get(convert)
  if (byField === undefined) KINDS.set(convert, (byField = new Map()))
  let kind = byField.get(key)
  if (kind === undefined) byField.set(key, (kind = ++lastKind))
  return kind
}

/** A value-mapped field's converter, one per field rule (the same kind for every layout and file it serves). */
const MAPPED = new WeakMap<FieldRule, Converter>()

function mappedConverter(f: FieldRule, map: Map<string, unknown>): Converter {
  let convert = MAPPED.get(f)
  if (convert === undefined) MAPPED.set(f, (convert = withMap(map, converterFor(f.field, f.type))))
  return convert
}

/** A field plan with its code and conversion kind. */
function fieldPlan(field: PayloadField, pos: number, header: FieldPlan['header'], convert: Converter, constant: FieldPlan['constant'], numeric: boolean): FieldPlan {
  return {field, code: fieldCode(field), kind: conversionKind(convert, numeric, field), pos, header, convert, constant, numeric}
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
  return newPlan(rule.event, phase, fields, rule.where)
}

/** A field rule for one layout: its first source the layout has, with its converter. */
function resolve(f: FieldRule, layout: RawLayout): FieldPlan | undefined {
  const convert: Converter = f.map === undefined ? converterFor(f.field, f.type) : mappedConverter(f, f.map)
  const numeric = f.map === undefined && f.type === 'auto' && NUMERIC_FIELDS.has(f.field)
  if (f.constant !== undefined) return fieldPlan(f.field, 0, undefined, convert, f.constant, false)
  for (const s of f.from) {
    if ('pos' in s) return fieldPlan(f.field, s.pos, undefined, convert, undefined, numeric)
    if ('header' in s) return fieldPlan(f.field, 0, s.header, convert, undefined, false)
    const i = indexOfName(layout.names, s.name)
    if (i !== -1) return fieldPlan(f.field, i + 1, undefined, convert, undefined, numeric)
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
    out.push(fieldPlan(field, i + 1, undefined, converterFor(field), undefined, NUMERIC_FIELDS.has(field)))
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

