/** One line for any error: oclif's usage errors lose their "See more help" tail and get a pointer to --help. */
export function errorLine(command: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error)
  const isUsage = typeof (error as {parse?: unknown} | undefined)?.parse === 'object' || /^Parsing --/.test(raw)
  const lines = raw
    .replace(/\n?See more help with --help\s*$/, '')
    // oclif's advice about multi-value flags is a paragraph of its own, not part of the error.
    .replace(/\n\s*Note: --[\w-]+ allows multiple values[\s\S]*$/, '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  const text = lines.reduce((acc, line) => (acc === '' ? line : /[:.;]$/.test(acc) ? `${acc} ${line}` : `${acc}: ${line}`), '')
  return `wsktrace ${command}: ${text}${isUsage ? ` (see \`wsktrace ${command} --help\`)` : ''}`
}

