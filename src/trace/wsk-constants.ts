/**
 * Every WSK / kernel constant table in one import, for code that needs several (the formatter).
 * Each concept lives in its own module; prefer importing from that module.
 */
export * from './name-table.js'
export * from './wsk-flags.js'
export * from './irql.js'
export * from './socket-options.js'
export * from './control-codes.js'
export * from './inspect-action.js'
export * from './pool-type.js'
