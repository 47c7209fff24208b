/**
 * The catalogue of policy kinds kt knows, each with its fixed phase (DESIGN.md §4), plus the legacy
 * list-shape `type` names and the kinds they map onto. Pure data: lint, the engine and migrate share it.
 */
import type { Phase } from '../types.js';

/**
 * Kinds of the current shape with their phase. Kinds named in the public docs without field data
 * (cjis-mode, student-privacy, ...) are known so chains naming them lint, and run in the phase the
 * docs group them in.
 */
const kindPhases: Readonly<Record<string, Phase>> = {
  'bot-detector': 'network',
  rbac: 'identity',
  'data-routing-policy': 'input',
  'prompt-injection': 'input',
  'safety-filter': 'input',
  'pii-detector': 'input',
  'dlp-filter': 'input',
  'embedding-detector': 'input',
  'hipaa-phi-detector': 'input',
  'external-moderation': 'input',
  'gdpr-compliance': 'input',
  'cjis-mode': 'input',
  'student-privacy': 'input',
  'case-privacy': 'input',
  'itar-ear-filter': 'input',
  'entity-list-filter': 'input',
  'dual-use-filter': 'input',
  'language-validator': 'input',
  'content-extractor': 'input',
  'agent-firewall': 'tool',
  'tool-validation': 'tool',
  'tool-budget': 'tool',
  'quality-scorer': 'output',
  'citation-verifier': 'output',
  'human-oversight': 'output',
  'flagged-review': 'output',
  'financial-compliance': 'output',
  'healthcare-compliance': 'output',
  'bias-monitor': 'output',
  'eu-ai-act': 'output',
  'audit-logger': 'audit',
};

/**
 * Legacy list-shape filter types the engine evaluates directly when an item does not map cleanly onto
 * a current kind (see normalize.ts). They are not valid in a current-shape chain.
 */
const legacyFilterPhases: Readonly<Record<string, Phase>> = {
  input_filter: 'input',
  output_filter: 'output',
  // A legacy content filter screened the request; its output side is not documented.
  content_filter: 'input',
};

/**
 * The current kinds the engine evaluates (src/core/policies/index.ts registers them; a unit test keeps the
 * two lists equal). The other known kinds run as `skipped` steps (`policy.not_implemented`); lint warns
 * about them (W013) from this list rather than the registry, so that it loads no detector.
 */
export const evaluatedKinds: readonly string[] = [
  'agent-firewall',
  'audit-logger',
  'citation-verifier',
  'data-routing-policy',
  'dlp-filter',
  'embedding-detector',
  'human-oversight',
  'pii-detector',
  'prompt-injection',
  'quality-scorer',
  'rbac',
  'safety-filter',
];

/** Every kind valid in `policies.chain`, sorted. */
export const knownKinds: readonly string[] = Object.keys(kindPhases).sort();

/** Kinds allowed as a single-policy document (top-level `policy: {name, version, enabled}`). */
export const singlePolicyKinds: readonly string[] = [
  'agent-firewall',
  'citation-verifier',
  'prompt-injection',
  'quality-scorer',
];

/** Legacy filter kinds (`input_filter`, `output_filter`, `content_filter`) kept as their own chain kinds. */
export const legacyFilterKinds: readonly string[] = Object.keys(legacyFilterPhases).sort();

/**
 * Legacy `type` names that denote one current kind outright (docs §4.1). The generic filter types
 * (`input_filter`, ...) are mapped by content in normalize.ts instead.
 */
export const legacyTypeToKind: Readonly<Record<string, string>> = {
  prompt_injection: 'prompt-injection',
  // The Security Engineering seed's names ("a type: prompt_injection_detection policy", "pii_detection").
  prompt_injection_detection: 'prompt-injection',
  pii_redaction: 'pii-detector',
  pii_detector: 'pii-detector',
  pii_detection: 'pii-detector',
  quality: 'quality-scorer',
  grounding: 'citation-verifier',
  dlp: 'dlp-filter',
  dlp_filter: 'dlp-filter',
  safety_filter: 'safety-filter',
  rbac: 'rbac',
  agent_firewall: 'agent-firewall',
  audit_logger: 'audit-logger',
};

/** Every legacy `type` value the list shape accepts. */
export const legacyTypes: readonly string[] = [...Object.keys(legacyTypeToKind), ...legacyFilterKinds].sort();

/** True for kinds valid in a current-shape chain. */
export function isKnownKind(kind: string): boolean {
  return Object.hasOwn(kindPhases, kind);
}

/**
 * The fixed phase of a kind (DESIGN.md §4). Legacy filter kinds have the phase their name says.
 * Throws for an unknown kind: callers normalise and lint first, so this is a broken invariant.
 */
export function phaseOf(kind: string): Phase {
  const phase = findPhase(kind);
  if (phase === undefined) throw new Error(`unknown policy kind '${kind}'`);
  return phase;
}

/** The phase of a kind, or undefined for an unknown kind (for reports about packs that may be invalid). */
export function findPhase(kind: string): Phase | undefined {
  if (Object.hasOwn(kindPhases, kind)) return kindPhases[kind];
  return Object.hasOwn(legacyFilterPhases, kind) ? legacyFilterPhases[kind] : undefined;
}
