/** One line for any error: oclif's usage errors lose their "See more help" tail and get a pointer to --help. */
export function errorLine(command: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error)
  const isUsage = typeof (error as {parse?: unknown} | undefined)?.parse === 'object' || /^Parsing --/.test(raw)
  const lines = raw
    .replace(/\n?See more help with --help\s*$/, '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  const text = lines.reduce((acc, line) => (acc === '' ? line : /[:.;]$/.test(acc) ? `${acc} ${line}` : `${acc}: ${line}`), '')
  return `wsktrace ${command}: ${text}${isUsage ? ` (see \`wsktrace ${command} --help\`)` : ''}`
}

