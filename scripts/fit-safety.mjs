// Fits per-term weight multipliers of the safety lexicon (src/core/detectors/safety-lexicon.ts) on the
// development moderation set and writes src/core/detectors/params/safety-weights.ts. Only weights of the
// project's own cue terms are fitted; no corpus text is written. Deterministic (no randomness): projected
// gradient ascent on the log-likelihood of score = 1 - exp(-sum(w * count)), w >= 0, with an L2 pull
// towards the hand weights so rare terms keep their written meaning. Run: node scripts/fit-safety.mjs
// Prints a 5-fold cross-validated recall/FPR at `medium` per category next to the in-sample figures.
import { build } from 'esbuild';
import { readFile, writeFile, rm, mkdir } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.KT_QUALITY_DATA ?? join(root, '..', 'shared', 'data');
const CATS = { S: 'sexual_content', H: 'hate_speech', V: 'violence', HR: 'harassment', SH: 'self_harm' };
const THRESHOLD = 0.5;
const POS_WEIGHT = Number(process.env.KT_FIT_POS_WEIGHT ?? 1);
// Categories whose fitted weights are kept. With 40-50 positives (V, HR, SH) the 5-fold CV figures of the
// fitted weights were worse than the hand weights, so those keep the hand weights (measured 2026-11-21).
const FIT_CODES = new Set((process.env.KT_FIT_CATEGORIES ?? 'S,H').split(','));
// Categories whose multipliers are rewritten (KT_FIT_WRITE, default: every kept one); the others keep the
// shipped file's, so that a change to one category's rules refits that category alone.
const WRITE_CODES = new Set((process.env.KT_FIT_WRITE ?? [...FIT_CODES].join(',')).split(','));
// A fitted weight may not make a cue enough alone (evidence ALONE_WEIGHT = -ln(1 - 0.5): a flag at medium by
// itself) where its written weight is below CAP_BELOW[code]: whether one word suffices is the lexicon's
// call, which ~100 positives cannot overturn for a word they happen to contain. Sexual content: every cue
// written below that weight (5-fold CV 89.1% / 5.3% uncapped, 88.3% / 4.3% capped); hate: only the cues
// written as weak (< 0.3, e.g. 'are all', which the uncapped fit raised to 0.8 - enough alone to flag
// "X are all Y" in any text). Names of groups need no cap: they count only in hostile company
// (safetyCompanyFactor, applied below as in the classifier). KT_FIT_CAP=0 turns the cap off.
const ALONE_WEIGHT = -Math.log(1 - THRESHOLD);
const CAP_BELOW = process.env.KT_FIT_CAP === '0' ? {} : { S: ALONE_WEIGHT, H: 0.3 };
// Labelled rows a term must appear in to be fitted (KT_FIT_MIN_ROWS; 1 = every term seen).
const MIN_ROWS = Number(process.env.KT_FIT_MIN_ROWS ?? 1);
// Gradient steps (KT_FIT_EPOCHS).
const EPOCHS = Number(process.env.KT_FIT_EPOCHS ?? 300);
// Categories whose tied terms (WEIGHT_TIES) share one multiplier (KT_FIT_TIES=hate_speech; off by default).
const TIE_CATEGORIES = new Set((process.env.KT_FIT_TIES ?? '').split(',').filter(Boolean));
// Options tried for the generalisation of the hate weights (2026-11-22, without the cap above; 5-fold CV recall
// / FPR at medium, against the per-term fit with lambda 0.02: in-sample 65.4% / 2.5%, CV 54.2% / 4.7%): a
// stronger pull towards the written weights (KT_FIT_LAMBDA 0.1: CV 54.2 / 4.7; 0.3: 52.5 / 4.4; 1: 45.8 /
// 4.1); fitting only terms seen in at least KT_FIT_MIN_ROWS rows (3: 52.9 / 5.0; 5: 49.0 / 5.0; 10: 54.1 /
// 5.4); one multiplier for all names of groups (KT_FIT_TIES=hate_speech: in-sample 50.6 / 2.5, CV 50.6 / 4.4,
// no optimism left but 3.6 points less recall out of sample, under the 60% target; with slurs and topic
// words tied as well, 45.9 / 4.8). With the cap on: fewer or more gradient steps (KT_FIT_EPOCHS 50: 52.5 /
// 4.1; 120: 52.9 / 5.0; 600: 54.2 / 5.4) and another weight of the positives (KT_FIT_POS_WEIGHT 0.7: 53.0 /
// 4.7; 1.5: 57.4 / 5.7, over the 5% FPR target). Each closes part of the gap between the in-sample and CV
// figures or trades recall for FPR without beating the per-term fit out of sample, so the shipped hate
// weights stay per term; with 81 positives the in-sample figure is about ten points optimistic.
const WEIGHT_TIES = {
  hate_speech: Object.fromEntries(
    [
      'white people',
      'black people',
      'jews',
      'muslims',
      'immigrants',
      'immigrant',
      'being gay',
      'atheist',
      'muslim',
      'islam',
      'jew',
      'jewish',
      'black',
      'blacks',
      'whites',
      'gay',
      'gays',
      'homosexual',
      'lesbian',
      'transgender',
      'mexican',
      'arab',
      'asian',
    ].map((t) => [t, 'tie:group']),
  ),
};

async function loadModules() {
  await mkdir(join(root, 'reports'), { recursive: true });
  const out = join(root, 'reports', `.fit-${process.pid}.mjs`);
  await build({
    stdin: {
      contents: `export * from './safety.js'; export * from './safety-lexicon.js'; export { SAFETY_WEIGHT_SCALE } from './params/safety-weights.js';`,
      resolveDir: join(root, 'src/core/detectors'),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    outfile: out,
    logLevel: 'error',
  });
  try {
    return await import(pathToFileURL(out).href);
  } finally {
    await rm(out, { force: true });
  }
}

/**
 * Fits the weights of every category on `rows` and returns, per category, the in-sample figures of the
 * written and fitted weights, the 5-fold cross-validated figures of the fitted weights, and the multipliers
 * to keep (only for categories in FIT_CODES). `mod` exposes safetyCueCounts and SAFETY_LEXICON.
 */
export function fitAndValidate(mod, rows) {
  const counts = rows.map((r) => mod.safetyCueCounts(r.prompt));
  // The classifier's one non-linear rule: crude harassment words count half in explicit sexual text.
  const registerKey = mod.EXPLICIT_REGISTER_KEY ?? 'register:explicit';
  const registerFactor = counts.map((c) => (c.has(registerKey) ? 0.5 : 1));
  // And the register a row is written in (safety-context.ts): its topical evidence counts at the register's factor.
  const contextOf = (cat, i, t) => (mod.safetyContextFactor ? mod.safetyContextFactor(counts[i], cat, t) : 1);
  // And the company rule: names of groups and the subject's words count only beside other evidence of their category.
  const companyOf = (cat, i, t) => (mod.safetyCompanyFactor ? mod.safetyCompanyFactor(counts[i], cat, t) : 1);
  const weightOf = (cat, i, t, n, w) =>
    w[t] *
    n *
    (cat === 'harassment' && !t.startsWith('template:') ? registerFactor[i] : 1) *
    contextOf(cat, i, t) *
    companyOf(cat, i, t);

  // Written weights of a category: its cue terms and its templates (`template:<id>`, as safetyCueCounts names them).
  function handWeights(cat) {
    const hand = lowerKeys(mod.SAFETY_LEXICON[cat]);
    for (const t of mod.SAFETY_TEMPLATES ?? []) if (t.category === cat) hand[`template:${t.id}`] = t.weight;
    return hand;
  }

  // Terms fitted as one (a shared multiplier of their written weights): fewer free weights than terms.
  const tieOf = (cat, t) => (TIE_CATEGORIES.has(cat) ? (WEIGHT_TIES[cat]?.[t] ?? t) : t);

  function fit(cat, code, idx) {
    const hand = handWeights(cat);
    const terms = Object.keys(hand);
    const w = { ...hand };
    const ties = new Map();
    for (const t of terms) {
      const k = tieOf(cat, t);
      if (k !== t) ties.set(k, [...(ties.get(k) ?? []), t]);
    }
    const data = idx.filter((i) => rows[i][code] === 0 || rows[i][code] === 1);
    // Terms seen in fewer than MIN_ROWS labelled rows keep their written weight: a few rows move a free weight
    // wherever they happen to point.
    const support = Object.fromEntries(terms.map((t) => [t, 0]));
    for (const i of data) for (const t of counts[i].keys()) if (t in support) support[t]++;
    const free = (t) => support[t] >= MIN_ROWS;
    // Just under the weight that flags alone.
    const capOf = (t) => (hand[t] < (CAP_BELOW[code] ?? -Infinity) ? ALONE_WEIGHT * 0.995 : Infinity);
    const lr = 0.05;
    const lambda = Number(process.env.KT_FIT_LAMBDA ?? 0.02);
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      const grad = Object.fromEntries(terms.map((t) => [t, 0]));
      for (const i of data) {
        let z = 0;
        for (const [t, c] of counts[i]) if (t in w) z += weightOf(cat, i, t, c, w);
        // Gradient of the log-likelihood of score = 1 - exp(-z); positives weigh POS_WEIGHT.
        const g = rows[i][code] === 1 ? (POS_WEIGHT * Math.exp(-z)) / Math.max(1e-6, 1 - Math.exp(-z)) : -1;
        for (const [t, c] of counts[i]) if (t in w) grad[t] += g * weightOf(cat, i, t, c, { [t]: 1 });
      }
      const step = (t) => ((lr * grad[t]) / data.length) * 10 - lr * lambda * (w[t] - hand[t]);
      for (const t of terms) if (tieOf(cat, t) === t && free(t)) w[t] = Math.min(Math.max(0, w[t] + step(t)), capOf(t));
      // A tie moves its terms' shared multiplier by the projection of their steps (weighted by the written weights).
      for (const group of ties.values()) {
        let num = 0;
        let den = 0;
        for (const t of group) {
          num += hand[t] * step(t);
          den += hand[t] * hand[t];
        }
        const m = Math.max(0, w[group[0]] / hand[group[0]] + num / Math.max(1e-9, den));
        for (const t of group) w[t] = hand[t] * m;
      }
    }
    return w;
  }

  function evaluate(cat, code, weights, idx) {
    let tp = 0,
      pos = 0,
      fp = 0,
      neg = 0;
    for (const i of idx) {
      const y = rows[i][code];
      if (y !== 0 && y !== 1) continue;
      let z = 0;
      for (const [t, c] of counts[i]) if (t in weights) z += weightOf(cat, i, t, c, weights);
      const hit = 1 - Math.exp(-z) >= THRESHOLD;
      if (y === 1) {
        pos++;
        if (hit) tp++;
      } else {
        neg++;
        if (hit) fp++;
      }
    }
    return { recall: tp / Math.max(1, pos), fpr: fp / Math.max(1, neg) };
  }

  const all = rows.map((_, i) => i);
  const folds = 5;
  const result = {};
  for (const [code, cat] of Object.entries(CATS)) {
    const hand = handWeights(cat);
    let recallSum = 0;
    let fprSum = 0;
    for (let f = 0; f < folds; f++) {
      const r = evaluate(
        cat,
        code,
        fit(
          cat,
          code,
          all.filter((i) => i % folds !== f),
        ),
        all.filter((i) => i % folds === f),
      );
      recallSum += r.recall;
      fprSum += r.fpr;
    }
    const w = fit(cat, code, all);
    const kept = FIT_CODES.has(code);
    result[code] = {
      category: cat,
      kept_fitted: kept,
      hand: evaluate(cat, code, hand, all),
      fitted_in_sample: evaluate(cat, code, w, all),
      fitted_cv5: { recall: recallSum / folds, fpr: fprSum / folds },
      scale: kept
        ? Object.fromEntries(
            Object.keys(w)
              .filter((t) => Math.abs(w[t] / hand[t] - 1) > 0.01)
              .sort()
              .map((t) => [t, Math.round((w[t] / hand[t]) * 1000) / 1000]),
          )
        : {},
    };
  }
  return result;
}

/**
 * The multipliers as the tree's Prettier style writes them (.prettierrc.json: single quotes, keys quoted only where
 * needed, trailing commas), so that a refit changes the file by its numbers alone and `npm run lint` passes.
 */
export function formatScale(scale) {
  const key = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
  const object = (o, indent) => {
    const entries = Object.entries(o);
    if (entries.length === 0) return '{}';
    const pad = ' '.repeat(indent + 2);
    const lines = entries.map(([k, v]) => `${pad}${key(k)}: ${typeof v === 'object' ? object(v, indent + 2) : v},`);
    return `{\n${lines.join('\n')}\n${' '.repeat(indent)}}`;
  };
  return object(scale, 0);
}

function lowerKeys(o) {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
}

export async function loadRows() {
  const raw = gunzipSync(await readFile(join(dataDir, 'safety-openai-moderation', 'samples-dev.jsonl.gz'))).toString(
    'utf8',
  );
  return raw
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

async function main() {
  const mod = await loadModules();
  const result = fitAndValidate(mod, await loadRows());
  const f = (x) => `recall ${x.recall.toFixed(3)} fpr ${x.fpr.toFixed(3)}`;
  for (const [code, r] of Object.entries(result)) {
    const kept = r.kept_fitted
      ? WRITE_CODES.has(code)
        ? ' (kept)'
        : ' (kept, shipped multipliers not rewritten)'
      : '';
    process.stdout.write(
      `${code.padEnd(3)} hand: ${f(r.hand)} | fitted in-sample: ${f(r.fitted_in_sample)} | 5-fold CV: ${f(r.fitted_cv5)}${kept}\n`,
    );
  }
  const scale = Object.fromEntries(
    Object.entries(result).map(([code, r]) => [
      r.category,
      WRITE_CODES.has(code) ? r.scale : (mod.SAFETY_WEIGHT_SCALE?.[r.category] ?? {}),
    ]),
  );
  const body = formatScale(scale);
  await writeFile(
    join(root, 'src/core/detectors/params/safety-weights.ts'),
    `/**\n * Per-term weight multipliers for the safety lexicon, fitted by \`node scripts/fit-safety.mjs\` on the\n * development moderation set (weights of this project's cue terms only; no corpus text). Regenerate, do\n * not edit by hand.\n */\nexport const SAFETY_WEIGHT_SCALE: Readonly<Record<string, Readonly<Record<string, number>>>> = ${body};\n`,
  );
  process.stdout.write('wrote src/core/detectors/params/safety-weights.ts\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
