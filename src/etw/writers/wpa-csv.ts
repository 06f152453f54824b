/**
 * Canonical events → a WPA "Export table…" CSV of the Generic Events table, flat (etw-formats.md
 * §3): the columns of the Generic Events preset, in its order, titled with their display names.
 *
 * ```
 * Provider Name,Task Name,Opcode Name,Id,Process,ThreadId,Cpu,Count,Field 1,…,Field 10,Time (s)
 * Contoso.WskDriver,WskAcceptEvent,win:Start,0,System (4),9,2,1,2,0xffffa00100001000,0x00000008,…,0.000100000
 * ```
 *
 * WPA shows payload fields as `Field 1…N`, positional; `payloadColumns: 'names'` titles one
 * column per canonical field instead (a table filtered to this provider, columns renamed), which
 * is what the zero-configuration reading needs. Time is seconds since the trace start, 9 decimals.
 */
import type {Writable} from 'node:stream'
import {DEFAULT_HEADER, MICROSECONDS_PER_UNIT, type TraceEvent, type TraceHeader} from '../../trace/event.js'
import {PAYLOAD_FIELDS} from '../mapping/field-values.js'
import {fieldsOf, MAX_DDI_FIELDS, nanosecondsOf, opcodeWinName, renderField, tlFieldName} from './etw-layout.js'
import {TextOutput, type EtwWriterOptions, type TraceWriter} from './text-output.js'

const EOL = '\r\n'

export interface WpaCsvOptions extends EtwWriterOptions {
  /** `fields` (default): `Field 1…N` as WPA shows them; `names`: one column per canonical field, titled with its name. */
  payloadColumns?: 'fields' | 'names'
}

export function createWpaCsvWriter(out: Writable, options: WpaCsvOptions = {}): TraceWriter {
  const provider = options.provider ?? 'Contoso.WskDriver'
  const process = `System (${options.pid ?? 4})`
  const named = options.payloadColumns === 'names'
  const output = new TextOutput(out, 'utf8')
  let header: TraceHeader | undefined
  let usPerUnit = 1

  const writeHeader = (h: TraceHeader): void => {
    header = h
    usPerUnit = MICROSECONDS_PER_UNIT[h.timeUnit]
    const payload = named ? PAYLOAD_FIELDS.map(tlFieldName) : Array.from({length: MAX_DDI_FIELDS}, (_, i) => `Field ${i + 1}`)
    void output.write(['Provider Name', 'Task Name', 'Opcode Name', 'Id', 'Process', 'ThreadId', 'Cpu', 'Count', ...payload, 'Time (s)'].join(',') + EOL)
  }

  return {
    header: writeHeader,
    event(e: TraceEvent) {
      if (header === undefined) writeHeader(DEFAULT_HEADER)
      const cells = [csv(provider), e.event, opcodeWinName(e.phase), '0', process, csv(String(e.tid)), String(e.cpu ?? 0), '1']
      const fields = fieldsOf(e)
      if (named) {
        for (const f of PAYLOAD_FIELDS) cells.push(fields.includes(f) ? csv(renderField(e, f, 'lower')) : '')
      } else {
        for (let i = 0; i < MAX_DDI_FIELDS; i++) cells.push(i < fields.length ? csv(renderField(e, fields[i], 'lower')) : '')
      }
      cells.push(seconds(nanosecondsOf(e, header!.timeUnit, usPerUnit)))
      return output.write(cells.join(',') + EOL)
    },
    async end() {
      if (header === undefined) writeHeader(DEFAULT_HEADER)
      await output.end()
    },
  }
}

/** Nanoseconds → `12.000345000`. */
function seconds(ns: number): string {
  const whole = Math.floor(ns / 1e9)
  return `${whole}.${String(ns - whole * 1e9).padStart(9, '0')}`
}

/** A cell, quoted when it holds a comma, a quote or a line break. */
function csv(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
