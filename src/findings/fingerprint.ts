/**
 * A finding's identity across captures: the same bug, captured again, gets the same fingerprint.
 *
 * It hashes what the bug *is* — the rule, the kind of object it is about, the event that was not
 * allowed, and the shape of the witness (each step's event name and phase, and the kind of object
 * the step belongs to) — and nothing a new capture changes: no line numbers, timestamps, thread ids,
 * pointer values, generations or message text (messages quote pointers and lines).
 *
 * SARIF's `partialFingerprints` and the baseline file both use this one function.
 */
import {createHash} from 'node:crypto'
import type {Finding} from './finding.js'
import {KIND_LABEL} from '../model/tracked-object.js'

/** Object labels as witness roles start with them (`accepted socket 0xffff…`), longest first so `listening socket` wins over `socket`. */
const ROLE_LABELS: readonly string[] = Object.values(KIND_LABEL).sort((a, b) => b.length - a.length)

/** `listening socket 0xffffa001 (generation 2)` → `listening socket`; a role naming no known object kind → `` (never the raw text: it holds pointers). */
export function roleKind(role: string): string {
  for (const label of ROLE_LABELS) {
    if (role === label || role.startsWith(`${label} `)) return label
  }
  return ''
}

/** Bump when the hashed text changes: old baselines then no longer match, instead of matching wrongly. */
const FINGERPRINT_VERSION = 'wsktrace-fingerprint/1'

/** 32 hex digits (the first 128 bits of a SHA-256) naming the finding independently of lines and pointers. */
export function findingFingerprint(f: Finding): string {
  // NUL and SOH cannot occur in rule ids, event labels or kind names: fields cannot run into each other.
  const parts = [FINGERPRINT_VERSION, f.ruleId, f.object?.kind ?? '', f.event]
  for (const step of f.witness) parts.push(`${step.event}\u0001${roleKind(step.role)}`)
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)
}
