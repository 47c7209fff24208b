/**
 * The public door of the policy core. Outer layers (cli, runtime, output) import from here only.
 */
export type * from './types.js';
export { prepareChain } from './engine.js';
export { normalizePack } from './pack/index.js';
export { phaseOf, knownKinds } from './pack/kinds.js';
export { policyKinds } from './policies/index.js';
export { buildEventRecord, redactionCounts, rfc3339Micros, shouldRecordEvent, type EventMeta } from './audit/event.js';
export { checkPayloadBounds, extractTexts, extractToolCalls, type TextSegment } from './detectors/payload-text.js';
export { maskedPreview, markerFor } from './detectors/redaction.js';
export { sha256Hex, hmacSha256, toHex } from './detectors/keyed-hash.js';
export { compileLinearRegex } from './detectors/linear-regex.js';
