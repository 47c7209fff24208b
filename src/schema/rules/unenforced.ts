/**
 * W013: a documented setting that lint accepts (the public docs describe it, so a pack that carries it is
 * not wrong) but this version of kt does not enforce. A pack that asks for a control kt silently skips
 * enforces less than it says; the warning says so at the key, and the hint names what kt does enforce
 * instead where there is something. Only settings that ask for a check are reported: a switch written
 * off (`halt_on_pii_in_action: false`, `max_age: 0`, `minimum_necessary.enabled: false`) asks for none.
 * Settings with no effect on a verdict (monitoring alerts, log levels, metadata in markers) are not.
 */
import type { JsonObject, JsonValue, PackModel } from '../../core/types.js';
import { evaluatedKinds, isKnownKind } from '../../core/pack/kinds.js';
import { legacyItemMetaKeys } from '../../core/pack/legacy.js';
import { isObject } from '../../core/pack/json.js';
import { assertionType } from '../../core/policies/quality-names.js';
import { pointerSegments, valueAt } from '../json-pointer.js';
import { allowedKeysAt } from '../validators.js';

export interface UnenforcedSetting {
  segments: string[];
  message: string;
  hint: string;
  /** Where the caret points: the key of the setting (default) or the value, for a chain entry. */
  at?: 'key' | 'value';
}

interface Rule {
  kind: string;
  /** The path of the setting in the kind's block. */
  path: readonly string[];
  /** Whether the value written asks for a check (false for a switch written off). */
  asks: (v: JsonValue) => boolean;
  what: string;
  hint: string;
}

const on = (v: JsonValue) => v === true;
const positive = (v: JsonValue) => typeof v === 'number' && v > 0;
const nonEmpty = (v: JsonValue) => (isObject(v) ? Object.keys(v).length > 0 : v !== null);

const RULES: readonly Rule[] = [
  {
    kind: 'agent-firewall',
    path: ['kill_switches', 'halt_on_pii_in_action'],
    asks: on,
    what: 'a tool call carrying PII is not halted by agent-firewall',
    hint: 'To stop PII in tool-call arguments, put pii-detector (action: block) in the chain: it reads tool-call arguments',
  },
  {
    kind: 'agent-firewall',
    path: ['kill_switches', 'halt_on_suspicious_pattern'],
    asks: on,
    what: 'a tool call with a suspicious pattern is not halted by agent-firewall',
    hint: 'To stop injected instructions in tool-call arguments, put prompt-injection in the chain: it reads them',
  },
  {
    kind: 'agent-firewall',
    path: ['kill_switches', 'max_errors_before_halt'],
    asks: positive,
    what: 'tool errors are not counted, so nothing halts after them',
    hint: 'Remove it; limit the session with max_actions_per_session or rate_limits, which kt enforces',
  },
  {
    kind: 'safety-filter',
    path: ['max_age'],
    asks: positive,
    what: 'age-gated content is not checked',
    hint: 'Name the content to keep out in blocked_topics or block_if, which kt enforces',
  },
  {
    kind: 'rbac',
    path: ['data_access'],
    asks: nonEmpty,
    what: 'per-role data sensitivity (max_sensitivity) is not checked',
    hint: 'Limit roles with roles.<role>.allowed_tools / allowed_models, or mark data with dlp-filter sensitivity_level, which kt enforces',
  },
  {
    kind: 'rbac',
    path: ['minimum_necessary', 'enabled'],
    asks: on,
    what: 'PHI access per role (allowed_phi_roles) is not checked',
    hint: 'To keep PHI from the model, put pii-detector with healthcare_mode: true in the chain',
  },
  {
    kind: 'embedding-detector',
    path: ['backend'],
    asks: (v) => v === 'external',
    what: "the endpoint is not called: categories are compared with kt's offline similarity index (hashed word vectors, not the model)",
    hint: "Write backend: local (what kt runs), and check similarity_threshold against kt's scores with kt policy eval",
  },
  {
    // Enforced on a payload that carries `upstream_response.confidence` (a test case), never through the
    // gateway: OpenAI-compatible providers send no such field, so no answer is ever held for it there.
    kind: 'human-oversight',
    path: ['confidence_threshold'],
    asks: positive,
    what: 'it reads upstream_response.confidence, which no OpenAI-compatible provider sends: through kt gateway run no answer is held for low confidence',
    hint: 'Hold answers by subject with require_human_for, which kt enforces; keep confidence_threshold only for payloads that carry a confidence',
  },
  {
    kind: 'citation-verifier',
    path: ['external_resolver'],
    asks: nonEmpty,
    what: 'the resolver is not called: citations are matched against the request context only',
    hint: 'Supply the sources in the request context (context.documents / context.sources), or remove external_resolver',
  },
];

const JUDGE_HINT =
  'kt calls no judge model (no command supplies one): write what must hold as deterministic assertions (contains, regex, is-json, context-faithfulness), or remove it';

/**
 * quality-scorer settings that only a judge model can check. kt's core takes a judge through its context
 * (`ctx.judges.quality`), and neither `kt policy eval` / `test` nor the gateway supplies one: a
 * model-graded assertion (`llm-rubric`, `factuality`, `model-graded-closedqa`) and a minimum accuracy are
 * reported `not_evaluated` on every answer, which then passes them, and the judge models of `providers`
 * are never called. Assertions that cannot fail anyway (`enabled: false`, `mode: audit|shadow`,
 * `weight: 0`) ask for no check.
 */
function judgeOnly(doc: JsonObject, base: string[], block: JsonObject): UnenforcedSetting[] {
  const out: UnenforcedSetting[] = [];
  if (Array.isArray(block.providers) && block.providers.length > 0)
    out.push({
      segments: [...base, 'providers'],
      message:
        'quality-scorer: providers is accepted but not enforced by this version of kt: the judge models are not called',
      hint: JUDGE_HINT,
    });
  if (Array.isArray(block.assertions))
    block.assertions.forEach((a, i) => {
      if (!isObject(a) || typeof a.type !== 'string') return;
      if (assertionType(a.type)?.spec.value !== 'judge-text') return;
      if (a.enabled === false || a.mode === 'audit' || a.mode === 'shadow' || a.weight === 0) return;
      out.push({
        segments: [...base, 'assertions', String(i), 'type'],
        message: `quality-scorer: a ${a.type} assertion is accepted but not enforced by this version of kt: it needs a judge model, so every answer passes it (reported not_evaluated)`,
        hint: JUDGE_HINT,
      });
    });
  const minimums: [string[], JsonValue | undefined][] = [
    [['thresholds', 'min_accuracy'], valueAt(doc, [...base, 'thresholds', 'min_accuracy'])],
    [['dimensions', 'accuracy', 'min_score'], valueAt(doc, [...base, 'dimensions', 'accuracy', 'min_score'])],
  ];
  for (const [path, value] of minimums)
    if (value !== undefined && positive(value))
      out.push({
        segments: [...base, ...path],
        message: `quality-scorer: ${path.join('.')} is accepted but not enforced by this version of kt: accuracy is measured only by a judge model`,
        hint: JUDGE_HINT,
      });
  return out;
}

/**
 * The W013 findings of a pack: each chain entry's block (by the engine's routing, so a single-policy
 * document's fields beside `policy` count too) plus a current-shape block not in the chain (W003 says it
 * never runs; it is checked as well, as quality.ts does).
 */
export function unenforcedSettings(doc: JsonObject, model: PackModel): UnenforcedSetting[] {
  const blocks = new Map<string, string>();
  for (const e of model.chain) blocks.set(e.pointer, e.kind);
  if (model.shape === 'current' && isObject(doc.policy))
    for (const kind of Object.keys(doc.policy)) blocks.set(`/policy/${kind}`, kind);
  const out: UnenforcedSetting[] = [];
  for (const [pointer, kind] of blocks) {
    const base = pointerSegments(pointer);
    const block = valueAt(doc, base);
    if (!isObject(block)) continue;
    if (kind === 'quality-scorer') out.push(...judgeOnly(doc, base, block));
    for (const rule of RULES) {
      if (rule.kind !== kind) continue;
      const segments = [...base, ...rule.path];
      const value = valueAt(doc, segments);
      if (value === undefined || !rule.asks(value)) continue;
      out.push({
        segments,
        message: `${kind}: ${rule.path.join('.')} is accepted but not enforced by this version of kt: ${rule.what}`,
        hint: rule.hint,
      });
    }
  }
  return out;
}

/**
 * W013 on a legacy list item mapped onto a current kind (`type: quality`, `grounding`, `pii_redaction`,
 * ...): a setting the kind has no field for, after the documented spellings are read (spellings.ts), is
 * accepted in the legacy shape but the engine never reads it. The QA guide's `max_hallucination_risk`,
 * `max_response_length`, `knowledge_base` and `min_citation_coverage` used to pass lint with nothing said
 * while the pack enforced less than it asked. Generic filters (`input_filter`, ...) are evaluated whole and
 * checked elsewhere (legacy-items.ts).
 */
export function legacyIgnoredSettings(doc: JsonObject, model: PackModel): UnenforcedSetting[] {
  if (model.shape !== 'legacy-list') return [];
  const out: UnenforcedSetting[] = [];
  for (const entry of model.chain) {
    const base = pointerSegments(entry.pointer);
    const generic = genericFilterSettings(entry.kind);
    if (generic !== undefined) {
      // A filter the normaliser keeps whole: its item is the config; only its top-level settings are checked.
      for (const key of Object.keys(entry.config))
        if (!generic.includes(key) && !legacyItemMetaKeys.includes(key))
          out.push({
            segments: [...base, key],
            message: `legacy item '${entry.name}' (${entry.kind}): ${key} is accepted but not enforced: ${entry.kind} has no such setting, so kt ignores it`,
            hint: `Settings ${entry.kind} reads: ${generic.join(', ')}`,
          });
      continue;
    }
    if (!isKnownKind(entry.kind)) continue;
    const report = (rel: string[], allowed: readonly string[]) => {
      const at = [...base, ...rel];
      out.push({
        // A key the spelling step wrote itself has no place in the file: point at the item's type.
        segments: valueAt(doc, at) === undefined ? [...base, 'type'] : at,
        message: `legacy item '${entry.name}' (${entry.kind}): ${rel.join('.')} is accepted but not enforced: ${entry.kind} has no such setting, so kt ignores it`,
        hint: `Settings ${entry.kind} reads here: ${allowed.join(', ')}; \`kt policy migrate\` drops it too`,
      });
    };
    const walk = (value: JsonValue, rel: string[]) => {
      if (Array.isArray(value)) {
        value.forEach((v, i) => walk(v, [...rel, String(i)]));
        return;
      }
      if (!isObject(value)) return;
      const allowed = allowedKeysAt('current', ['policy', entry.kind, ...rel]);
      if (allowed === undefined) return; // a free-form map (custom markers, role names, ...)
      for (const [key, v] of Object.entries(value)) {
        if (allowed.includes(key)) walk(v, [...rel, key]);
        else report([...rel, key], allowed);
      }
    };
    walk(entry.config, []);
  }
  return out;
}

/**
 * The settings a legacy generic filter item reads (src/core/policies/legacy-filters.ts for input_filter and
 * output_filter; a content_filter is evaluated by safety-filter's code with the item as its config).
 */
function genericFilterSettings(kind: string): readonly string[] | undefined {
  if (kind === 'input_filter' || kind === 'output_filter')
    return ['action', 'patterns', 'detection', 'classifier', 'escalation'];
  if (kind === 'content_filter') return allowedKeysAt('current', ['policy', 'safety-filter']);
  return undefined;
}

/**
 * W013 on a `policies.chain` entry whose kind lint knows (the docs name it) but this version of kt does not
 * evaluate: its step is skipped (`policy.not_implemented`), so nothing in its block is enforced. Such a pack
 * (healthcare-compliance `blocked_patterns`, bias-monitor, ...) used to lint clean and start a gateway with
 * nothing said, while eval showed the step skipped.
 */
export function unevaluatedChainKinds(doc: JsonObject, model: PackModel): UnenforcedSetting[] {
  if (model.shape !== 'current' || !isObject(doc.policies) || !Array.isArray(doc.policies.chain)) return [];
  const out: UnenforcedSetting[] = [];
  doc.policies.chain.forEach((kind, i) => {
    if (typeof kind !== 'string' || !isKnownKind(kind) || evaluatedKinds.includes(kind)) return;
    out.push({
      segments: ['policies', 'chain', String(i)],
      message: `${kind} is accepted but not evaluated by this version of kt: its step is skipped (policy.not_implemented), so nothing in policy.${kind} is enforced`,
      hint: 'Remove it from the chain, or enforce what it asks with a kind kt evaluates (docs/policy-semantics.md lists them)',
      at: 'value',
    });
  });
  return out;
}
