import path from 'node:path'
import {Flags} from '@oclif/core'
import {RULES} from '../rules/index.js'
import type {RuleMeta} from '../rules/rule-meta.js'
import {WsktraceCommand} from '../cli/wsktrace-command.js'
import type {ResolvedConfig, RuleLevel} from '../config/config.js'
import {loadConfig} from '../config/load-config.js'

/** A rule's level in a run: the configured one, else its default severity. */
export function effectiveLevel(rule: RuleMeta, config: ResolvedConfig | undefined): RuleLevel {
  return config !== undefined && Object.hasOwn(config.rules, rule.id) ? config.rules[rule.id]! : rule.severity
}

/** The settings besides rule levels, one per line (`dispatchBudgetUs: 100`), then the file they come from. */
export function formatConfigSummary(config: ResolvedConfig, cwd: string): string {
  const list = (items: readonly string[]): string => (items.length === 0 ? '(none)' : items.join(', '))
  const set = Object.keys(config.rules).length
  return [
    `configuration: ${config.file === undefined ? '(none found: defaults)' : path.relative(cwd, config.file) || config.file}`,
    `  rules set: ${set}`,
    `  dispatchBudgetUs: ${config.dispatchBudgetUs}`,
    `  endOfTrace: ${config.endOfTrace}`,
    `  mappings: ${list(config.mappings.map((m) => path.relative(cwd, m) || m))}`,
    `  ignore: ${list(config.ignore)}`,
  ].join('\n')
}

/**
 * The rule list as aligned text columns: ID, SEVERITY (the default), EFFECTIVE (with the
 * configuration; `off` drops the rule's findings), KIND, REF (`-` when the rule has no rulebook
 * entry), TITLE; with a configuration, what else it sets under the table.
 */
export function formatRuleTable(rules: readonly RuleMeta[], config?: ResolvedConfig, cwd = process.cwd()): string {
  const header = ['ID', 'SEVERITY', 'EFFECTIVE', 'KIND', 'REF', 'TITLE']
  const rows = [header, ...rules.map((r) => [r.id, r.severity, effectiveLevel(r, config), r.kind, r.ref || '-', r.title])]
  const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  const lines = rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd())
  const summary = config !== undefined ? `${formatConfigSummary(config, cwd)}\n\n` : ''
  return `${lines.join('\n')}\n\n${summary}${rules.length} ${rules.length === 1 ? 'rule' : 'rules'}\n`
}

export default class Rules extends WsktraceCommand {
  static override summary = 'List every rule: id, default and effective severity, kind, rulebook reference and title; and the configuration in effect.'

  static override description = `kind "app": a violation is a bug in the traced WSK application. kind "model": an expectation about WSK itself; a violation means the trace (or the model) is inconsistent.

EFFECTIVE is the level a lint run started here uses: the configuration's (wsktrace.config.json in the working directory or the nearest folder above it, or --config) or the default.

Run \`wsktrace explain <id>\` for a rule's description, documentation quote and example traces.`

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --format json']

  static override flags = {
    format: Flags.string({
      char: 'f',
      description: 'output format (json: every rule with all its metadata)',
      options: ['text', 'json'],
      default: 'text',
    }),
    config: Flags.string({
      char: 'c',
      description: 'configuration file (default: wsktrace.config.json in the working directory or the nearest folder above)',
    }),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Rules)
    const cwd = process.cwd()
    const config = await loadConfig(cwd, flags.config)
    const rules = [...RULES] // registry order: the rulebook's
    const json = rules.map((rule) => ({...rule, effective: effectiveLevel(rule, config)}))
    process.stdout.write(flags.format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : formatRuleTable(rules, config, cwd))
  }
}
