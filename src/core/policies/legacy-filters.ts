/**
 * Legacy list-shape `input_filter` / `output_filter` items the normaliser could not map cleanly onto a
 * current kind (the whole item is the config). What an item does follows from what it carries:
 * - `patterns: [{type, replacement?} | {type: regex, pattern, replacement?}]`: PII categories and
 *   linear-time regexes, each replacement its marker (input side for input_filter, response side for
 *   output_filter);
 * - `detection.patterns` (+ `classifier.threshold`): the prompt-injection detector with those phrases;
 * - `detection.system_prompt_leak` (output): the answer repeats a run of 8+ words of the system prompt,
 *   or says what its instructions are;
 * - `detection.format_deviation` (output): the request asked for JSON (`response_format`) and the answer
 *   is not JSON, or the answer was cut off by the token limit;
 * - `escalation` only: fires when an earlier input-phase step blocked or escalated the request (the item
 *   escalates what the filters before it stopped; it still runs after a block, like audit). With `escalation.block_pending: true` the request is blocked
 *   while the escalation is recorded; otherwise the gateway answers with a hold.
 * `action` is the verdict on a hit (for patterns: redact, block or escalate; the matches are masked either way). An item that carries several of these runs them all (see prepareLegacy).
 */
import type { Finding, JsonObject } from '../types.js';
import { prepareInjectionDetector } from '../detectors/injection.js';
import { canonicalPiiType } from '../detectors/pii-types.js';
import { extractTexts } from '../detectors/payload-text.js';
import { memoizeScan } from '../detectors/scan-cache.js';
import { action, bool, num, obj, str } from './config.js';
import { compileCustomRegex, piiStep, type PiiScanSpec } from './pii-detector.js';
import { contentWords, responseText } from './output-text.js';
import { toFinding } from './text-scan.js';
import { legacyFacets, type LegacyFacet } from '../pack/legacy.js';
import { allow, type PolicyKind, type PreparedPolicy, type StepFn, type StepOutcome } from './types.js';

/** Verdict precedence among an item's facets (DESIGN.md §4). */
const VERDICT_RANK: Record<StepOutcome['verdict'], number> = {
  skipped: 0,
  allow: 0,
  redact: 1,
  escalate: 2,
  block: 3,
  error: 3,
};

function legacyPiiSpec(item: JsonObject): PiiScanSpec {
  const types: string[] = [];
  const regexes: PiiScanSpec['regexes'] = [];
  const custom: Record<string, string> = {};
  (Array.isArray(item.patterns) ? item.patterns : []).forEach((entry, i) => {
    const p = obj(entry);
    const type = str(p.type, '');
    const replacement = typeof p.replacement === 'string' ? p.replacement : undefined;
    if (type === 'regex') {
      regexes.push({
        regex: compileCustomRegex(str(p.pattern, str(p.regex, '')), `patterns[${i}]`),
        type: str(p.name, 'custom_pattern'),
        ...(replacement === undefined ? {} : { marker: replacement }),
      });
    } else if (type !== '') {
      // Every spelling the detector accepts, so the replacement is keyed by the type its findings carry.
      const t = canonicalPiiType(type) ?? type;
      types.push(t);
      if (replacement !== undefined) custom[t] = replacement;
    }
  });
  // `escalate` holds the request for a reviewer (DESIGN.md §3.1 lists it for every legacy item); it used to
  // read as redact, which forwarded the masked request instead. Anything else that is not block redacts.
  const onHit = action(item.action, 'redact');
  const verdict = onHit === 'block' || onHit === 'escalate' ? onHit : 'redact';
  return { types, regexes, markers: { format: 'label', custom }, verdict };
}

function injectionStep(item: JsonObject): StepFn {
  const detection = obj(item.detection);
  const classifier = obj(detection.classifier ?? item.classifier);
  const enabled = bool(classifier.enabled, true);
  const threshold = num(classifier.threshold, 0.85);
  const detector = prepareInjectionDetector({
    decodeBase64: true,
    normalizeUnicode: true,
    detectHomoglyphs: true,
    enforceDelimiters: true,
    patterns: (Array.isArray(detection.patterns) ? detection.patterns : []).filter(
      (x): x is string => typeof x === 'string',
    ),
    embeddingThreshold: threshold,
  });
  const onHit = action(item.action, 'block');
  const scan = memoizeScan((text: string) => detector.scan(text));
  return ({ workspace }) => {
    const findings: Finding[] = [];
    let detected = false;
    let score = 0;
    for (const seg of workspace.texts('request-untrusted')) {
      const r = scan(seg.text);
      if (enabled) {
        detected ||= r.detected;
        score = Math.max(score, r.score);
        for (const m of r.findings) findings.push(toFinding(seg, m));
        continue;
      }
      // A disabled classifier leaves the patterns and the other rule layers, each finding on its own
      // against the threshold; the similarity layer (the classifier's stand-in) is left out. (The
      // threshold used to be raised above 1 instead, which no score reaches: the patterns never fired.)
      for (const m of r.findings) {
        if (m.type === 'similarity') continue;
        detected ||= m.score >= threshold;
        score = Math.max(score, m.score);
        findings.push(toFinding(seg, m));
      }
    }
    score = Math.round(score * 1000) / 1000;
    if (!detected) return { ...allow(undefined, findings), score };
    return {
      verdict: onHit === 'redact' ? 'block' : onHit,
      reason_code: 'prompt_injection.detected',
      findings,
      score,
      message: 'potential prompt injection detected',
    };
  };
}

function escalationStep(item: JsonObject): StepFn {
  const blockPending = bool(obj(item.escalation).block_pending, false);
  const onHit = action(item.action, 'escalate');
  return ({ previous }) => {
    const caught = previous.filter((s) => s.phase === 'input' && (s.verdict === 'block' || s.verdict === 'escalate'));
    if (caught.length === 0) return allow();
    return {
      verdict: onHit === 'allow' ? 'allow' : 'escalate',
      reason_code: blockPending ? 'escalation.block_pending' : 'escalation.required',
      findings: caught.map((s): Finding => ({
        type: 'escalated',
        detector: 'escalation',
        path: '',
        start: 0,
        end: 0,
        preview: s.policy,
      })),
      message: `${caught.map((s) => s.policy).join(', ')} acted on the request${blockPending ? '; blocked until a reviewer decides' : '; held for review'}`,
    };
  };
}

function shingles(words: string[], n: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) out.add(words.slice(i, i + n).join(' '));
  return out;
}

const LEAK_PHRASE =
  /\b(my (?:system prompt|(?:initial |original )?instructions) (?:is|are|say|says)|i was (?:told|instructed) to|here (?:is|are) my (?:system prompt|instructions))\b/iu;

function outputChecksStep(item: JsonObject): StepFn {
  const detection = obj(item.detection);
  const leak = bool(detection.system_prompt_leak, false);
  const format = bool(detection.format_deviation, false);
  const onHit = action(item.action, 'escalate');
  return ({ workspace }) => {
    const p = workspace.payload;
    // A leak in the model's reasoning reaches the client as one in its answer does; the format is the answer's.
    const said = responseText(p, true);
    if (said.length === 0) return { verdict: 'skipped', reason_code: 'output.no_response', findings: [] };
    const answer = responseText(p);
    const findings: Finding[] = [];
    if (leak) {
      const system = extractTexts(p, 'request')
        .filter((s) => s.role === 'system' || s.role === 'developer')
        .map((s) => s.text)
        .join('\n');
      const systemShingles = shingles(contentWords(system), 6);
      const answerWords = contentWords(said);
      let hit = false;
      for (let i = 0; i + 6 <= answerWords.length && !hit; i++)
        hit = systemShingles.has(answerWords.slice(i, i + 6).join(' '));
      const phrase = LEAK_PHRASE.exec(said);
      if (hit || phrase !== null) {
        findings.push({
          type: 'system_prompt_leak',
          detector: 'output.leak',
          path: '/upstream_response',
          start: phrase?.index ?? 0,
          end: phrase === null ? 0 : phrase.index + phrase[0].length,
        });
      }
    }
    if (format) {
      const rf = obj((p as JsonObject).response_format);
      const wantsJson = rf.type === 'json_object' || rf.type === 'json_schema';
      let deviation: string | null = null;
      // An answer of reasoning alone (with a tool call, say) has no text to be JSON, as one without text.
      if (wantsJson && answer.length > 0) {
        try {
          JSON.parse(answer);
        } catch {
          deviation = 'not_json';
        }
      }
      const r = obj(p.upstream_response as JsonObject);
      const choice = Array.isArray(r.choices) ? obj(r.choices[0]) : {};
      if (choice.finish_reason === 'length') deviation ??= 'truncated';
      if (deviation !== null)
        findings.push({
          type: 'format_deviation',
          detector: `output.format:${deviation}`,
          path: '/upstream_response',
          start: 0,
          end: 0,
        });
    }
    if (findings.length === 0) return allow();
    return {
      verdict: onHit === 'redact' ? 'block' : onHit,
      reason_code: findings[0]!.type === 'system_prompt_leak' ? 'output.system_prompt_leak' : 'output.format_deviation',
      findings,
      message: findings.map((f) => f.type).join(', '),
    };
  };
}

function prepareLegacy(item: JsonObject, side: 'request' | 'response'): PreparedPolicy {
  const build: Record<LegacyFacet, () => StepFn> = {
    patterns: () => piiStep(legacyPiiSpec(item), side, (k) => k),
    'detection.patterns': () => injectionStep(item),
    'output checks': () => outputChecksStep(item),
    escalation: () => escalationStep(item),
  };
  const steps = legacyFacets(item, side).map((f) => build[f]());
  if (steps.length === 0)
    throw new Error(`legacy ${String(item.type)} '${String(item.name)}' configures nothing kt can evaluate`);
  // Several facets on one item run in order, each seeing the redactions of those before it, as steps of a
  // chain do; a block ends the item as it ends the chain. The strongest verdict decides (the first among
  // equals; among allows, the first with a reason: a flag), with every facet's findings and the highest
  // score. (The first facet that acted used to decide alone: an item that redacts PII and blocks
  // injections let an injection through when the text also held an email.)
  const run: StepFn = (input) => {
    if (steps.length === 1) return steps[0]!(input);
    const outcomes: StepOutcome[] = [];
    for (const s of steps) {
      const outcome = s(input);
      outcomes.push(outcome);
      if (VERDICT_RANK[outcome.verdict] === 3) break;
    }
    let decided = outcomes[0]!;
    for (const o of outcomes) {
      const rank = VERDICT_RANK[o.verdict];
      if (
        rank > VERDICT_RANK[decided.verdict] ||
        (rank === 0 && decided.reason_code === null && o.reason_code !== null)
      )
        decided = o;
    }
    const scores = outcomes.flatMap((o) => (o.score === undefined ? [] : [o.score]));
    return {
      ...decided,
      findings: outcomes.flatMap((o) => o.findings),
      ...(scores.length === 0 ? {} : { score: Math.max(...scores) }),
    };
  };
  const reactive = steps.length === 1 && item.escalation !== undefined;
  return side === 'request' ? { request: run, ...(reactive ? { reactive: true } : {}) } : { response: run };
}

export const inputFilter: PolicyKind = {
  kind: 'input_filter',
  prepare: (entry) => prepareLegacy(entry.config, 'request'),
};
export const outputFilter: PolicyKind = {
  kind: 'output_filter',
  prepare: (entry) => prepareLegacy(entry.config, 'response'),
};
