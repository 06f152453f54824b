import {Flags} from '@oclif/core'
import {RULES} from '../rules/index.js'
import type {RuleMeta} from '../rules/rule-meta.js'
import {WsktraceCommand} from '../cli/wsktrace-command.js'

/** The rule list as aligned text columns: ID, SEVERITY, KIND, REF (`-` when the rule has no rulebook entry), TITLE. */
export function formatRuleTable(rules: readonly RuleMeta[]): string {
  const header = ['ID', 'SEVERITY', 'KIND', 'REF', 'TITLE']
  const rows = [header, ...rules.map((r) => [r.id, r.severity, r.kind, r.ref || '-', r.title])]
  const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  const lines = rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd())
  return `${lines.join('\n')}\n\n${rules.length} ${rules.length === 1 ? 'rule' : 'rules'}\n`
}

export default class Rules extends WsktraceCommand {
  static override summary = 'List every rule: id, default severity, kind, rulebook reference and title.'

  static override description = `kind "app": a violation is a bug in the traced WSK application. kind "model": an expectation about WSK itself; a violation means the trace (or the model) is inconsistent.

Run \`wsktrace explain <id>\` for a rule's description, documentation quote and example traces.`

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --format json']

  static override flags = {
    format: Flags.string({
      char: 'f',
      description: 'output format (json: every rule with all its metadata)',
      options: ['text', 'json'],
      default: 'text',
    }),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Rules)
    const rules = [...RULES] // registry order: the rulebook's
    process.stdout.write(flags.format === 'json' ? `${JSON.stringify(rules, null, 2)}\n` : formatRuleTable(rules))
  }
}
