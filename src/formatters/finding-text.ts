/** How a finding and its witness steps read in the formats that carry plain text (SARIF, JUnit, GitHub). */
import type {Finding, WitnessStep} from '../findings/finding.js'

/** The message, with the reason a verdict is inconclusive when it is. */
export function findingText(f: Finding): string {
  return f.inconclusive ? `${f.message} (inconclusive: ${f.inconclusive})` : f.message
}

/** `<event> <detail> [<role>]`, leaving out what is empty. */
export function witnessStepText(step: WitnessStep): string {
  let text = step.event
  if (step.detail !== '') text += ` ${step.detail}`
  if (step.role !== '') text += ` [${step.role}]`
  return text
}

/** `line <n>: <event> <detail> [<role>]`, one witness step on one line of a text block. */
export function witnessLine(step: WitnessStep): string {
  return `line ${step.line}: ${witnessStepText(step)}`
}
