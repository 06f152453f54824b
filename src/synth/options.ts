/** What a synthetic session looks like: sizes, the accept mix, the faults to plant, the seed. */

/** How connections are accepted: through WskAcceptEvent, through queued WskAccept IRPs, or through conditional accept (WskInspectEvent first). */
export type AcceptMode = 'event' | 'irp' | 'conditional'

export const ACCEPT_MODES: readonly AcceptMode[] = ['event', 'irp', 'conditional']

export type AcceptMix = Record<AcceptMode, number>

export const DEFAULT_MIX: AcceptMix = {event: 60, irp: 30, conditional: 10}

export interface SynthOptions {
  /** Connections that arrive over the session. */
  connections: number
  /** Stop opening connections once about this many records are written or owed (0: no limit). */
  events: number
  /** Callback threads (WskAcceptEvent, IoCompletion… at DISPATCH_LEVEL). */
  threads: number
  /** Worker threads (WSK calls at PASSIVE_LEVEL). */
  workers: number
  /** Most connections open at once. */
  live: number
  mix: AcceptMix
  /** Rules to plant one violation of each (a rule may be listed twice). */
  inject: readonly string[]
  seed: number
}

export const DEFAULT_SYNTH_OPTIONS: SynthOptions = {
  connections: 100,
  events: 0,
  threads: 4,
  workers: 2,
  live: 32,
  mix: DEFAULT_MIX,
  inject: [],
  seed: 1,
}

/** `event:60,irp:30,conditional:10` → weights; a mode left out weighs 0. Throws a one-line message. */
export function parseMix(text: string): AcceptMix {
  const mix: AcceptMix = {event: 0, irp: 0, conditional: 0}
  const seen = new Set<string>()
  for (const part of text.split(',')) {
    const item = part.trim()
    if (item === '') continue
    const colon = item.indexOf(':')
    const name = (colon < 0 ? item : item.slice(0, colon)).trim()
    const weightText = colon < 0 ? '1' : item.slice(colon + 1).trim()
    if (!(ACCEPT_MODES as readonly string[]).includes(name)) throw new Error(`--mix: unknown accept mode '${name}' (one of: ${ACCEPT_MODES.join(', ')})`)
    if (seen.has(name)) throw new Error(`--mix: '${name}' given twice`)
    seen.add(name)
    const weight = Number(weightText)
    if (weightText === '' || !Number.isFinite(weight) || weight < 0) throw new Error(`--mix: weight of '${name}' must be a non-negative number, got '${weightText}'`)
    mix[name as AcceptMode] = weight
  }
  if (ACCEPT_MODES.every((m) => mix[m] === 0)) throw new Error(`--mix: at least one mode needs a positive weight (e.g. event:60,irp:30,conditional:10)`)
  return mix
}

export function formatMix(mix: AcceptMix): string {
  return ACCEPT_MODES.filter((m) => mix[m] > 0).map((m) => `${m}:${mix[m]}`).join(',')
}
