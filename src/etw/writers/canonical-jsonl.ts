/**
 * Canonical events → `wsk-trace` JSON Lines (docs/trace-format.md), what `wsktrace convert`
 * writes: a header line, then one record per event with the names a driver developer reads
 * (`STATUS_PENDING`, `WSK_FLAG_AT_DISPATCH_LEVEL`, `SO_WSK_EVENT_CALLBACK`, `NonPagedPoolNx`),
 * numbers where a value has no name. Reading the file back gives the same events.
 */
import type {Writable} from 'node:stream'
import {DEFAULT_HEADER, type TraceEvent, type TraceHeader} from '../../trace/event.js'
import {requestName} from '../../trace/control-codes.js'
import {inspectActionName} from '../../trace/inspect-action.js'
import {flagNames} from '../../trace/name-table.js'
import {ntStatusName} from '../../trace/ntstatus.js'
import {SO_WSK_EVENT_CALLBACK, socketOptionName} from '../../trace/socket-options.js'
import {flagTableFor, WSK_EVENT_MASK} from '../../trace/wsk-flags.js'
import {WSK_SET_STATIC_EVENT_CALLBACKS} from '../../trace/control-codes.js'
import {TextOutput, type TraceWriter} from './text-output.js'

export function createCanonicalJsonlWriter(out: Writable): TraceWriter {
  const output = new TextOutput(out, 'utf8')
  let headerDone = false
  const writeHeader = (h: TraceHeader): void => {
    headerDone = true
    const record: Record<string, unknown> = {format: 'wsk-trace', version: 1, timeUnit: h.timeUnit}
    if (h.eventsLost > 0) record.eventsLost = h.eventsLost
    if (h.complete) record.complete = true
    if (h.source !== undefined) record.source = h.source
    void output.write(JSON.stringify(record) + '\n')
  }
  return {
    header: writeHeader,
    event(e: TraceEvent) {
      if (!headerDone) writeHeader(DEFAULT_HEADER)
      return output.write(JSON.stringify(canonicalRecord(e)) + '\n')
    },
    async end() {
      if (!headerDone) writeHeader(DEFAULT_HEADER)
      await output.end()
    },
  }
}

/** A TraceEvent as a canonical record (the fields it has, in the order of the format's table). */
export function canonicalRecord(e: TraceEvent): Record<string, unknown> {
  const r: Record<string, unknown> = {ts: e.ts, tid: e.tid}
  if (e.cpu !== undefined) r.cpu = e.cpu
  if (e.irql !== undefined) r.irql = e.irql
  r.event = e.event
  if (e.phase !== 'point') r.phase = e.phase
  if (e.socket !== undefined) r.socket = e.socket
  if (e.irp !== undefined) r.irp = e.irp
  if (e.flags !== undefined) r.flags = flagNames(e.flags, flagTableFor(e.event))
  if (e.acceptSocket !== undefined) r.acceptSocket = e.acceptSocket
  if (e.localAddress !== undefined) r.localAddress = e.localAddress
  if (e.remoteAddress !== undefined) r.remoteAddress = e.remoteAddress
  if (e.address !== undefined) r.address = e.address
  if (e.context !== undefined) r.context = e.context
  if (e.dispatch !== undefined) r.dispatch = e.dispatch
  if (e.inspectId !== undefined) r.inspectId = e.inspectId
  if (e.inspectIdPtr !== undefined) r.inspectIdPtr = e.inspectIdPtr
  if (e.action !== undefined) r.action = inspectActionName(e.action)
  if (e.option !== undefined) r.option = socketOptionName(e.option)
  if (e.request !== undefined) r.request = requestName(e.request, e.event)
  if (e.value !== undefined) r.value = isEventMask(e) ? flagNames(e.value, WSK_EVENT_MASK) : e.value
  if (e.pool !== undefined) r.pool = e.pool === 'paged' ? 'PagedPool' : 'NonPagedPoolNx'
  if (e.object !== undefined) r.object = e.object
  if (e.timeout !== undefined) r.timeout = e.timeout
  if (e.information !== undefined) r.information = e.information
  if (e.status !== undefined) r.status = ntStatusName(e.status)
  return r
}

/** `value` is an event mask for SO_WSK_EVENT_CALLBACK and WSK_SET_STATIC_EVENT_CALLBACKS. */
function isEventMask(e: TraceEvent): boolean {
  return (e.event === 'WskControlSocket' && e.option === SO_WSK_EVENT_CALLBACK) || (e.event === 'WskControlClient' && e.request === WSK_SET_STATIC_EVENT_CALLBACKS)
}
