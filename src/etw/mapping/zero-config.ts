/**
 * The zero-configuration convention: what a driver logs so that wsktrace understands its export
 * with no mapping file at all.
 *
 * - One TraceLogging event per DDI activation, named as the canonical catalogue names it
 *   (`WskAcceptEvent`, `IoCompletion`, `KeWaitForSingleObject`, …; docs/trace-format.md).
 * - `TraceLoggingOpcode(WINEVENT_OPCODE_START)` on entry and `…_STOP` on return for a bracket
 *   (`enter` / `exit`), `win:Info` (or no opcode) for a single record written after the return.
 * - Payload fields named as the canonical fields, in any case: `Socket`, `AcceptSocket`, `Irp`,
 *   `Irql`, `Status`, `Flags`, … Thread, CPU and time come from the event header.
 *
 * Any provider may log them; events of other names are not the driver's, and are counted.
 * An export that names no event (tracerpt CSV) or no field (WPA `Field N`) needs a mapping.
 */
import {canonicalEventName, type EventName} from '../../trace/event-catalogue.js'
import type {Phase} from '../../trace/event.js'
import type {RawLayout} from '../raw-event.js'
import {opcodeKey} from './mapping-file.js'

/** The DDI of an event kind under the convention, or undefined. */
export function conventionEvent(layout: RawLayout): EventName | undefined {
  return layout.eventName === undefined ? undefined : canonicalEventName(layout.eventName)
}

/**
 * Start → enter, Stop → exit, Info or none → point; any other opcode → undefined (not the
 * convention). The opcode number wins over its name when the export has both: names are
 * localized (tracerpt's Type column, XML RenderingInfo), numbers are not.
 */
export function phaseOfOpcode(layout: RawLayout): Phase | undefined {
  const key = layout.opcode !== undefined ? opcodeKey(layout.opcode) : layout.opcodeName !== undefined ? opcodeKey(layout.opcodeName) : undefined
  if (key === undefined || key === 'info' || key === '') return 'point'
  if (key === 'start') return 'enter'
  if (key === 'stop') return 'exit'
  return undefined
}

/** The layout's opcode as opcodeKey() spells it, by number and by name (a rule may name either). */
export function layoutOpcodeKeys(layout: RawLayout): string[] {
  const keys: string[] = []
  if (layout.opcode !== undefined) keys.push(opcodeKey(layout.opcode))
  if (layout.opcodeName !== undefined) keys.push(opcodeKey(layout.opcodeName))
  if (keys.length === 0) keys.push('info')
  return keys
}
