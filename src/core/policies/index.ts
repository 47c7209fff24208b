/**
 * Registry of the policy kinds the engine evaluates (sorted). A kind that lint accepts but is not here
 * runs as a `skipped` step with reason `policy.not_implemented`: never a silent allow.
 */
import { agentFirewall } from './agent-firewall.js';
import { auditLogger } from './audit-logger.js';
import { citationVerifier } from './citation-verifier.js';
import { dataRoutingPolicy } from './data-routing-policy.js';
import { dlpFilter } from './dlp-filter.js';
import { embeddingDetector } from './embedding-detector.js';
import { humanOversight } from './human-oversight.js';
import { inputFilter, outputFilter } from './legacy-filters.js';
import { piiDetector } from './pii-detector.js';
import { promptInjection } from './prompt-injection.js';
import { qualityScorer } from './quality-scorer.js';
import { rbac } from './rbac.js';
import { contentFilter, safetyFilter } from './safety-filter.js';
import type { PolicyKind } from './types.js';

export const policyKinds: ReadonlyMap<string, PolicyKind> = new Map(
  [
    agentFirewall,
    auditLogger,
    citationVerifier,
    contentFilter,
    dataRoutingPolicy,
    dlpFilter,
    embeddingDetector,
    humanOversight,
    inputFilter,
    outputFilter,
    piiDetector,
    promptInjection,
    qualityScorer,
    rbac,
    safetyFilter,
  ].map((k) => [k.kind, k]),
);

export type { PolicyKind, PreparedPolicy, StepFn, StepInput, StepOutcome } from './types.js';
