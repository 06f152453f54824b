/**
 * Mapping files (schemas/mapping.schema.json): load, check, compile.
 *
 * A file is checked with ajv against the schema (every error, one line each, with its JSON path),
 * then for what a schema cannot say: DDI names of the catalogue, canonical field names, `#n`
 * selectors, provider aliases that exist. Any problem is a MappingError naming the file and the
 * path (`m.json: /events/2/fields/sock: unknown canonical field "sock" (did you mean "socket"?)`).
 */
import {readFile} from 'node:fs/promises'
import {canonicalEventName, suggestEventName, type EventName} from '../../trace/event-catalogue.js'
import {ConfigError} from '../../config/config-error.js'
import {schemaErrorLines, schemaValidator} from '../../config/schema-check.js'
import type {Phase} from '../../trace/event.js'
import {payloadFieldNamed, PAYLOAD_FIELDS, type PayloadField, type ValueType} from './field-values.js'

/** A mapping file that cannot be used: one line per problem (commands print them as they print a bad configuration file). */
export class MappingError extends ConfigError {
  constructor(lines: readonly string[]) {
    super(lines)
    this.name = 'MappingError'
  }
}

/** Where a field's value comes from. */
export type Source = {pos: number} | {name: string} | {header: 'activityId' | 'pid' | 'tid' | 'cpu'}

export interface FieldRule {
  field: PayloadField
  /** Alternatives, first that the event kind has. Empty with `constant`. */
  from: Source[]
  type: ValueType
  /** Exact text → value, then lower-case text → value. */
  map: Map<string, unknown> | undefined
  constant?: {value: unknown}
}

export interface MatchRule {
  providers: Array<{names: string[]; guids: string[]}> | undefined
  events: string[] | undefined
  opcodes: string[] | undefined
  eventIds: number[] | undefined
  versions: number[] | undefined
  tasks: number[] | undefined
  keys: string[] | undefined
}

export interface EventRule {
  /** `m.json /events/3`: how messages name the rule. */
  where: string
  match: MatchRule
  event: EventName
  phase: Phase | 'auto'
  namedFields: boolean
  fields: FieldRule[]
  /** Canonical fields the rule leaves out (`null`). */
  dropped: Set<PayloadField>
}

export interface MappingFile {
  file: string
  name: string | undefined
  zeroConfig: boolean
  rules: EventRule[]
}

interface RawFieldObject {
  from?: string | string[]
  type?: ValueType
  map?: Record<string, unknown>
  value?: unknown
}

type RawField = null | string | string[] | RawFieldObject

interface RawRule {
  match: Record<string, unknown>
  event: string
  phase?: Phase | 'auto'
  namedFields?: boolean
  fields?: Record<string, RawField>
}

interface RawMapping {
  mapVersion: 1
  name?: string
  zeroConfig?: boolean
  providers?: Record<string, {names?: string[]; guids?: string[]}>
  events?: RawRule[]
}

const cache = new Map<string, Promise<MappingFile>>()

/** Loads (once per path and process) and checks a mapping file. `shown` is how messages name it. */
export function loadMappingFile(file: string, shown: string = file): Promise<MappingFile> {
  let p = cache.get(file)
  if (p === undefined) {
    p = readMapping(file, shown)
    cache.set(file, p)
    p.catch(() => cache.delete(file))
  }
  return p
}

async function readMapping(file: string, shown: string): Promise<MappingFile> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new MappingError([`${shown}: cannot read the mapping file: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(error)}`])
  }
  let doc: unknown
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (error) {
    throw new MappingError([`${shown}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`])
  }
  return compileMapping(doc, shown, file)
}

/** Checks and compiles a parsed mapping document. */
export function compileMapping(doc: unknown, shown: string, file = shown): MappingFile {
  const validate = schemaValidator('mapping.schema.json')
  if (!validate(doc)) throw new MappingError(schemaErrorLines(shown, validate.errors, doc))
  const m = doc as RawMapping
  const problems: string[] = []
  const aliases = new Map<string, {names: string[]; guids: string[]}>()
  for (const [alias, p] of Object.entries(m.providers ?? {})) {
    aliases.set(alias, {names: (p.names ?? []).map((n) => n.toLowerCase()), guids: (p.guids ?? []).map(normalizeGuid)})
  }
  const rules: EventRule[] = []
  ;(m.events ?? []).forEach((r, i) => {
    const where = `/events/${i}`
    const event = canonicalEventName(r.event)
    if (event === undefined) {
      const hint = suggestEventName(r.event)
      problems.push(`${shown}: ${where}/event: unknown DDI "${r.event}", not in the wsk-trace v1 catalogue` + (hint !== undefined ? ` (did you mean "${hint}"?)` : ''))
      return
    }
    const fields: FieldRule[] = []
    const dropped = new Set<PayloadField>()
    for (const [name, spec] of Object.entries(r.fields ?? {})) {
      const field = PAYLOAD_FIELDS.find((f) => f === name)
      if (field === undefined) {
        const hint = payloadFieldNamed(name)
        problems.push(`${shown}: ${where}/fields/${name}: unknown canonical field "${name}"` + (hint !== undefined ? ` (did you mean "${hint}"?)` : ` (one of: ${PAYLOAD_FIELDS.join(', ')})`))
        continue
      }
      if (spec === null) {
        dropped.add(field)
        continue
      }
      const compiled = fieldRule(field, spec, `${shown}: ${where}/fields/${name}`, problems)
      if (compiled !== undefined) fields.push(compiled)
    }
    rules.push({
      where: `${shown} ${where}`,
      match: matchRule(r.match, aliases, `${shown}: ${where}/match`, problems),
      event,
      phase: r.phase ?? 'auto',
      namedFields: r.namedFields ?? true,
      fields,
      dropped,
    })
  })
  if (problems.length > 0) throw new MappingError(problems)
  return {file, name: m.name, zeroConfig: m.zeroConfig ?? true, rules}
}

function fieldRule(field: PayloadField, spec: Exclude<RawField, null>, where: string, problems: string[]): FieldRule | undefined {
  const obj: RawFieldObject = typeof spec === 'string' || Array.isArray(spec) ? {from: spec} : spec
  const map = obj.map === undefined ? undefined : new Map<string, unknown>()
  if (obj.map !== undefined) {
    for (const [k, v] of Object.entries(obj.map)) {
      map!.set(k, v)
      if (!map!.has(k.toLowerCase())) map!.set(k.toLowerCase(), v)
    }
  }
  if (Object.hasOwn(obj, 'value')) return {field, from: [], type: 'auto', map: undefined, constant: {value: obj.value}}
  if (obj.from === undefined) {
    problems.push(`${where}: needs "from" (where the value comes from) or "value" (a constant)`)
    return undefined
  }
  const from: Source[] = []
  for (const sel of Array.isArray(obj.from) ? obj.from : [obj.from]) {
    const s = selector(sel)
    if (typeof s === 'string') problems.push(`${where}: ${s}`)
    else from.push(s)
  }
  return {field, from, type: obj.type ?? 'auto', map}
}

function selector(sel: string): Source | string {
  if (sel.startsWith('#')) {
    const n = Number(sel.slice(1))
    return Number.isInteger(n) && n >= 1 ? {pos: n} : `"${sel}" is not a payload position (#1, #2, …)`
  }
  if (sel.startsWith('$')) {
    const h = sel.slice(1)
    return h === 'activityId' || h === 'pid' || h === 'tid' || h === 'cpu' ? {header: h} : `"${sel}" is not a header value ($activityId, $pid, $tid, $cpu)`
  }
  return {name: sel}
}

function matchRule(raw: Record<string, unknown>, aliases: Map<string, {names: string[]; guids: string[]}>, where: string, problems: string[]): MatchRule {
  const list = (v: unknown): Array<string | number> | undefined => (v === undefined ? undefined : Array.isArray(v) ? (v as Array<string | number>) : [v as string | number])
  const numbers = (key: string): number[] | undefined => {
    const v = list(raw[key])
    if (v === undefined) return undefined
    const out: number[] = []
    for (const x of v) {
      const n = typeof x === 'number' ? x : Number(x)
      if (Number.isInteger(n) && n >= 0) out.push(n)
      else problems.push(`${where}/${key}: "${String(x)}" is not a number`)
    }
    return out
  }
  const providers = list(raw.provider)?.map((p) => {
    const s = String(p)
    const alias = aliases.get(s)
    if (alias !== undefined) return alias
    if (isGuid(s)) return {names: [], guids: [normalizeGuid(s)]}
    return {names: [s.toLowerCase()], guids: []}
  })
  return {
    providers,
    events: list(raw.event)?.map((e) => String(e).toLowerCase()),
    opcodes: list(raw.opcode)?.map(opcodeKey),
    eventIds: numbers('eventId'),
    versions: numbers('version'),
    tasks: numbers('task'),
    keys: list(raw.key)?.map(String),
  }
}

/** `win:Start`, `Start`, `start`, `1` → `start`; `Info`/`0` → `info`; `Stop`/`2` → `stop`; other names lower-case. */
export function opcodeKey(op: string | number): string {
  if (typeof op === 'number') return op === 0 ? 'info' : op === 1 ? 'start' : op === 2 ? 'stop' : String(op)
  const t = op.trim().toLowerCase()
  const name = t.startsWith('win:') ? t.slice(4) : t
  if (/^\d+$/.test(name)) return opcodeKey(Number(name))
  return name
}

function isGuid(s: string): boolean {
  return /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i.test(s)
}

/** `{ABC…}` or `abc…` → `{abc…}`. */
export function normalizeGuid(s: string): string {
  const t = s.trim().toLowerCase()
  return t.startsWith('{') ? t : `{${t}}`
}
