import {afterEach, describe, expect, it, vi} from 'vitest'
import {formatRate, ProgressLine, progressWanted} from '../../src/cli/progress.js'

function fakeStream(isTTY = true) {
  const writes: string[] = []
  return {isTTY, writes, write: (text: string) => writes.push(text) > 0}
}

afterEach(() => {
  vi.useRealTimers()
})

describe('progress line', () => {
  it('is wanted on a terminal outside CI only', () => {
    expect(progressWanted(fakeStream(true), {})).toBe(true)
    expect(progressWanted(fakeStream(true), {CI: 'true'})).toBe(false)
    expect(progressWanted(fakeStream(false), {})).toBe(false)
  })

  it('formats rates for people', () => {
    expect([formatRate(0), formatRate(950.4), formatRate(12_345), formatRate(1_420_000)]).toEqual(['0 events/s', '950 events/s', '12.3 k events/s', '1.4 M events/s'])
  })

  it('draws from 1 s on, at most 10 times a second, and erases itself at the end', () => {
    vi.useFakeTimers()
    let now = 0
    const stream = fakeStream()
    const progress = new ProgressLine(stream, () => now)
    progress.start(200)
    progress.fileDone(50_000)
    now = 900
    vi.advanceTimersByTime(900)
    expect(stream.writes).toEqual([]) // a run shorter than a second shows nothing
    now = 1000
    progress.fileDone(50_000)
    vi.advanceTimersByTime(100)
    expect(stream.writes).toEqual(['\rlinting 2/200 files  100.0 k events/s\u001B[K'])
    now = 2000
    vi.advanceTimersByTime(1000)
    expect(stream.writes.length).toBe(11) // 10 redraws in the next second
    progress.end()
    expect(stream.writes.at(-1)).toBe('\r\u001B[K')
    vi.advanceTimersByTime(1000)
    expect(stream.writes.length).toBe(12) // stopped
  })

  it('stays silent for a single file, and a run that ends before the first draw writes nothing', () => {
    vi.useFakeTimers()
    const one = fakeStream()
    const single = new ProgressLine(one, () => 0)
    single.start(1)
    vi.advanceTimersByTime(5000)
    single.end()
    expect(one.writes).toEqual([])
    const quick = fakeStream()
    const fast = new ProgressLine(quick, () => 0)
    fast.start(10)
    vi.advanceTimersByTime(500)
    fast.end()
    vi.advanceTimersByTime(5000)
    expect(quick.writes).toEqual([])
  })
})
