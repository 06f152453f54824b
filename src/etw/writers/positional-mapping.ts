/**
 * The mapping that reads back what the tracerpt CSV writer writes: one rule per DDI and opcode,
 * matched by manifest event id, fields by position. docs/mapping-tracerpt-csv-template.json is
 * this document (a test keeps them equal), with comments for a driver author to adapt it.
 */
import {EVENT_NAMES, type EventName} from '../../trace/event-catalogue.js'
import {DDI_FIELDS, eventIdOf, opcodeWinName, PHASES} from './etw-layout.js'

export interface PositionalRule {
  match: {provider: string; eventId: number}
  event: EventName
  phase: 'point' | 'enter' | 'exit'
  fields: Record<string, string>
}

/** The rules for a manifest provider laid out as etw-layout.ts says, under the provider alias `driver`. */
export function positionalRules(): PositionalRule[] {
  const rules: PositionalRule[] = []
  for (const event of EVENT_NAMES as readonly EventName[]) {
    const fields = Object.fromEntries(DDI_FIELDS[event].map((f, i) => [f, `#${i + 1}`]))
    for (const phase of PHASES) rules.push({match: {provider: 'driver', eventId: eventIdOf(event, phase)}, event, phase, fields})
  }
  return rules
}

/** The whole mapping document for provider `provider` (the writer's default: `Contoso-WskDriver`). */
export function positionalMapping(provider = 'Contoso-WskDriver'): Record<string, unknown> {
  return {
    mapVersion: 1,
    name: 'tracerpt CSV: a manifest provider with one event id per DDI and opcode, payload by position',
    providers: {driver: {names: [provider]}},
    events: positionalRules(),
  }
}

/**
 * The mapping that reads back the WPA writer's `Field 1…N` columns: events by name and opcode
 * (WPA shows TraceLogging names as Task Name), payload by position.
 */
export function wpaFieldsMapping(provider = 'Contoso.WskDriver'): Record<string, unknown> {
  const events = []
  for (const event of EVENT_NAMES as readonly EventName[]) {
    const fields = Object.fromEntries(DDI_FIELDS[event].map((f, i) => [f, `#${i + 1}`]))
    for (const phase of PHASES) events.push({match: {provider: 'driver', event, opcode: opcodeWinName(phase)}, event, phase, namedFields: false, fields})
  }
  return {mapVersion: 1, name: 'WPA Generic Events, Field 1…N', zeroConfig: false, providers: {driver: {names: [provider]}}, events}
}
