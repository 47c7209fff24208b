/**
 * The finding types the core can produce (DESIGN.md §3.3 `finding.type`), for `kt policy test`: a test
 * whose `findings` / `no_findings` names a type nothing produces (`emial`) can never pass, or never
 * fail, so the test reports it as a mistake with a did-you-mean instead.
 *
 * Taken from the detectors' own catalogues where they have one (PII entities, secret rules, safety
 * categories, the injection lexicon's rule types); the types the policies and detectors write as
 * literals are listed below, where test/unit/core/finding-types.test.ts checks them two ways: a scan of
 * src/core for literal types that are not here, and the decisions of the templates' and fixtures' golden
 * cases, every type of which must be here or named by its pack. A pack adds the types it names itself
 * (packFindingTypes).
 */
import type { PackModel } from './types.js';
import { LEXICON_RULES } from './detectors/injection-lexicon.js';
import { PII_TYPES } from './detectors/pii-types.js';
import { SAFETY_CATEGORIES } from './detectors/safety-lexicon.js';
import { SECRET_RULE_IDS } from './detectors/secrets.js';

/** Types written as literals, by the policy kind (and detector) that writes them. */
const LITERAL_TYPES: Readonly<Record<string, readonly string[]>> = {
  'prompt-injection': [
    'encoded_payload',
    'base64_payload',
    'hex_payload',
    'similarity',
    'policy_conflict',
    'homoglyph',
    'invisible_characters',
  ],
  'pii-detector': ['custom_pattern'],
  'dlp-filter': ['blocked_term'],
  'safety-filter': ['block_if', 'blocked_topic'],
  'agent-firewall': [
    'blocked_tool',
    'tool_not_allowed',
    'action_limit',
    'cost_limit',
    'rate_limit',
    'transaction_limit',
    'daily_limit',
    'approval_required',
  ],
  rbac: ['tool_denied', 'model_denied', 'missing_identity', 'missing_attribute'],
  'gateway.network': ['ip_not_allowed', 'user_agent_required', 'bot_blocked'],
  'data-routing-policy': ['no_compliant_provider'],
  'quality-scorer': ['low_quality', 'assertion_failed', 'not_evaluated'],
  'citation-verifier': ['ungrounded', 'no_citation', 'citation_url', 'citation_academic', 'citation_quote'],
  'human-oversight': ['low_confidence'],
  'legacy filters': ['escalated', 'system_prompt_leak', 'format_deviation'],
};

let builtin: ReadonlySet<string> | undefined;

/** Every type the built-in detectors and policies produce, whatever the pack. */
export function builtinFindingTypes(): ReadonlySet<string> {
  return (builtin ??= new Set([
    ...PII_TYPES,
    ...SECRET_RULE_IDS,
    ...SAFETY_CATEGORIES,
    ...LEXICON_RULES.map((r) => r.type),
    ...Object.values(LITERAL_TYPES).flat(),
  ]));
}

/**
 * The types a pack names itself: a DLP pattern's or a legacy regex pattern's `name`, an embedding
 * category's `label`, a human-oversight area. Rather than follow each kind's config layout, every string
 * of the chain's configs counts (a type a pack gives is one of them; a misspelling in a test is not), plus
 * the names the policies make up for entries without one: dlp-filter `patterns[i]`, embedding-detector
 * `category_i`.
 */
export function packFindingTypes(model: PackModel): Set<string> {
  const out = new Set<string>();
  for (const entry of model.chain) {
    const stack: unknown[] = [entry.config];
    while (stack.length > 0) {
      const v = stack.pop();
      if (typeof v === 'string') out.add(v);
      else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) stack.push(x);
    }
    const { patterns, categories } = entry.config;
    if (entry.kind === 'dlp-filter' && Array.isArray(patterns)) patterns.forEach((_, i) => out.add(`patterns[${i}]`));
    if (entry.kind === 'embedding-detector' && Array.isArray(categories))
      categories.forEach((_, i) => out.add(`category_${i}`));
  }
  return out;
}

/** builtinFindingTypes and packFindingTypes together: what a decision of this pack may hold. */
export function findingTypesOf(model: PackModel): ReadonlySet<string> {
  const out = packFindingTypes(model);
  for (const t of builtinFindingTypes()) out.add(t);
  return out;
}
