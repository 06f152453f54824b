import {describe, expect, it} from 'vitest'
import {INSPECT_ACTIONS, WskInspectAccept, WskInspectPend, WskInspectReject, inspectActionName} from '../../src/trace/inspect-action.js'
import {DISPATCH_LEVEL, irqlName, parseIrql} from '../../src/trace/irql.js'
import {NameTable, flagNames, nameOrNumber, parseIntegerText, parseNameMask} from '../../src/trace/name-table.js'
import {parsePool} from '../../src/trace/pool-type.js'
import {SIO_WSK_QUERY_INSPECT_ID, SOCKET_OPTIONS, SO_EXCLUSIVEADDRUSE, socketOptionName} from '../../src/trace/socket-options.js'
import {WSK_REQUEST_NAMES, requestName} from '../../src/trace/control-codes.js'
import {
  WSK_CALLBACK_FLAGS,
  WSK_EVENT_ACCEPT,
  WSK_EVENT_DISABLE,
  WSK_EVENT_MASK,
  WSK_FLAG_NAMES,
  WSK_SOCKET_FLAGS,
  flagTableFor,
} from '../../src/trace/wsk-flags.js'

describe('WSK flags and event masks', () => {
  it('maps names to numbers, colliding values included', () => {
    expect(WSK_FLAG_NAMES.value('WSK_FLAG_LISTEN_SOCKET')).toBe(1)
    expect(WSK_FLAG_NAMES.value('WSK_FLAG_ABORTIVE')).toBe(1)
    expect(WSK_FLAG_NAMES.value('WSK_FLAG_AT_DISPATCH_LEVEL')).toBe(8)
    expect(WSK_FLAG_NAMES.value('WSK_FLAG_STREAM_SOCKET')).toBe(8)
    expect(WSK_FLAG_NAMES.value('WSK_FLAG_BASIC_SOCKET')).toBe(0)
    expect(WSK_FLAG_NAMES.value('WSK_EVENT_RECEIVE_FROM')).toBe(0x100)
  })

  it('OR-s names joined by |, with blanks and numbers', () => {
    expect(parseNameMask('WSK_EVENT_ACCEPT|WSK_EVENT_DISABLE', WSK_EVENT_MASK)).toBe(0x80000200)
    expect(parseNameMask('WSK_EVENT_ACCEPT | WSK_EVENT_DISABLE', WSK_EVENT_MASK)).toBe(0x80000200)
    expect(parseNameMask('WSK_EVENT_RECEIVE|0x80', WSK_EVENT_MASK)).toBe(0xc0)
    expect(parseNameMask('', WSK_EVENT_MASK)).toBe(0)
    expect(parseNameMask('WSK_EVENT_NOPE', WSK_EVENT_MASK)).toEqual({error: 'unknown WSK event name "WSK_EVENT_NOPE"'})
    expect(parseNameMask('WSK_EVENT_ACCEPT|', WSK_EVENT_MASK)).toEqual({error: 'empty name in "WSK_EVENT_ACCEPT|"'})
  })

  it('prints numbers with the table of the parameter', () => {
    expect(flagNames(WSK_EVENT_ACCEPT | WSK_EVENT_DISABLE, WSK_EVENT_MASK)).toBe('WSK_EVENT_ACCEPT|WSK_EVENT_DISABLE')
    expect(flagNames(1, flagTableFor('WskSocket'))).toBe('WSK_FLAG_LISTEN_SOCKET')
    expect(flagNames(1, flagTableFor('WskDisconnect'))).toBe('WSK_FLAG_ABORTIVE')
    expect(flagNames(9, flagTableFor('WskDisconnectEvent'))).toBe('WSK_FLAG_ABORTIVE|WSK_FLAG_AT_DISPATCH_LEVEL')
    expect(flagNames(8, flagTableFor('WskAcceptEvent'))).toBe('WSK_FLAG_AT_DISPATCH_LEVEL')
    expect(flagNames(0, WSK_SOCKET_FLAGS)).toBe('WSK_FLAG_BASIC_SOCKET')
    expect(flagNames(0, WSK_CALLBACK_FLAGS)).toBe('0')
    expect(flagNames(0x18, WSK_CALLBACK_FLAGS)).toBe('WSK_FLAG_AT_DISPATCH_LEVEL|0x10')
    expect(WSK_EVENT_DISABLE).toBe(0x80000000)
  })
})

describe('integer text', () => {
  it('reads hex and decimal, signed', () => {
    expect(parseIntegerText('0x1F')).toBe(31)
    expect(parseIntegerText('0X1f')).toBe(31)
    expect(parseIntegerText('42')).toBe(42)
    expect(parseIntegerText('-5')).toBe(-5)
    expect(parseIntegerText('')).toBeUndefined()
    expect(parseIntegerText('0x')).toBeUndefined()
    expect(parseIntegerText('1.5')).toBeUndefined()
    expect(parseIntegerText(' 1')).toBeUndefined()
    expect(parseIntegerText('0xffffffffffffffff')).toBeUndefined()
  })
})

describe('IRQL', () => {
  it('reads the three names and 0..31', () => {
    expect(parseIrql('PASSIVE_LEVEL')).toBe(0)
    expect(parseIrql('APC_LEVEL')).toBe(1)
    expect(parseIrql('DISPATCH_LEVEL')).toBe(DISPATCH_LEVEL)
    expect(parseIrql(31)).toBe(31)
    expect(parseIrql(32)).toBeUndefined()
    expect(parseIrql(-1)).toBeUndefined()
    expect(parseIrql('HIGH_LEVEL')).toBeUndefined()
    expect(irqlName(2)).toBe('DISPATCH_LEVEL')
    expect(irqlName(13)).toBe('13')
  })
})

describe('socket options, IOCTLs and requests', () => {
  it('knows the option and IOCTL codes', () => {
    expect(SOCKET_OPTIONS.value('SO_CONDITIONAL_ACCEPT')).toBe(0x3002)
    expect(SOCKET_OPTIONS.value('SO_WSK_EVENT_CALLBACK')).toBe(0x4002)
    expect(SOCKET_OPTIONS.value('SO_WSK_SECURITY')).toBe(0x4001)
    expect(SOCKET_OPTIONS.value('SO_EXCLUSIVEADDRUSE')).toBe(0xfffffffb)
    expect(SO_EXCLUSIVEADDRUSE).toBe(~4 >>> 0)
    expect(SOCKET_OPTIONS.value('IPV6_V6ONLY')).toBe(27)
    expect(SIO_WSK_QUERY_INSPECT_ID).toBe(0x4f000005)
    expect(SOCKET_OPTIONS.value('SIO_ADDRESS_LIST_SORT')).toBe(0xc8000019)
    expect(socketOptionName(0x3002)).toBe('SO_CONDITIONAL_ACCEPT')
    expect(socketOptionName(-5)).toBe('SO_EXCLUSIVEADDRUSE')
    expect(socketOptionName(0x1234)).toBe('0x1234')
    expect(nameOrNumber('0x4002', SOCKET_OPTIONS)).toBe(0x4002)
  })

  it('reads WskControlSocket request types and WskControlClient codes', () => {
    expect(WSK_REQUEST_NAMES.value('WskSetOption')).toBe(0)
    expect(WSK_REQUEST_NAMES.value('WskGetOption')).toBe(1)
    expect(WSK_REQUEST_NAMES.value('WskIoctl')).toBe(2)
    expect(WSK_REQUEST_NAMES.value('WSK_SET_STATIC_EVENT_CALLBACKS')).toBe(7)
    expect(WSK_REQUEST_NAMES.value('WSK_TDI_BEHAVIOR')).toBe(8)
    expect(requestName(2, 'WskControlSocket')).toBe('WskIoctl')
    expect(requestName(2, 'WskControlClient')).toBe('WSK_TRANSPORT_LIST_QUERY')
  })
})

describe('inspect actions', () => {
  it('accepts both spellings, Reject is zero', () => {
    expect(INSPECT_ACTIONS.value('WskInspectReject')).toBe(WskInspectReject)
    expect(WskInspectReject).toBe(0)
    expect(INSPECT_ACTIONS.value('InspectAccept')).toBe(WskInspectAccept)
    expect(INSPECT_ACTIONS.value('InspectPend')).toBe(WskInspectPend)
    expect(inspectActionName(1)).toBe('WskInspectAccept')
    expect(inspectActionName(7)).toBe('7')
  })
})

describe('pool', () => {
  it('reads POOL_TYPE names and numbers: odd is paged', () => {
    expect(parsePool('NonPagedPool', 'ExAllocatePoolWithTag')).toBe('nonpaged')
    expect(parsePool('NonPagedPoolNx', 'ExAllocatePoolWithTag')).toBe('nonpaged')
    expect(parsePool('PagedPool', 'ExAllocatePoolWithTag')).toBe('paged')
    expect(parsePool(0, 'ExAllocatePoolWithTag')).toBe('nonpaged')
    expect(parsePool(1, 'ExAllocatePoolWithTag')).toBe('paged')
    expect(parsePool(5, 'ExAllocatePoolWithTag')).toBe('paged')
    expect(parsePool(512, 'ExAllocatePoolWithTag')).toBe('nonpaged')
  })

  it('reads POOL_FLAGS for ExAllocatePool2: paged iff POOL_FLAG_PAGED', () => {
    expect(parsePool('POOL_FLAG_NON_PAGED', 'ExAllocatePool2')).toBe('nonpaged')
    expect(parsePool('POOL_FLAG_PAGED', 'ExAllocatePool2')).toBe('paged')
    expect(parsePool('POOL_FLAG_PAGED|POOL_FLAG_UNINITIALIZED', 'ExAllocatePool2')).toBe('paged')
    expect(parsePool('POOL_FLAG_NON_PAGED_EXECUTE', 'ExAllocatePool2')).toBe('nonpaged')
    expect(parsePool(0x40, 'ExAllocatePool2')).toBe('nonpaged')
    expect(parsePool(0x100, 'ExAllocatePool2')).toBe('paged')
    expect(parsePool(0x1_0000_0102, 'ExAllocatePool2')).toBe('paged')
    expect(parsePool(1, 'ExAllocatePool2')).toBe('nonpaged') // POOL_FLAG_USE_QUOTA alone
    expect(parsePool('0x100', 'ExAllocatePool2')).toBe('paged')
  })

  it('names the bad pool', () => {
    expect(parsePool('PagedPoolNx', 'ExAllocatePoolWithTag')).toEqual({
      error: 'unknown pool name "PagedPoolNx" (expected a POOL_TYPE name, POOL_FLAG_* names or a number)',
    })
    expect(parsePool('pagedpool', 'ExAllocatePoolWithTag')).toEqual({error: 'unknown pool name "pagedpool" (did you mean "PagedPool"?)'})
    expect(parsePool(-1, 'ExAllocatePoolWithTag')).toEqual({error: '-1 is not a POOL_TYPE or POOL_FLAGS value'})
  })
})

describe('NameTable', () => {
  it('finds nothing for an empty name, even before any lookup', () => {
    const table = new NameTable('test', [['A', 1], ['BB', 2]])
    expect(table.value('')).toBeUndefined()
    expect(table.value('BB')).toBe(2)
    expect(table.value('BB')).toBe(2)
    expect(table.value('B')).toBeUndefined()
    expect(table.value('')).toBeUndefined()
    expect(table.names()).toEqual(['A', 'BB'])
  })
})
