/** Colour on a terminal unless NO_COLOR is set (non-empty); FORCE_COLOR=1/0 overrides the terminal test. */
export function colorWanted(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR) return false
  const force = process.env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  return stream.isTTY === true
}

