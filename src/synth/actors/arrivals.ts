/**
 * Connections arriving over time: one every `gap` µs on average (exponential gaps), the accept
 * mode drawn from --mix, at most --live open at once; the injections' targets arrive at their
 * drawn index. When the last connection is over, the teardown starts.
 */
import {STATUS_INVALID_DEVICE_STATE, STATUS_SUCCESS} from '../../trace/ntstatus.js'
import {WSK_EVENT_ACCEPT} from '../../trace/wsk-flags.js'
import {setStaticEventCallbacks} from '../emit/session.js'
import {ACCEPT_MODES} from '../options.js'
import {plant, type Injection} from '../inject/plans.js'
import type {Session} from '../session.js'
import {startConnection} from './connection.js'
import {teardown} from './teardown.js'

/** Records a connection writes on average until enough have finished to measure it. */
const RECORDS_PER_CONNECTION_GUESS = 30

function budgetReached(s: Session): boolean {
  const target = s.opts.events
  if (target <= 0) return false
  const perConnection = s.finished >= 10 ? s.finishedRecords / s.finished : RECORDS_PER_CONNECTION_GUESS
  // Open connections are about half way through on average.
  return s.w.written + (s.open * perConnection) / 2 >= target
}

/** The fault happens now: its connection arrives, or the session-level record is written. */
function* start(s: Session, f: Injection): Generator<number, void, undefined> {
  const w = s.w
  if (f.mode !== undefined) {
    const dedicated = s.listeners.find((l) => l.dedicatedTo === f)
    if (dedicated?.raceBind === true) return // it arrived during the listener's set-up
    const listener = dedicated ?? s.listenerFor(f.mode)!
    startConnection(s, {mode: f.mode, listener, fault: f})
    yield s.prng.exp(s.gap)
  } else if (f.plan.target === 'session' && f?.variant === 'afterSocket') {
    setStaticEventCallbacks(w, s.worker(), WSK_EVENT_ACCEPT, null, STATUS_INVALID_DEVICE_STATE)
    plant(f, w.client)
  } else if (f.plan.target === 'record') {
    // A record no reader accepts (IRQL 99, not 0..31), whatever the format: lint skips it.
    const ev = w.record(s.worker(), 'WskGetLocalAddress', 'point', 99)
    ev.socket = s.listeners[0]?.obj?.id ?? null
    ev.status = STATUS_SUCCESS
    f.line = ev.line
  }
}

export function* arrivals(s: Session): Generator<number, void, undefined> {
  const {mix, connections, live} = s.opts
  const modes = ACCEPT_MODES.filter((m) => mix[m] > 0)
  const weights = modes.map((m) => mix[m])
  const pending = [...s.injections].sort((a, b) => a.index - b.index)
  for (let i = 0; i < connections && !budgetReached(s); i++) {
    while (s.open >= live) yield s.gap
    while (pending.length > 0 && pending[0]!.index <= i) yield* start(s, pending.shift()!)
    const mode = modes[s.prng.weighted(weights)]!
    startConnection(s, {mode, listener: s.listenerFor(mode)!, fault: undefined})
    yield s.prng.exp(s.gap)
  }
  while (pending.length > 0) yield* start(s, pending.shift()!)
  while (s.open > 0) yield s.gap * 4
  s.sched.spawn(teardown(s), s.prng.int(100, 300))
}
