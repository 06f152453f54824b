import {Ajv, type ErrorObject, type ValidateFunction} from 'ajv'
import {readFileSync} from 'node:fs'

/**
 * Schema checks of the files wsktrace reads besides traces (configuration, baseline, reports),
 * with ajv and every error reported, one line each, named by its JSON path.
 */
// verbose: errors carry their schema, so an unknown key's message can list the known ones.
const ajv = new Ajv({allErrors: true, allowUnionTypes: true, strict: true, verbose: true})
const compiled = new Map<string, ValidateFunction>()

/** The compiled validator of `schemas/<name>`: two levels up from src/config and from dist/config. */
export function schemaValidator(name: string): ValidateFunction {
  let validate = compiled.get(name)
  if (validate === undefined) {
    const schema = JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8')) as object
    validate = ajv.compile(schema)
    compiled.set(name, validate)
  }
  return validate
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

/** The value at a JSON pointer (for "got …" hints); undefined when the path does not lead anywhere. */
function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root
  let value: unknown = root
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

/** `key` as one segment of a JSON pointer. */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

/**
 * One line per schema error: `<where>: <JSON path>: <message>`, the path left out for the
 * document itself. `where` is the file as the user should see it.
 */
export function schemaErrorLines(where: string, errors: readonly ErrorObject[] | null | undefined, document: unknown): string[] {
  const lines: string[] = []
  for (const e of errors ?? []) {
    let at = e.instancePath
    let message = e.message ?? 'is not valid'
    if (e.keyword === 'additionalProperties') {
      at = `${at}/${pointerSegment(String(e.params['additionalProperty']))}`
      const known = Object.keys((e.parentSchema as {properties?: object} | undefined)?.properties ?? {}).filter((key) => key !== '$schema')
      message = known.length > 0 ? `unknown property (known: ${known.join(', ')})` : 'unknown property'
    } else if (e.keyword === 'enum') {
      message = `${message} (${(e.params['allowedValues'] as unknown[]).map((v) => String(v)).join(', ')}; got ${shortJson(valueAt(document, at))})`
    } else if (e.keyword === 'type' || e.keyword === 'exclusiveMinimum' || e.keyword === 'minLength' || e.keyword === 'const') {
      message = `${message} (got ${shortJson(valueAt(document, at))})`
    }
    const line = at === '' ? `${where}: ${message}` : `${where}: ${at}: ${message}`
    if (!lines.includes(line)) lines.push(line)
  }
  return lines
}
