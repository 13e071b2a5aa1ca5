/**
 * The subset of SARIF 2.1.0 that flowguard writes. Typed so a misspelt property is a compile error
 * rather than a schema failure found later; the OASIS schema test checks the rest.
 */

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifRun {
  tool: { driver: SarifDriver };
  invocations: SarifInvocation[];
  columnKind: 'utf16CodeUnits';
  results: SarifResult[];
}

export interface SarifDriver {
  name: string;
  version: string;
  semanticVersion?: string;
  informationUri: string;
  rules: SarifRule[];
}

export interface SarifMessage {
  text: string;
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
  properties: {
    tags: string[];
    'security-severity'?: string;
    precision: 'high';
    'problem.severity': 'error' | 'warning' | 'recommendation';
  };
}

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifPhysicalLocation {
  artifactLocation: { uri: string };
  region?: SarifRegion;
}

export interface SarifLogicalLocation {
  name: string;
  fullyQualifiedName: string;
  kind: 'resource';
}

export interface SarifLocation {
  id?: number;
  physicalLocation: SarifPhysicalLocation;
  logicalLocations?: SarifLogicalLocation[];
  message?: SarifMessage;
}

export interface SarifSuppression {
  kind: 'inSource' | 'external';
  justification?: string;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: SarifSuppression[];
}

export interface SarifNotification {
  level: SarifLevel;
  message: SarifMessage;
  locations?: SarifLocation[];
}

export interface SarifInvocation {
  executionSuccessful: boolean;
  toolExecutionNotifications: SarifNotification[];
}
