/** The session's start on the set-up thread: DriverEntry, WskRegister, client-level set-up, the listeners; then connections may arrive. */
import {STATUS_INVALID_PARAMETER, STATUS_SUCCESS} from '../../trace/ntstatus.js'
import {WSK_EVENT_ACCEPT} from '../../trace/wsk-flags.js'
import {marker, setStaticEventCallbacks, wskCaptureProviderNpi} from '../emit/session.js'
import {isFault, plant} from '../inject/plans.js'
import type {Session} from '../session.js'
import {arrivals} from './arrivals.js'
import {setUpListener} from './listener.js'

/** WSK_INFINITE_WAIT: WskCaptureProviderNPI waits until the provider is ready. */
const WSK_INFINITE_WAIT = 0xffffffff

export function* sessionSetup(s: Session): Generator<number, void, undefined> {
  const w = s.w
  const th = s.setupThread
  marker(w, th, 'DriverEntry', 'enter')
  yield s.prng.int(5, 15)
  marker(w, th, 'WskRegister', 'point', STATUS_SUCCESS)
  yield s.prng.int(5, 30)
  marker(w, th, 'DriverEntry', 'exit', STATUS_SUCCESS)
  yield s.prng.int(50, 200)
  for (const f of s.injections) {
    if (isFault(f, 'static-callbacks-before-any-socket', 'withIrp')) {
      setStaticEventCallbacks(w, th, WSK_EVENT_ACCEPT, s.irps.take(), STATUS_INVALID_PARAMETER)
      plant(f, w.client)
      yield s.prng.int(1, 4)
    }
  }
  if (s.staticCallbacks) {
    setStaticEventCallbacks(w, th, WSK_EVENT_ACCEPT, null, STATUS_SUCCESS)
    yield s.prng.int(1, 4)
  }
  wskCaptureProviderNpi(w, th, WSK_INFINITE_WAIT)
  yield s.prng.int(3, 10)
  for (const L of s.listeners) {
    yield* setUpListener(s, L)
    yield s.prng.int(5, 20)
  }
  s.sched.spawn(arrivals(s), s.prng.int(50, 200))
}
