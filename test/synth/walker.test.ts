/** The walker is the tables' voice in the generator: it must refuse what the tables refuse. */
import {describe, expect, it} from 'vitest'
import {AcceptedSocket} from '../../src/model/machines/accepted-socket.js'
import {ListeningSocket} from '../../src/model/machines/listening-socket.js'
import {InheritedCallbacks} from '../../src/model/machines/inherited-callbacks.js'
import {STATUS_SUCCESS} from '../../src/trace/ntstatus.js'
import {SynthBug, Walker, type AnyMachine, type Thread} from '../../src/synth/walker.js'
import {acceptEventEnter, acceptEventExit, createAccepted} from '../../src/synth/emit/accepted-socket.js'
import {wskBind, wskSocketListen} from '../../src/synth/emit/listening-socket.js'
import {controlSocket} from '../../src/synth/emit/socket.js'
import {SO_WSK_EVENT_CALLBACK} from '../../src/trace/socket-options.js'
import {WSK_EVENT_ACCEPT, WSK_EVENT_RECEIVE} from '../../src/trace/wsk-flags.js'
import {AT_DISPATCH, CONNECTION_DISPATCH} from '../../src/synth/session.js'

const th: Thread = {tid: 9, cpu: 0, irql: 2, busy: false}

function listener(w: Walker) {
  return wskSocketListen(w, th, '0xffffa00110000800', undefined, '0xfffff8063a2cc020').listener!
}

describe('synth walker', () => {
  it('stops a clean walk that meets a violating row (a WskAcceptEvent before WskBind)', () => {
    const w = new Walker()
    const l = listener(w)
    expect(() => acceptEventEnter(w, th, l, '0xffffa00110001000', null, null, AT_DISPATCH)).toThrow(SynthBug)
    expect(() => acceptEventEnter(w, th, l, '0xffffa00110001000', null, null, AT_DISPATCH)).toThrow(/listening-starts-at-bind/)
  })

  it('records the violation instead when the session plants faults', () => {
    const w = new Walker()
    w.strict = false
    const l = listener(w)
    const enter = acceptEventEnter(w, th, l, '0xffffa00110001000', null, null, AT_DISPATCH).enter
    expect(w.hits.map((h) => [h.rule, h.line, h.object, h.machine, h.state, h.event])).toEqual([
      ['listening-starts-at-bind', enter.line, l.id, 'listening-socket', 'Created', 'acceptIndication'],
      ['new-socket-callbacks-disabled', enter.line, l.id, 'accept-callback', 'NeverEnabled', 'acceptIndication'],
    ])
  })

  it('says what the table allows from a state, guards aside', () => {
    const w = new Walker()
    const s = createAccepted(w, '0xffffa00110001000', {line: 5} as never, listener(w), 'event', 'Offered')
    const m = AcceptedSocket as unknown as AnyMachine
    expect(['accepted', 'rejected', 'invalidReturn', 'call', 'close', 'listenCall', 'end'].filter((e) => w.allows(m, s, e))).toEqual(['accepted', 'rejected', 'invalidReturn', 'call', 'close'])
  })

  it('a dry run learns a guard\'s verdict from the records it would write, and restores every state', () => {
    const w = new Walker()
    const l = listener(w)
    wskBind(w, th, l)
    controlSocket(w, th, l, SO_WSK_EVENT_CALLBACK, WSK_EVENT_ACCEPT | WSK_EVENT_RECEIVE)
    expect(l.state(InheritedCallbacks.slot)).toBe(InheritedCallbacks.S.Some)
    const a = acceptEventEnter(w, th, l, '0xffffa00110001000', null, null, AT_DISPATCH)
    const written = w.written
    const states = (): number[] => [0, 1, 2, 3].map((slot) => a.sock!.state(slot))
    const before = states()
    // R73: the listener passes callbacks on, so the exit must return a dispatch table.
    expect(w.dryRun(() => acceptEventExit(w, th, a, STATUS_SUCCESS, null, null))).toEqual(['accept-event-dispatch-for-inherited'])
    expect(w.tryClean(() => acceptEventExit(w, th, a, STATUS_SUCCESS, null, CONNECTION_DISPATCH))).toBe(true)
    expect(states()).toEqual(before)
    expect(a.sock!.state(AcceptedSocket.slot)).toBe(AcceptedSocket.S.Offered)
    expect(l.state(ListeningSocket.slot)).toBe(ListeningSocket.S.Listening)
    expect(w.written).toBe(written)
  })
})
