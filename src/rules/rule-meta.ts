/** Rule metadata, in the manner of ESLint's `meta`: everything a user sees about a rule. */

export type Severity = 'error' | 'warning' | 'info'

/**
 * `app`: a violation is a bug in the traced WSK application.
 * `model`: an expectation about what WSK itself does; a violation means the trace (or our model)
 * is inconsistent, and is reported as a trace inconsistency, never as the application's fault.
 */
export type RuleKind = 'app' | 'model'

export interface RuleMeta {
  /** Stable id (the slug of wsk-contract.md), e.g. `accept-event-return-code`. */
  id: string
  /** Where it sits in the rulebook, e.g. `R60`. */
  ref: string
  /** Default severity. A finding may be milder when the evidence is weaker (the message says why). */
  severity: Severity
  kind: RuleKind
  /** One line, imperative, shown by `wsktrace rules`. */
  title: string
  /** What the rule checks in trace terms, what counts as evidence, and how to fix the driver. */
  description: string
  /**
   * Message templates keyed by message id; `{name}` placeholders are filled from the finding's data.
   * The engine prefixes them with "<event> on <object> in state <state>: ".
   */
  messages: Record<string, string>
  /** Verbatim quote of Microsoft's documentation. */
  quote: string
  /** Title of the page the quote comes from. */
  quoteSource: string
  /** https://learn.microsoft.com/... page of the quote. */
  url: string
  /** Example traces, relative to the repository root: a minimal violation and its clean twin. */
  examples: {violating: string; clean: string}
}
