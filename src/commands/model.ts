import {Args, Flags} from '@oclif/core'
import {WsktraceCommand} from '../cli/wsktrace-command.js'
import {MACHINES} from '../model/machines/index.js'
import {machineToDot} from '../model/dot.js'

export default class Model extends WsktraceCommand {
  static override description = 'Print the reference state machines (the transition tables lint runs), as text or Graphviz DOT'
  static override examples = ['<%= config.bin %> model', '<%= config.bin %> model accepted-socket --format dot | dot -Tsvg > accepted-socket.svg']
  static override args = {machine: Args.string({description: 'machine name (default: list them all)', required: false})}
  static override flags = {format: Flags.string({char: 'f', options: ['text', 'dot'], default: 'text', description: 'output format'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Model)
    const selected = args.machine ? MACHINES.filter((m) => m.def.name === args.machine) : MACHINES
    if (selected.length === 0) {
      process.stderr.write(`wsktrace model: unknown machine '${args.machine}' (known: ${MACHINES.map((m) => m.def.name).join(', ')})\n`)
      process.exitCode = 2
      return
    }
    const out: string[] = []
    for (const m of selected) {
      if (flags.format === 'dot') {
        out.push(machineToDot(m))
        continue
      }
      out.push(`${m.def.name} — ${m.def.title} (${Object.keys(m.def.states).length} states, ${m.def.transitions.length} rows)`)
      for (const t of m.def.transitions) {
        const from = t.from === '*' ? '*' : t.from.join('|')
        const guard = t.guard ? ` [${t.guard.name}]` : ''
        const to = t.to ? ` → ${t.to}` : ''
        const v = t.violates ? `  ✗ ${t.violates.rule}${t.violates.message ? ` (${t.violates.message})` : ''}` : ''
        out.push(`  ${from} --${t.on}${guard}${to}${v}`)
      }
      out.push('')
    }
    process.stdout.write(out.join('\n') + (flags.format === 'dot' ? '' : '\n'))
  }
}
