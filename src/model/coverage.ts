/**
 * Transition coverage: which rows of the reference tables the traces replayed so far exercised.
 * It tells a team whether its test traces ever went through conditional accept, an abort race or
 * a NULL AcceptSocket before it trusts a clean verdict. The counts are the engine's own (`hits`).
 */
import {MACHINES} from './machines/index.js'

export interface RowCoverage {
  from: string
  on: string
  guard?: string
  to?: string
  violates?: string
  hits: number
}

export interface MachineCoverage {
  machine: string
  title: string
  rows: number
  rowsHit: number
  /** Rows that allow a transition (not violations): the paths a clean corpus should walk. */
  allowedRows: number
  allowedRowsHit: number
  detail: RowCoverage[]
}

export function resetCoverage(): void {
  for (const m of MACHINES) m.hits.fill(0)
}

export function coverage(): MachineCoverage[] {
  return MACHINES.map((m) => {
    const detail = m.def.transitions.map((t, i): RowCoverage => ({
      from: t.from === '*' ? '*' : t.from.join('|'),
      on: t.on,
      ...(t.guard ? {guard: t.guard.name} : {}),
      ...(t.to ? {to: t.to} : {}),
      ...(t.violates ? {violates: t.violates.rule} : {}),
      hits: m.hits[i] ?? 0,
    }))
    const allowed = detail.filter((r) => r.violates === undefined)
    return {
      machine: m.def.name,
      title: m.def.title,
      rows: detail.length,
      rowsHit: detail.filter((r) => r.hits > 0).length,
      allowedRows: allowed.length,
      allowedRowsHit: allowed.filter((r) => r.hits > 0).length,
      detail,
    }
  })
}

export function formatCoverage(cov: MachineCoverage[], showUnused: boolean): string {
  const pct = (a: number, b: number) => (b === 0 ? '100%' : `${Math.round((100 * a) / b)}%`)
  const lines = ['MACHINE                ALLOWED ROWS HIT   VIOLATION ROWS HIT']
  for (const c of cov) {
    const v = c.rows - c.allowedRows
    const vHit = c.rowsHit - c.allowedRowsHit
    lines.push(`${c.machine.padEnd(22)} ${`${c.allowedRowsHit}/${c.allowedRows} (${pct(c.allowedRowsHit, c.allowedRows)})`.padEnd(18)} ${vHit}/${v} (${pct(vHit, v)})`)
    if (!showUnused) continue
    for (const r of c.detail) {
      if (r.hits > 0) continue
      lines.push(`    never: ${r.from} --${r.on}${r.guard ? ` [${r.guard}]` : ''}${r.to ? ` → ${r.to}` : ''}${r.violates ? `  ✗ ${r.violates}` : ''}`)
    }
  }
  const all = cov.reduce((a, c) => [a[0]! + c.allowedRowsHit, a[1]! + c.allowedRows], [0, 0])
  lines.push('', `allowed transitions exercised: ${all[0]}/${all[1]} (${pct(all[0]!, all[1]!)})`)
  return lines.join('\n') + '\n'
}
