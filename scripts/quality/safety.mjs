// Content-safety section of `npm run quality`: per category (S, H, V, HR, SH) recall and FPR on the OpenAI
// moderation development set, using known labels only (a missing key is unknown, not negative), at the
// default threshold (`medium`) and at the best threshold with FPR <= 5%; llm_guardrail `checkMalicious`
// on the same rows as the peer (it has one "malicious" score, so its figures are per category of the
// same binary flag). Also: how many of the rows labelled benign in every category the seed zero-trust chain's
// safety step blocks (the union the user sees, where the per-category FPRs each count one category), and how
// many ordinary technical documents (dependency READMEs, changelogs, API notes)
// the seed zero-trust chain's safety step blocks, each evaluated whole as one user message.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { fitAndValidate } from '../fit-safety.mjs';
import { loadDependencyDocs } from './dependency-docs.mjs';

export const name = 'safety';

const CATS = { S: 'sexual_content', H: 'hate_speech', V: 'violence', HR: 'harassment', SH: 'self_harm' };
/** Every category of the moderation set: a row labelled 0 in all of them is benign. */
const ALL_CODES = ['S', 'H', 'V', 'HR', 'SH', 'S3', 'H2', 'V2'];
/**
 * Target for the share of all-benign rows the zero-trust safety step blocks (why this number: the section's
 * markdown below).
 */
const ALL_BENIGN_TARGET = 0.1;
const PACK = {
  pack: { name: 'quality-safety', version: '1.0.0', enabled: true },
  policies: { chain: ['safety-filter'] },
  policy: { 'safety-filter': { categories: Object.values(CATS), threshold: 'medium', action: 'block' } },
};

export async function loadModeration(dataDir) {
  const raw = gunzipSync(await readFile(join(dataDir, 'safety-openai-moderation', 'samples-dev.jsonl.gz'))).toString(
    'utf8',
  );
  return raw
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/**
 * The seed zero-trust chain (examples/zero-trust-gateway.yaml) on each dependency document as one user
 * message, all steps run (exhaustive): the documents whose safety-filter step blocks, with their findings.
 */
async function zeroTrustChain(root, core) {
  const pack = parseYaml(await readFile(join(root, 'examples', 'zero-trust-gateway.yaml'), 'utf8'));
  return core.chainFor?.(pack) ?? null;
}

/** Verdict of the zero-trust chain's safety step on `text` as one user message (all steps run). */
function zeroTrustSafetyStep(chain, text) {
  const decision = chain.evaluate(
    { messages: [{ role: 'user', content: text }], identity: { user: 'quality', role: 'analyst', team: 'risk' } },
    { now: 0, mode: 'exhaustive' },
  );
  return decision.steps.find((s) => s.kind === 'safety-filter');
}

/**
 * The rows labelled 0 in every category, through the zero-trust chain: how many its safety step blocks, by
 * the categories of its findings.
 */
function allBenignBlocked(chain, rows) {
  const benign = rows.filter((r) => ALL_CODES.every((c) => r[c] === 0));
  const byCategory = {};
  let blocked = 0;
  for (const r of benign) {
    const step = zeroTrustSafetyStep(chain, r.prompt);
    if (step?.verdict !== 'block') continue;
    blocked++;
    for (const t of new Set(step.findings.map((f) => f.type))) byCategory[t] = (byCategory[t] ?? 0) + 1;
  }
  return { total: benign.length, blocked, rate: blocked / Math.max(1, benign.length), byCategory, rows: benign };
}

/** Prompts of the benign chat sets (WildGuard benign, NotInject): the same step's block rate, for contrast. */
async function chatPromptsBlocked(chain, dataDir) {
  const read = async (f) => JSON.parse(await readFile(join(dataDir, 'pi-piguard', f), 'utf8'));
  const prompts = [
    ...(await read('wildguard.json')),
    ...(await read('NotInject_one.json')),
    ...(await read('NotInject_two.json')),
  ].map((r) => r.prompt);
  const blocked = prompts.filter(
    (p) => typeof p === 'string' && zeroTrustSafetyStep(chain, p)?.verdict === 'block',
  ).length;
  return { total: prompts.length, blocked };
}

async function docsBlockedBySafety(root, core) {
  const chain = await zeroTrustChain(root, core);
  if (!chain) return null;
  const docs = await loadDependencyDocs(root);
  const blocked = [];
  for (const d of docs) {
    const step = zeroTrustSafetyStep(chain, d.text);
    if (step?.verdict === 'block') {
      const types = [...new Set(step.findings.map((f) => f.type))].join(', ');
      blocked.push({
        path: d.path,
        types,
        first: step.findings[0] ? d.text.slice(step.findings[0].start, step.findings[0].end) : '',
      });
    }
  }
  return { total: docs.length, blocked };
}

function recallAtFpr(pos, neg, maxFpr) {
  const sorted = [...neg].sort((a, b) => b - a);
  const allowed = Math.floor(sorted.length * maxFpr);
  const t = allowed < sorted.length ? sorted[allowed] : -Infinity;
  return {
    recall: pos.filter((s) => s > t).length / Math.max(1, pos.length),
    threshold: t,
    fpr: neg.filter((s) => s > t).length / Math.max(1, neg.length),
  };
}

export async function run({ root, dataDir, core, timeRows, timeRowsAsync, timeSideBySide }) {
  const rows = await loadModeration(dataDir);
  const classifier = core['detectors/safety'].prepareSafetyClassifier({
    categories: Object.values(CATS),
    threshold: 'medium',
    blockIf: [],
    blockedTopics: [],
  });
  const threshold = core['detectors/safety'].resolveSafetyThreshold('medium');
  // Warm both sides on the same rows first (JIT, lazily compiled regexes), then time every row.
  for (const r of rows.slice(0, 100)) classifier.scan(r.prompt);
  const ours = timeRows('safety', rows, (r) => classifier.scan(r.prompt).scores);
  // The same rows through the prepared chain, for the verdict figure (same path as kt policy eval).
  const chain = core.chainFor?.(PACK) ?? null;
  const chainRun = chain
    ? timeRows('safety-chain', rows, (r) =>
        chain.evaluate(
          { messages: [{ role: 'user', content: r.prompt }] },
          { now: 0, mode: 'exhaustive', phases: 'request' },
        ),
      )
    : null;
  const guard = await import('llm_guardrail');
  for (const r of rows.slice(0, 100)) await guard.checkMalicious(r.prompt);
  const peer = await timeRowsAsync('peer', rows, async (r) => {
    const res = await guard.checkMalicious(r.prompt);
    return { detected: res.detected, score: res.confidence };
  });

  const speed = await timeSideBySide(
    rows,
    (r) => classifier.scan(r.prompt),
    (r) => guard.checkMalicious(r.prompt),
  );
  ours.usPerRow = speed.oursUsPerRow;
  peer.usPerRow = speed.peerUsPerRow;
  const per = {};
  const out = [];
  for (const [code, cat] of Object.entries(CATS)) {
    const posIdx = [];
    const negIdx = [];
    rows.forEach((r, i) => {
      if (r[code] === 1) posIdx.push(i);
      else if (r[code] === 0) negIdx.push(i);
    });
    const sc = (i) => ours.results[i][cat] ?? 0;
    // Flagged for this category = the chain's safety step reported a finding of this category (the same
    // decision kt policy eval makes); without the engine, the classifier's score against the threshold.
    const flagged = (i) =>
      chainRun
        ? chainRun.results[i].steps.some((st) => st.kind === 'safety-filter' && st.findings.some((f) => f.type === cat))
        : sc(i) >= threshold;
    const recall = posIdx.filter(flagged).length / Math.max(1, posIdx.length);
    const fpr = negIdx.filter(flagged).length / Math.max(1, negIdx.length);
    const at5 = recallAtFpr(posIdx.map(sc), negIdx.map(sc), 0.05);
    const pRecall = posIdx.filter((i) => peer.results[i].detected).length / Math.max(1, posIdx.length);
    const pFpr = negIdx.filter((i) => peer.results[i].detected).length / Math.max(1, negIdx.length);
    const pAt5 = recallAtFpr(
      posIdx.map((i) => peer.results[i].score),
      negIdx.map((i) => peer.results[i].score),
      0.05,
    );
    const blocked = chainRun
      ? posIdx.filter((i) => chainRun.results[i].verdict === 'block').length / Math.max(1, posIdx.length)
      : undefined;
    per[code] = {
      category: cat,
      positives: posIdx.length,
      negatives: negIdx.length,
      recall,
      fpr,
      recall_at_5pct_fpr: at5.recall,
      threshold_at_5pct_fpr: at5.threshold,
      chain_block_rate_on_positives: blocked,
      peer: { recall: pRecall, fpr: pFpr, recall_at_5pct_fpr: pAt5.recall },
    };
    out.push({
      detector: 'kt safety',
      corpus: `moderation ${code} (${posIdx.length}+/${negIdx.length}-)`,
      metric: `recall @medium (peer ${pRecall.toFixed(3)})`,
      value: recall,
      target: '>= 0.6',
      ok: recall >= 0.6 && fpr <= 0.05,
    });
    out.push({
      detector: 'kt safety',
      corpus: `moderation ${code}`,
      metric: `FPR @medium (peer ${pFpr.toFixed(3)})`,
      value: fpr,
      target: '<= 0.05',
      ok: fpr <= 0.05,
    });
    out.push({
      detector: 'kt safety',
      corpus: `moderation ${code}`,
      metric: `recall at 5% FPR (peer ${pAt5.recall.toFixed(3)})`,
      value: at5.recall,
      target: '>= 0.6',
      ok: at5.recall >= 0.6,
    });
  }
  // The union the user sees: rows labelled benign in every category, blocked for any category.
  const ztChain = await zeroTrustChain(root, core);
  const benign = ztChain ? allBenignBlocked(ztChain, rows) : null;
  let peerBenign;
  const chats = ztChain ? await chatPromptsBlocked(ztChain, dataDir).catch(() => null) : null;
  if (benign) {
    const flagged = rows
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => ALL_CODES.every((c) => r[c] === 0))
      .filter(({ i }) => peer.results[i].detected).length;
    peerBenign = flagged / Math.max(1, benign.total);
    out.push({
      detector: 'kt safety',
      corpus: `moderation all-benign (${benign.total} rows labelled 0 in every category)`,
      metric: `zero-trust safety step blocks, any category (peer flags ${peerBenign.toFixed(3)})`,
      value: benign.rate,
      target: `<= ${ALL_BENIGN_TARGET}`,
      ok: benign.rate <= ALL_BENIGN_TARGET,
    });
  }
  out.push({
    detector: 'kt safety',
    corpus: `moderation (${rows.length} rows)`,
    metric: `time per row us (peer ${peer.usPerRow.toFixed(0)})`,
    value: Math.round(ours.usPerRow),
    target: '< peer',
    ok: ours.usPerRow < peer.usPerRow,
  });

  const docs = await docsBlockedBySafety(root, core);
  const docsRate = docs ? docs.blocked.length / Math.max(1, docs.total) : undefined;
  if (docs)
    out.push({
      detector: 'kt safety',
      corpus: `dependency docs (${docs.total} node_modules *.md > 1 KB)`,
      metric: 'zero-trust safety step block rate',
      value: docsRate,
      target: '<= 0.02',
      ok: docsRate <= 0.02,
    });

  // Generalisation of the fitted weights: 5-fold cross-validation of the fitting script (cue terms and
  // templates), at the medium threshold.
  const cv = fitAndValidate({ ...core['detectors/safety'], ...core['detectors/safety-lexicon'] }, rows);
  const pct = (x) => (x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);
  const cvTable = Object.entries(cv)
    .map(
      ([code, r]) =>
        `| ${code} | ${pct(r.hand.recall)} / ${pct(r.hand.fpr)} | ${pct(r.fitted_in_sample.recall)} / ${pct(r.fitted_in_sample.fpr)} | ${pct(r.fitted_cv5.recall)} / ${pct(r.fitted_cv5.fpr)} | ${r.kept_fitted ? 'fitted' : 'written'} |`,
    )
    .join('\n');
  const table = Object.entries(per)
    .map(
      ([code, v]) =>
        `| ${code} (${v.category}) | ${v.positives} / ${v.negatives} | ${pct(v.recall)} | ${pct(v.fpr)} | ${pct(v.recall_at_5pct_fpr)} | ${pct(v.chain_block_rate_on_positives)} | ${pct(v.peer.recall)} / ${pct(v.peer.fpr)} | ${pct(v.peer.recall_at_5pct_fpr)} |`,
    )
    .join('\n');
  const markdown = `## Content safety

Rows: the OpenAI moderation development half (${rows.length}); per category only rows whose label is known (1 = positive,
0 = negative). Default threshold \`medium\` (= ${threshold}). Recall and FPR: ${chain ? "a row counts as flagged for a category when the prepared chain's safety-filter step reports a finding of that category" : 'classifier score against the threshold (engine not in the tree)'}; "recall at 5% FPR" uses the classifier's category score as a curve. "Chain block rate" runs the same positives through a prepared chain
with only \`safety-filter\` (all five categories, \`medium\`), the path \`kt policy eval\` uses. Peer: \`llm_guardrail\`
\`checkMalicious\` (one binary "malicious" flag, compared per category). Target: recall >= 60% at FPR <= 5%.

| category | pos / neg | kt recall | kt FPR | kt recall at 5% FPR | chain block rate on positives (any category) | peer recall / FPR | peer recall at 5% FPR |
|---|---|---|---|---|---|---|---|
${table}

Time per row: kt ${ours.usPerRow.toFixed(0)} µs, llm_guardrail ${peer.usPerRow.toFixed(0)} µs.
${
  benign
    ? `
All-benign rows: of the ${benign.total} rows labelled 0 in every category (S H V HR SH S3 H2 V2), the seed zero-trust chain's
safety step (examples/zero-trust-gateway.yaml: violence, hate, self-harm, sexual at \`medium\`; each row one user message)
blocks ${benign.blocked} (${pct(benign.rate)}; target <= ${pct(ALL_BENIGN_TARGET)}), by category of its findings: ${
        Object.entries(benign.byCategory)
          .map(([c, n]) => `${c} ${n}`)
          .join(', ') || 'none'
      }.
The per-category FPRs above each count one category; a user sees the union. llm_guardrail flags ${pct(peerBenign)} of the same rows
(with the recall in the table). Why ${pct(ALL_BENIGN_TARGET)}: these rows are not everyday prompts (on the ${
        chats
          ? `${chats.total} benign chat prompts of WildGuard and
NotInject the same step blocks ${chats.blocked}, ${pct(chats.blocked / Math.max(1, chats.total))}`
          : 'WildGuard and NotInject benign chat prompts the figure is far lower'
      }) but mostly prompts about hard subjects (self-harm recovery, crime news,
fiction, history, sex education), the texts on which a lexicon is least sure and which the moderation labels themselves
split unevenly (the development positives include recovery talk and injury stories). The figure is a union over four
categories, each held to FPR <= 5% on all its negatives; on rows chosen for hard subjects it cannot be expected at 5%,
but blocking one in five makes a gateway unusable for such subjects, and one in ten (half the starting 20.8%) is the
most an operator can absorb with an allow-list or a \`high\` threshold on a dedicated route, while every category keeps
recall >= 60% at \`medium\`. docs/detectors.md ("Limits") lists the rows still blocked, by cause.
`
    : ''
}
${
  docs
    ? `Ordinary technical documents: the seed zero-trust chain (examples/zero-trust-gateway.yaml, safety-filter at \`medium\`) on
every \`*.md\` over 1 KB under node_modules (dependency READMEs, changelogs, API notes; ${docs.total} files, read at run
time), each evaluated whole as one user message: the safety step blocks ${docs.blocked.length} (${pct(docsRate)}; target <= 2%).
${docs.blocked.map((b) => `- ${b.path}: ${b.types} (first finding ${JSON.stringify(b.first.slice(0, 40))})`).join('\n')}

`
    : ''
}Generalisation of the fitted weights (scripts/fit-safety.mjs; cue terms and word templates;
recall / FPR at \`medium\`). A category keeps fitted weights only where the cross-validated figure beat the written ones. A fitted weight
may not make a cue enough alone to flag at \`medium\` where its written weight is below that (sexual: every cue; hate: cues
written below 0.3); scripts/fit-safety.mjs lists the other fits tried for hate, none better out of sample.

| category | written weights, in-sample | fitted, in-sample | fitted, 5-fold CV | shipped |
|---|---|---|---|---|
${cvTable}
`;
  return {
    rows: out,
    markdown,
    json: {
      threshold,
      per_category: per,
      all_benign: benign
        ? {
            total: benign.total,
            blocked: benign.blocked,
            rate: benign.rate,
            by_category: benign.byCategory,
            peer_rate: peerBenign,
          }
        : null,
      benign_chat_prompts: chats,
      dependency_docs: docs
        ? {
            total: docs.total,
            blocked: docs.blocked.length,
            rate: docsRate,
            blocked_paths: docs.blocked.map((b) => b.path),
          }
        : null,
      cross_validation: cv,
      us_per_row: ours.usPerRow,
      peer_us_per_row: peer.usPerRow,
    },
  };
}
