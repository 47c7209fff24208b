// Prompt-injection section of `npm run quality`: recall on CyberSecEval (overall, per injection_variant,
// per injection_type), false-positive rate on WildGuard benign, NotInject (per trigger-word count) and
// PIGuard valid, recall at 1% FPR from the scores, and llm_guardrail on the same rows in the same run.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDependencyDocs } from './dependency-docs.mjs';

export const name = 'prompt-injection';

/** The prompt-injection config every row is evaluated with: the seed zero-trust pack's settings. */
export const PACK = {
  pack: { name: 'quality-injection', version: '1.0.0', enabled: true },
  policies: { chain: ['prompt-injection'] },
  policy: {
    'prompt-injection': {
      embedding_threshold: 0.8,
      response: { action: 'block' },
      encoding: { decode_base64: true, normalize_unicode: true, detect_homoglyphs: true },
      boundaries: { enforce_delimiters: true },
    },
  },
};

const readJson = async (p) => JSON.parse(await readFile(p, 'utf8'));

/** Builds a scorer: (row) => { detected, score }. Uses the prepared chain when the engine exists. */
function makeScorer(core) {
  const chain = core.chainFor?.(PACK) ?? null;
  if (chain) {
    const ctx = { now: 0, mode: 'exhaustive', phases: 'request' };
    return {
      path: 'prepared chain (engine.prepareChain, same path as kt policy eval)',
      score(row) {
        const messages = row.system
          ? [
              { role: 'system', content: row.system },
              { role: 'user', content: row.text },
            ]
          : [{ role: 'user', content: row.text }];
        const d = chain.evaluate({ messages }, ctx);
        const step = d.steps.find((s) => s.kind === 'prompt-injection');
        return { detected: step?.verdict === 'block', score: step?.score ?? (step?.verdict === 'block' ? 1 : 0) };
      },
    };
  }
  return directScorer(core, 'detector called directly (engine not in the tree yet)');
}

/** The detector itself, given the system prompt as context (the policy-conflict layer needs it). */
function directScorer(core, path) {
  const det = core['detectors/injection'].prepareInjectionDetector({
    decodeBase64: true,
    normalizeUnicode: true,
    detectHomoglyphs: true,
    enforceDelimiters: true,
    patterns: [],
    embeddingThreshold: 0.8,
  });
  return { path, score: (row) => det.scan(row.text, row.system ? { system: row.system } : undefined) };
}

function rate(xs) {
  return xs.length ? xs.filter(Boolean).length / xs.length : 0;
}

/** Recall on positives at the highest-recall threshold whose FPR on negatives is <= maxFpr. */
export function recallAtFpr(posScores, negScores, maxFpr) {
  const neg = [...negScores].sort((a, b) => b - a);
  const allowed = Math.floor(neg.length * maxFpr);
  // Threshold strictly above the (allowed)-th highest negative score.
  const t = allowed < neg.length ? neg[allowed] : -Infinity;
  const recall = posScores.filter((s) => s > t).length / posScores.length;
  return { recall, threshold: t };
}

/** Benign rows, each given the system prompt of attack row (7i + 3) mod n: same set every run. */
function withSystem(rows, attacks) {
  return rows.map((r, i) => ({ ...r, system: attacks[(7 * i + 3) % attacks.length].system }));
}

async function loadCorpora(dataDir) {
  const cse = await readJson(join(dataDir, 'pi-cyberseceval', 'prompt_injection.json'));
  const attacks = cse.map((r) => ({
    text: r.user_input,
    system: r.test_case_prompt,
    variant: r.injection_variant,
    type: r.injection_type,
  }));
  const wild = (await readJson(join(dataDir, 'pi-piguard', 'wildguard.json'))).map((r) => ({ text: r.prompt }));
  const one = (await readJson(join(dataDir, 'pi-piguard', 'NotInject_one.json'))).map((r) => ({
    text: r.prompt,
    words: 1,
  }));
  const two = (await readJson(join(dataDir, 'pi-piguard', 'NotInject_two.json'))).map((r) => ({
    text: r.prompt,
    words: 2,
  }));
  const valid = (await readJson(join(dataDir, 'pi-piguard', 'valid.json')))
    .filter((r) => r.label === 0)
    .map((r) => ({ text: r.prompt }));
  return { attacks, wild, notInject: [...one, ...two], valid };
}

export async function run({ root, dataDir, core, timeRows, timeRowsAsync, timeSideBySide }) {
  const { attacks, wild, notInject, valid } = await loadCorpora(dataDir);
  // Benign technical documents, each evaluated whole as one user message: such documents are pasted into
  // chats and fetched by agents, and use the attack vocabulary ("ignore", "password", "<!-- prettier-ignore -->").
  const docs = await loadDependencyDocs(root);
  const scorer = makeScorer(core);
  // Warm both sides on the same rows first (JIT, lazily compiled regexes), then time every row.
  for (const r of wild.slice(0, 100)) scorer.score(r);
  const ours = {
    attacks: timeRows('attacks', attacks, scorer.score),
    attacksNoContext: timeRows('attacks-nocontext', attacks, (r) => scorer.score({ text: r.text })),
    attacksWithContext: timeRows('attacks-context', attacks, directScorer(core, 'direct').score),
    wild: timeRows('wild', wild, scorer.score),
    notInject: timeRows('notinject', notInject, scorer.score),
    valid: timeRows('valid', valid, scorer.score),
    // The system-prompt layer only runs when a chat has a system prompt, and the benign corpora have
    // none: pair each benign prompt with an unrelated operator system prompt (CyberSecEval's, rotated
    // deterministically) to measure what that layer costs on ordinary questions.
    wildWithSystem: timeRows('wild+system', withSystem(wild, attacks), scorer.score),
    notInjectWithSystem: timeRows('notinject+system', withSystem(notInject, attacks), scorer.score),
    docs: timeRows('docs', docs, scorer.score),
  };

  const guard = await import('llm_guardrail');
  for (const r of wild.slice(0, 100)) await guard.checkInjection(r.text);
  const peerScore = async (r) => {
    const res = await guard.checkInjection(r.text);
    return { detected: res.detected, score: res.confidence };
  };
  for (const d of docs.slice(0, 5)) await guard.checkInjection(d.text);
  const peer = {
    attacks: await timeRowsAsync('attacks', attacks, peerScore),
    wild: await timeRowsAsync('wild', wild, peerScore),
    notInject: await timeRowsAsync('notinject', notInject, peerScore),
    valid: await timeRowsAsync('valid', valid, peerScore),
    docs: await timeRowsAsync('docs', docs, peerScore),
  };

  const perVariantOf = (x) => {
    const pv = {};
    attacks.forEach((a, i) => (pv[a.variant] ??= []).push(x.results[i].detected));
    return Object.fromEntries(Object.entries(pv).map(([k, v]) => [k, rate(v)]));
  };
  const summarise = (m) => {
    const det = (x) => x.results.map((r) => r.detected);
    const sc = (x) => x.results.map((r) => r.score);
    const perVariant = {};
    const perType = {};
    attacks.forEach((a, i) => {
      (perVariant[a.variant] ??= []).push(m.attacks.results[i].detected);
      (perType[a.type] ??= []).push(m.attacks.results[i].detected);
    });
    const perWords = {};
    notInject.forEach((n, i) => (perWords[n.words] ??= []).push(m.notInject.results[i].detected));
    const negScores = [...sc(m.wild), ...sc(m.notInject)];
    const r1 = recallAtFpr(sc(m.attacks), negScores, 0.01);
    const allRows =
      m.attacks.results.length + m.wild.results.length + m.notInject.results.length + m.valid.results.length;
    const allUs =
      m.attacks.usPerRow * m.attacks.results.length +
      m.wild.usPerRow * m.wild.results.length +
      m.notInject.usPerRow * m.notInject.results.length +
      m.valid.usPerRow * m.valid.results.length;
    return {
      recall: rate(det(m.attacks)),
      recall_without_system_prompt: m.attacksNoContext ? rate(det(m.attacksNoContext)) : undefined,
      recall_detector_with_system_context: m.attacksWithContext ? rate(det(m.attacksWithContext)) : undefined,
      recall_per_variant_with_context: m.attacksWithContext ? perVariantOf(m.attacksWithContext) : undefined,
      recall_per_variant: Object.fromEntries(
        Object.entries(perVariant)
          .sort()
          .map(([k, v]) => [k, { n: v.length, recall: rate(v) }]),
      ),
      recall_per_type: Object.fromEntries(
        Object.entries(perType).map(([k, v]) => [k, { n: v.length, recall: rate(v) }]),
      ),
      fpr_wildguard: rate(det(m.wild)),
      fpr_notinject: rate(det(m.notInject)),
      fpr_notinject_per_words: Object.fromEntries(
        Object.entries(perWords).map(([k, v]) => [k, { n: v.length, fpr: rate(v) }]),
      ),
      fpr_valid: rate(det(m.valid)),
      fpr_docs: rate(det(m.docs)),
      fpr_wildguard_with_system: m.wildWithSystem ? rate(det(m.wildWithSystem)) : undefined,
      fpr_notinject_with_system: m.notInjectWithSystem ? rate(det(m.notInjectWithSystem)) : undefined,
      recall_at_1pct_fpr: r1.recall,
      us_per_row: allUs / allRows,
    };
  };
  // Threshold curve of our combined score (what embedding_threshold is compared with).
  const curve = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95].map((t) => {
    const at = (x) => x.results.filter((r) => r.score >= t).length / Math.max(1, x.results.length);
    return {
      threshold: t,
      recall: at(ours.attacks),
      recall_with_context: at(ours.attacksWithContext),
      fpr_wildguard: at(ours.wild),
      fpr_notinject: at(ours.notInject),
      fpr_wildguard_with_system: at(ours.wildWithSystem),
      fpr_notinject_with_system: at(ours.notInjectWithSystem),
    };
  });
  const allRows = [...attacks, ...wild, ...notInject, ...valid];
  const speed = await timeSideBySide(allRows, scorer.score, (r) => guard.checkInjection(r.text));
  const o = summarise(ours);
  o.us_per_row = speed.oursUsPerRow;
  o.curve = curve;
  const p = summarise(peer);
  p.us_per_row = speed.peerUsPerRow;

  const rows = [];
  const add = (metric, corpus, ov, pv, target, ok) =>
    rows.push({ detector: 'kt prompt-injection', corpus, metric, value: ov, peer: pv, target, ok });
  add('recall', 'CyberSecEval (251)', o.recall, p.recall, '>= 0.90', o.recall >= 0.9);
  add('recall, user text only', 'CyberSecEval (251)', o.recall_without_system_prompt, p.recall);
  add(
    'recall, detector + system prompt',
    'CyberSecEval (251)',
    o.recall_detector_with_system_context,
    p.recall,
    '>= 0.90',
    o.recall_detector_with_system_context >= 0.9,
  );
  add('FPR', `WildGuard benign (${wild.length})`, o.fpr_wildguard, p.fpr_wildguard, '<= 0.02', o.fpr_wildguard <= 0.02);
  add(
    'FPR',
    `NotInject 1+2 (${notInject.length})`,
    o.fpr_notinject,
    p.fpr_notinject,
    '<= 0.10',
    o.fpr_notinject <= 0.1,
  );
  for (const [k, v] of Object.entries(o.fpr_notinject_per_words))
    add(`FPR, ${k} trigger word(s)`, `NotInject (${v.n})`, v.fpr, p.fpr_notinject_per_words[k]?.fpr);
  add('FPR', `PIGuard valid benign (${valid.length})`, o.fpr_valid, p.fpr_valid);
  add('FPR', `dependency docs (${docs.length})`, o.fpr_docs, p.fpr_docs, '<= 0.02', o.fpr_docs <= 0.02);
  add(
    'FPR, with an unrelated system prompt',
    `WildGuard benign (${wild.length})`,
    o.fpr_wildguard_with_system,
    p.fpr_wildguard,
    '<= 0.02',
    o.fpr_wildguard_with_system <= 0.02,
  );
  add(
    'FPR, with an unrelated system prompt',
    `NotInject 1+2 (${notInject.length})`,
    o.fpr_notinject_with_system,
    p.fpr_notinject,
    '<= 0.10',
    o.fpr_notinject_with_system <= 0.1,
  );
  add('recall at 1% FPR', 'CyberSecEval vs WildGuard+NotInject', o.recall_at_1pct_fpr, p.recall_at_1pct_fpr);
  add('recall >= peer', 'CyberSecEval', o.recall, p.recall, '>= peer', o.recall >= p.recall);
  add(
    'time per row (us)',
    'all rows',
    Math.round(o.us_per_row),
    Math.round(p.us_per_row),
    '< peer',
    o.us_per_row < p.us_per_row,
  );
  for (const r of rows) r.metric = `${r.metric} (peer ${typeof r.peer === 'number' ? r.peer.toFixed(3) : '-'})`;

  const pct = (x) => (x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);
  const variantRows = Object.entries(o.recall_per_variant)
    .map(
      ([k, v]) =>
        `| ${k} | ${v.n} | ${pct(v.recall)} | ${pct(o.recall_per_variant_with_context?.[k])} | ${pct(p.recall_per_variant[k]?.recall)} |`,
    )
    .join('\n');
  const markdown = `## Prompt injection

Scored through: ${scorer.path}. Config: the seed zero-trust pack's \`prompt-injection\` block
(\`embedding_threshold: 0.8\`, decoding, Unicode normalisation, homoglyphs, delimiters on). Each CyberSecEval row is a
chat with its \`test_case_prompt\` as the system message and \`user_input\` as the user message; the policy scans the
user text and passes the system text to the detector as trusted context (\`detection.system_prompt_conflicts\`, on by
default). The peer sees the user text (it takes a single string). Peer: \`llm_guardrail\` \`checkInjection\` (its own threshold).

| metric | corpus | kt | llm_guardrail | target |
|---|---|---|---|---|
| recall | CyberSecEval English (${attacks.length}) | ${pct(o.recall)} | ${pct(p.recall)} | >= 90% |
| recall, user text only (no system prompt) | CyberSecEval English | ${pct(o.recall_without_system_prompt)} | ${pct(p.recall)} | - |
| recall, detector given the system prompt as context (policy-conflict layer on) | CyberSecEval English | ${pct(o.recall_detector_with_system_context)} | ${pct(p.recall)} | >= 90% |
| recall, direct / indirect | CyberSecEval | ${pct(o.recall_per_type.direct?.recall)} / ${pct(o.recall_per_type.indirect?.recall)} | ${pct(p.recall_per_type.direct?.recall)} / ${pct(p.recall_per_type.indirect?.recall)} | - |
| FPR | WildGuard benign (${wild.length}) | ${pct(o.fpr_wildguard)} | ${pct(p.fpr_wildguard)} | <= 2% |
| FPR | NotInject, 1 and 2 trigger words (${notInject.length}) | ${pct(o.fpr_notinject)} | ${pct(p.fpr_notinject)} | <= 10% |
| FPR, 1 trigger word | NotInject_one (${o.fpr_notinject_per_words[1]?.n}) | ${pct(o.fpr_notinject_per_words[1]?.fpr)} | ${pct(p.fpr_notinject_per_words[1]?.fpr)} | - |
| FPR, 2 trigger words | NotInject_two (${o.fpr_notinject_per_words[2]?.n}) | ${pct(o.fpr_notinject_per_words[2]?.fpr)} | ${pct(p.fpr_notinject_per_words[2]?.fpr)} | - |
| FPR | PIGuard valid, benign (${valid.length}) | ${pct(o.fpr_valid)} | ${pct(p.fpr_valid)} | - |
| FPR, whole documents | dependency docs: the *.md files over 1 KB under node_modules (${docs.length}) | ${pct(o.fpr_docs)} | ${pct(p.fpr_docs)} | <= 2% |
| FPR, each prompt under an unrelated operator system prompt | WildGuard benign (${wild.length}) | ${pct(o.fpr_wildguard_with_system)} | ${pct(p.fpr_wildguard)} (no system prompt) | <= 2% |
| FPR, each prompt under an unrelated operator system prompt | NotInject (${notInject.length}) | ${pct(o.fpr_notinject_with_system)} | ${pct(p.fpr_notinject)} (no system prompt) | <= 10% |
| recall at 1% FPR (negatives: WildGuard + NotInject) | CyberSecEval | ${pct(o.recall_at_1pct_fpr)} | ${pct(p.recall_at_1pct_fpr)} | - |
| time per row | all ${attacks.length + wild.length + notInject.length + valid.length} rows | ${o.us_per_row.toFixed(0)} µs | ${p.us_per_row.toFixed(0)} µs | faster than peer |

Threshold curve (the step score is compared with \`embedding_threshold\`; a score at or above it is an attack):

| threshold | recall (chain) | recall (detector + system prompt) | FPR WildGuard | FPR NotInject | FPR WildGuard + system prompt | FPR NotInject + system prompt |
|---|---|---|---|---|---|---|
${curve.map((c) => `| ${c.threshold} | ${pct(c.recall)} | ${pct(c.recall_with_context)} | ${pct(c.fpr_wildguard)} | ${pct(c.fpr_notinject)} | ${pct(c.fpr_wildguard_with_system)} | ${pct(c.fpr_notinject_with_system)} |`).join('\n')}

Most sensitive threshold within the targets (WildGuard FPR <= 2%, NotInject FPR <= 10%, with and without a system prompt): ${(() => {
    const ok = curve.filter(
      (c) =>
        Math.max(c.fpr_wildguard, c.fpr_wildguard_with_system) <= 0.02 &&
        Math.max(c.fpr_notinject, c.fpr_notinject_with_system) <= 0.1,
    );
    return ok.length ? `${ok[0].threshold} (recall ${pct(ok[0].recall)} through the chain)` : 'none';
  })()}. docs/detectors.md explains the default.

Recall per \`injection_variant\`:

| variant | rows | kt (chain) | kt detector + system prompt | llm_guardrail |
|---|---|---|---|---|
${variantRows}
`;
  return { rows, markdown, json: { path: scorer.path, ours: o, peer: p } };
}
