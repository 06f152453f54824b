import {describe, expect, it} from 'vitest'
import {
  NTSTATUS_NAMES,
  STATUS_CANCELLED,
  STATUS_MORE_PROCESSING_REQUIRED,
  STATUS_PENDING,
  STATUS_REQUEST_NOT_ACCEPTED,
  STATUS_SUCCESS,
  isNtError,
  isNtSuccess,
  ntStatusError,
  ntStatusName,
  parseNtStatus,
} from '../../src/trace/ntstatus.js'

describe('parseNtStatus', () => {
  it('reads names', () => {
    expect(parseNtStatus('STATUS_SUCCESS')).toBe(0)
    expect(parseNtStatus('STATUS_PENDING')).toBe(0x103)
    expect(parseNtStatus('STATUS_REQUEST_NOT_ACCEPTED')).toBe(0xc00000d0)
    expect(parseNtStatus('STATUS_WAIT_0')).toBe(0)
    expect(parseNtStatus('STATUS_NOT_SUPPORTED')).toBe(0xc00000bb)
  })

  it('reads hex text in any case', () => {
    expect(parseNtStatus('0xC00000D0')).toBe(0xc00000d0)
    expect(parseNtStatus('0xc00000d0')).toBe(0xc00000d0)
    expect(parseNtStatus('0X00000103')).toBe(0x103)
    expect(parseNtStatus('0x0')).toBe(0)
  })

  it('reads signed and unsigned 32-bit numbers as the same unsigned value', () => {
    expect(parseNtStatus(-1073741616)).toBe(0xc00000d0)
    expect(parseNtStatus(3221225680)).toBe(0xc00000d0)
    expect(parseNtStatus('-1073741536')).toBe(STATUS_CANCELLED)
    expect(parseNtStatus(259)).toBe(STATUS_PENDING)
    expect(parseNtStatus(-2147483648)).toBe(0x80000000)
  })

  it('refuses unknown names, fractions and values beyond 32 bits', () => {
    expect(parseNtStatus('STATUS_BOGUS')).toBeUndefined()
    expect(parseNtStatus('status_success')).toBeUndefined()
    expect(parseNtStatus(1.5)).toBeUndefined()
    expect(parseNtStatus(0x1_0000_0000)).toBeUndefined()
    expect(parseNtStatus(-2147483649)).toBeUndefined()
    expect(parseNtStatus('0x1C0000000')).toBeUndefined()
    expect(parseNtStatus('')).toBeUndefined()
  })

  it('explains a refusal, with a hint for a wrong case', () => {
    expect(ntStatusError('STATUS_BOGUS')).toBe('unknown NTSTATUS name "STATUS_BOGUS"')
    expect(ntStatusError('status_pending')).toBe('unknown NTSTATUS name "status_pending" (did you mean "STATUS_PENDING"?)')
    expect(ntStatusError(1.5)).toBe('1.5 is not a 32-bit NTSTATUS')
  })
})

describe('ntStatusName', () => {
  it('prints the primary name, or 8-digit upper-case hex', () => {
    expect(ntStatusName(0)).toBe('STATUS_SUCCESS')
    expect(ntStatusName(0x80)).toBe('STATUS_ABANDONED')
    expect(ntStatusName(0xc00000d0)).toBe('STATUS_REQUEST_NOT_ACCEPTED')
    expect(ntStatusName(-1073741616)).toBe('STATUS_REQUEST_NOT_ACCEPTED')
    expect(ntStatusName(0xc0001234)).toBe('0xC0001234')
    expect(ntStatusName(0x42)).toBe('0x00000042')
  })

  it('round-trips every name it knows', () => {
    for (const name of NTSTATUS_NAMES.names()) {
      const value = parseNtStatus(name)
      expect(value, name).toBeDefined()
      expect(parseNtStatus(ntStatusName(value!))).toBe(value)
    }
  })
})

describe('severity', () => {
  it('follows NT_SUCCESS: success and informational are >= 0 as int32', () => {
    expect(isNtSuccess(STATUS_SUCCESS)).toBe(true)
    expect(isNtSuccess(STATUS_PENDING)).toBe(true)
    expect(isNtSuccess(0x40000013)).toBe(true)
    expect(isNtSuccess(0x80000005)).toBe(false)
    expect(isNtSuccess(STATUS_MORE_PROCESSING_REQUIRED)).toBe(false)
    expect(isNtSuccess(STATUS_REQUEST_NOT_ACCEPTED)).toBe(false)
    expect(isNtError(STATUS_CANCELLED)).toBe(true)
    expect(isNtError(0x80000005)).toBe(false)
  })
})
