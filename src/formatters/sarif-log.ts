/**
 * The part of SARIF 2.1.0 that `--format sarif` writes, as TypeScript types (the names and
 * shapes of the OASIS standard; `schemas/sarif-2.1.0.json` is the full schema the tests check
 * against). Written here rather than taken from `@types/sarif` so that the published declarations
 * of the library need no extra package.
 */

export type SarifLevel = 'error' | 'warning' | 'note' | 'none'

export interface SarifMessage {
  text: string
  markdown?: string
}

export interface SarifArtifactLocation {
  uri?: string
  uriBaseId?: string
  index?: number
  description?: SarifMessage
}

export interface SarifPhysicalLocation {
  artifactLocation: SarifArtifactLocation
  region?: {startLine: number}
}

export interface SarifLocation {
  physicalLocation: SarifPhysicalLocation
  message?: SarifMessage
}

export interface SarifThreadFlowLocation {
  location: SarifLocation
  kinds?: string[]
  nestingLevel: number
  importance?: 'important' | 'essential' | 'unimportant'
  properties?: Record<string, unknown>
}

export interface SarifThreadFlow {
  message?: SarifMessage
  locations: SarifThreadFlowLocation[]
}

export interface SarifCodeFlow {
  message?: SarifMessage
  threadFlows: SarifThreadFlow[]
}

export interface SarifResult {
  ruleId: string
  ruleIndex?: number
  level: SarifLevel
  message: SarifMessage
  locations: SarifLocation[]
  partialFingerprints: Record<string, string>
  codeFlows?: SarifCodeFlow[]
  properties: Record<string, unknown>
}

export interface SarifReportingDescriptor {
  id: string
  name?: string
  shortDescription?: SarifMessage
  fullDescription?: SarifMessage
  help?: SarifMessage
  helpUri?: string
  defaultConfiguration?: {level: SarifLevel}
  properties?: Record<string, unknown>
}

export interface SarifNotification {
  level: SarifLevel
  message: SarifMessage
  descriptor?: {id: string; index?: number}
  locations?: SarifLocation[]
}

export interface SarifInvocation {
  executionSuccessful: boolean
  toolExecutionNotifications?: SarifNotification[]
}

export interface SarifArtifact {
  location: SarifArtifactLocation
  roles?: string[]
}

export interface SarifRun {
  tool: {
    driver: {
      name: string
      version: string
      semanticVersion?: string
      informationUri: string
      rules: SarifReportingDescriptor[]
      notifications?: SarifReportingDescriptor[]
    }
  }
  invocations: SarifInvocation[]
  originalUriBaseIds?: Record<string, {uri: string}>
  artifacts: SarifArtifact[]
  results: SarifResult[]
  properties?: Record<string, unknown>
}

export interface SarifLog {
  $schema: string
  version: '2.1.0'
  runs: SarifRun[]
}
