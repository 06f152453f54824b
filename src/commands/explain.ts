import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {Args} from '@oclif/core'
import {getRule} from '../rules/index.js'
import type {RuleMeta} from '../rules/rule-meta.js'
import {WsktraceCommand} from '../cli/wsktrace-command.js'

function indent(text: string, prefix: string): string {
  return text
    .replace(/\s+$/, '')
    .split(/\r?\n/)
    .map((line) => (line === '' ? prefix.trimEnd() : prefix + line))
    .join('\n')
}

async function exampleSection(label: string, root: string, relative: string | undefined): Promise<string> {
  if (!relative) return `${label}: none recorded`
  try {
    const text = await readFile(path.resolve(root, relative), 'utf8')
    return `${label} (${relative}):\n${indent(text, '  ')}`
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return `${label}: ${relative} ${code === 'ENOENT' ? 'is missing' : `cannot be read (${code ?? String(error)})`}`
  }
}

/** Everything `wsktrace explain <id>` prints about a rule; example paths are relative to `root`. */
export async function formatExplanation(rule: RuleMeta, root: string): Promise<string> {
  const sections = [
    `${rule.id}: ${rule.title}`,
    `severity: ${rule.severity}   kind: ${rule.kind}   ref: ${rule.ref || '-'}`,
    rule.description.trim(),
    `Microsoft documentation, "${rule.quoteSource}":\n${indent(rule.quote, '  > ')}\n  ${rule.url}`,
    await exampleSection('Violating example', root, rule.examples?.violating),
    await exampleSection('Clean example', root, rule.examples?.clean),
  ]
  return `${sections.join('\n\n')}\n`
}

export default class Explain extends WsktraceCommand {
  static override summary = "Explain a rule: what it checks, Microsoft's words for it, and example traces."

  static override examples = ['<%= config.bin %> <%= command.id %> accept-event-return-code']

  static override args = {
    id: Args.string({description: 'rule id, as listed by `wsktrace rules`', required: true, ignoreStdin: true}),
  }

  async run(): Promise<void> {
    const {args} = await this.parse(Explain)
    const rule = getRule(args.id)
    if (!rule) {
      process.stderr.write(`wsktrace explain: unknown rule '${args.id}' (run \`wsktrace rules\`)\n`)
      process.exitCode = 2
      return
    }
    process.stdout.write(await formatExplanation(rule, this.config.root))
  }
}
