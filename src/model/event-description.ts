/** How a record reads in a finding or a witness: `WskAcceptEvent exit`, `socket=0x… status=STATUS_SUCCESS`. */
import type {TraceEvent} from '../trace/event.js'
import {ntStatusName} from '../trace/ntstatus.js'
import {inspectActionName} from '../trace/inspect-action.js'
import {flagNames} from '../trace/name-table.js'
import {flagTableFor} from '../trace/wsk-flags.js'
import {socketOptionName} from '../trace/socket-options.js'
import {irqlName} from '../trace/irql.js'

export function eventLabel(e: TraceEvent): string {
  return e.phase === 'point' ? e.event : `${e.event} ${e.phase}`
}

const ID_FIELDS = ['socket', 'acceptSocket', 'irp', 'information', 'inspectId', 'inspectIdPtr', 'localAddress', 'remoteAddress', 'address', 'object', 'context', 'dispatch'] as const

/** The fields that matter, compactly; only called when a finding is built, never per event. */
export function describeEvent(e: TraceEvent): string {
  const parts: string[] = []
  for (const f of ID_FIELDS) {
    const v = e[f]
    if (v !== undefined) parts.push(`${f}=${v === null ? 'NULL' : v}`)
  }
  if (e.option !== undefined) parts.push(`option=${socketOptionName(e.option)}`)
  if (e.value !== undefined) parts.push(`value=${e.option !== undefined && e.option >= 0x4000 ? flagNames(e.value, flagTableFor('WskControlSocket')) : e.value}`)
  if (e.flags !== undefined) parts.push(`flags=${flagNames(e.flags, flagTableFor(e.event))}`)
  if (e.action !== undefined) parts.push(`action=${inspectActionName(e.action)}`)
  if (e.status !== undefined) parts.push(`status=${ntStatusName(e.status)}`)
  if (e.timeout !== undefined) parts.push(`timeout=${e.timeout === null ? 'INFINITE' : e.timeout}`)
  if (e.pool !== undefined) parts.push(`pool=${e.pool}`)
  if (e.irql !== undefined) parts.push(`irql=${irqlName(e.irql)}`)
  return parts.join(' ')
}
