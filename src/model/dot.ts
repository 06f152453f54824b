/**
 * Graphviz DOT of a reference machine, drawn from the same table `lint` runs: green edges are
 * allowed transitions, red edges are violations (labelled with the rule), dashed edges have a
 * guard. With hit counts (coverage of a corpus), edge width follows use and unused edges are grey.
 */
import type {Machine} from './machine.js'
import type {StepContext} from './step-context.js'

export function machineToDot(m: Machine<string, string, StepContext>, hits?: ArrayLike<number>): string {
  const q = (s: string) => JSON.stringify(s)
  const lines = [`digraph ${q(m.def.name)} {`, `  label=${q(m.def.title)}; labelloc=t; rankdir=LR; node [shape=box, style=rounded, fontname="Helvetica"]; edge [fontname="Helvetica", fontsize=10];`]
  for (const [s, desc] of Object.entries(m.def.states)) {
    const shape = m.terminal[m.S[s]!] === true ? ', peripheries=2' : ''
    const init = s === m.def.initial ? ', style="rounded,bold"' : ''
    lines.push(`  ${q(s)} [tooltip=${q(desc)}${shape}${init}];`)
  }
  const states = Object.keys(m.def.states)
  m.def.transitions.forEach((t, i) => {
    const from = t.from === '*' ? states : t.from
    const guard = t.guard ? ` [${t.guard.name}]` : ''
    const label = t.violates ? `${t.on}${guard}\\n✗ ${t.violates.rule}` : `${t.on}${guard}`
    const n = hits ? hits[i] ?? 0 : undefined
    const color = t.violates ? 'red' : n === 0 ? 'grey' : 'darkgreen'
    const width = n === undefined || n === 0 ? 1 : Math.min(6, 1 + Math.log10(n))
    const style = t.guard ? 'dashed' : 'solid'
    for (const s of from) {
      const to = t.to ?? s
      lines.push(`  ${q(s)} -> ${q(to)} [label=${q(label + (n !== undefined ? ` (${n})` : ''))}, color=${color}, fontcolor=${color}, style=${style}, penwidth=${width.toFixed(1)}];`)
    }
  })
  lines.push('}')
  return lines.join('\n') + '\n'
}
