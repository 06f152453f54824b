/**
 * A configuration (or baseline) file that cannot be used: one line per problem, each naming the
 * file and, where there is one, the JSON path (`wsktrace.config.json: /rules/x: …`). Commands
 * print every line and exit 2, as ESLint does for a configuration problem.
 */
export class ConfigError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'))
    this.name = 'ConfigError'
  }
}
