// Policy evaluation throughput of the seed zero-trust chain (DESIGN.md §8): evaluations/s on 1 KB
// prompts, MB/s on 1 MB documents, and linearity (cost per byte at 1 MB vs 100 KB). The core is bundled
// from src/ with esbuild (the same code `kt policy eval` and the gateway run), one process, one core.
// The corpus is synthetic and benign (ordinary prose with a little PII), so every step of the chain
// runs: a block would short-circuit the chain and flatter the figures. Times are process CPU time (the
// machine is shared; wall time on a loaded box measures the neighbours), reported with the load average.
import { build } from 'esbuild';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = 'policy evaluation (zero-trust chain, one core)';

const WORDS = (
  'the quarterly report shows revenue growth across regions while operating costs remained stable and the team ' +
  'plans to expand the customer support programme next year with new hires in engineering sales and finance ' +
  'please summarise the attached notes and list the open questions for the steering committee meeting on thursday ' +
  'our data platform ingests events from mobile apps web clients and partner integrations into a central warehouse ' +
  'analysts compare conversion rates by channel and review the churn model before the board presentation'
).split(' ');

function prng(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296;
}

/** Prose of about `bytes` characters; every ~400 words carries an email or a phone number. */
function prose(bytes, seed) {
  const rnd = prng(seed);
  const parts = [];
  let size = 0;
  let n = 0;
  while (size < bytes) {
    let w = WORDS[Math.floor(rnd() * WORDS.length)];
    n++;
    if (n % 400 === 0)
      w = rnd() < 0.5 ? `contact${n}@example.com` : `+1 415-555-${String(1000 + (n % 9000)).slice(0, 4)}`;
    if (n % 17 === 0) w += '.';
    parts.push(w);
    size += w.length + 1;
  }
  // Cut at a word boundary: a word cut in half can become another word ("stable" -> "stab").
  const text = parts.join(' ');
  const cut = text.lastIndexOf(' ', bytes);
  return text.slice(0, cut > 0 ? cut : bytes);
}

const identity = { user: 'bench', role: 'analyst', team: 'risk' };
const payloadOf = (text) => ({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: text },
  ],
  identity,
});

/**
 * Runs `fn` for at least `minMs` of wall time. Returns the count and the process CPU time spent
 * (user + system, ms): the machine is shared, so CPU time is the fair "one core" measure; wall time
 * is also returned.
 */
function timeIt(fn, minMs) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  let t = t0;
  while (t - t0 < minMs) {
    fn();
    n++;
    t = performance.now();
  }
  const c = process.cpuUsage(c0);
  return { n, ms: (c.user + c.system) / 1000, wallMs: t - t0 };
}

/**
 * How the machine is doing right now, to read the large-document rows by. On the 2-CPU test VM the
 * real-document figures swing ~1.7x between phases lasting seconds to minutes (2026-11-22, session 12:
 * docs megabyte 29-31 ms in one phase, 50-55 ms in the other, every step of the chain slowed alike). In
 * the same process a strided walk over 16 MB slowed with it (4.6 -> 7.1 ms) while a dependent
 * multiply-xor chain did not (62-66 ms throughout): the slow phase is the shared memory system (or a
 * neighbour on the sibling hardware thread), not the clock. Both loops are logged, in ms.
 */
const PROBE_MEMORY = new Int32Array(1 << 22);
/** Where the probe loops leave their results, so that no compiler drops them as unused. */
let _probeSink = 0;
function machinePhase() {
  let t = performance.now();
  let s = 0;
  for (let i = 0, j = 0; i < 3_000_000; i++) {
    j = (j + 40503 * 16 + 1) & (PROBE_MEMORY.length - 1);
    s += PROBE_MEMORY[j];
  }
  const memoryMs = performance.now() - t;
  t = performance.now();
  let x = 1;
  for (let i = 0; i < 10_000_000; i++) x = (Math.imul(x ^ (x >>> 13), 0x5bd1e995) + i) | 0;
  const aluMs = performance.now() - t;
  _probeSink ^= s ^ x;
  return `memory walk ${memoryMs.toFixed(1)} ms, multiply chain ${aluMs.toFixed(1)} ms`;
}

/** CPU milliseconds of one call of `fn`. */
function cpuMs(fn) {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

export async function run({ root, log }) {
  const dir = join(root, 'node_modules', '.cache', 'kt-bench');
  await mkdir(dir, { recursive: true });
  const outfile = join(dir, `core-${process.pid}.mjs`);
  await build({
    entryPoints: [join(root, 'src', 'core', 'index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    outfile,
    logLevel: 'warning',
  });
  const core = await import(pathToFileURL(outfile).href);
  await rm(outfile, { force: true });
  const { parse } = await import('yaml');
  const packDoc = parse(await readFile(join(root, 'examples', 'zero-trust-gateway.yaml'), 'utf8'));
  const pack = core.normalizePack(packDoc);
  const chain = core.prepareChain(pack);
  // Exhaustive: every step runs on every payload, so a block can never shorten the measured work.
  const ctx = { now: 0, mode: 'exhaustive' };

  // 1 KB prompts: 2,048 distinct payloads, cycled. The policies memoise recent texts (chat history comes
  // back every turn); cycling through more texts than the memo holds (512) means no run is served from it.
  const small = Array.from({ length: 2048 }, (_, i) => payloadOf(prose(1024, i + 1)));
  const verdicts = new Set(small.map((p) => chain.evaluate(p, ctx).verdict));
  log(`1 KB corpus verdicts: ${[...verdicts].join(', ')}`);
  let k = 0;
  timeIt(() => chain.evaluate(small[k++ % small.length], ctx), 500); // warm-up
  const s = timeIt(() => chain.evaluate(small[k++ % small.length], ctx), 2000);
  const evalsPerSec = (s.n / s.ms) * 1000;
  // Where the time goes: step cost on the 1 KB corpus, from the engine's own step durations (wall clock,
  // whole microseconds). The slowest 10% of each step's samples are dropped before averaging: on a shared
  // machine they are GC pauses and preemption, which would otherwise land on whichever step was running.
  const samples = new Map();
  const clockUs = () => performance.now() * 1000;
  for (let i = 0; i < 2048; i++) {
    for (const st of chain.evaluate(small[i % small.length], { ...ctx, clockUs }).steps) {
      if (!samples.has(st.policy)) samples.set(st.policy, []);
      samples.get(st.policy).push(st.duration_us);
    }
  }
  const perStep = new Map(
    [...samples].map(([policy, xs]) => {
      const kept = [...xs].sort((a, b) => a - b).slice(0, Math.ceil(xs.length * 0.9));
      return [policy, kept.reduce((a, b) => a + b, 0) / kept.length];
    }),
  );

  // The engine's own cost (phases, workspace, bounds check, decision) with a chain that checks nothing.
  const bare = core.prepareChain(
    core.normalizePack({
      pack: { name: 'bare', version: '1.0.0', enabled: true },
      policies: { chain: ['audit-logger'] },
      policy: { 'audit-logger': {} },
    }),
  );
  timeIt(() => bare.evaluate(small[k++ % small.length], ctx), 300);
  const b = timeIt(() => bare.evaluate(small[k++ % small.length], ctx), 1000);
  const engineUs = (b.ms * 1000) / b.n;

  // Chat traffic: each request resends the conversation so far (10 turns of ~1 KB user text and a short
  // answer); earlier turns hit the policies' memo. Distinct conversations, evaluations/s over all turns.
  let conv = 0;
  const chatRun = (minMs) =>
    timeIt(() => {
      const base = 100_000 + conv++ * 10;
      const messages = [{ role: 'system', content: 'You are a helpful assistant.' }];
      for (let turn = 0; turn < 10; turn++) {
        messages.push({ role: 'user', content: prose(1024, base + turn) });
        chain.evaluate({ model: 'gpt-4o-mini', messages: [...messages], identity }, ctx);
        messages.push({ role: 'assistant', content: prose(200, base + turn + 50_000) });
      }
    }, minMs);
  chatRun(300);
  const chat = chatRun(1500);
  const chatEvalsPerSec = ((chat.n * 10) / chat.ms) * 1000;

  // Large documents: the median of 15 runs each, after 10 warm-ups. The first evaluations of a 1 MB
  // document still pay for compiling the code paths only long texts take (measured on one core: 118, 40,
  // 33, 40, 35, 21 ms, then 17-20 ms from about the tenth); the figure is the steady cost of a gateway that
  // sees such documents. CPU time of the whole process, so V8's helper threads (concurrent marking,
  // compilation) are counted as if they shared the one core; the wall-clock median is logged beside it.
  // Each size is measured on VARIANTS distinct texts of the same kind, taken in turn, so no evaluation
  // sees the text the one before it saw: the detectors keep the last text's normalised view (two steps
  // scanning one text share it), and the same megabyte evaluated again and again was ~25% cheaper than a
  // new one (2026-11-22: zero-trust chain on the docs megabyte 58 ms repeated, 73 ms alternating with its
  // rotation) - a gateway mostly sees texts that differ from the previous one.
  const VARIANTS = 4;
  const proseOf = (bytes, seed) => Array.from({ length: VARIANTS }, (_, j) => prose(bytes, seed + 1000 * j));
  const measureDoc = (texts, warmUps = 10, runs = 15) => {
    const payloads = texts.map(payloadOf);
    let d;
    let n = 0;
    for (let i = 0; i < warmUps; i++) d = chain.evaluate(payloads[n++ % payloads.length], ctx);
    const times = [];
    const walls = [];
    for (let i = 0; i < runs; i++) {
      const p = payloads[n++ % payloads.length];
      const t0 = performance.now();
      times.push(cpuMs(() => chain.evaluate(p, ctx)));
      walls.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    walls.sort((a, b) => a - b);
    const mid = runs >> 1;
    return {
      ms: times[mid],
      wallMs: walls[mid],
      verdict: d.verdict,
      steps: d.steps.filter((x) => x.verdict !== 'skipped').length,
    };
  };
  /** VARIANTS windows of `bytes` characters of `source` (repeated as needed), starting `stride` apart. */
  const windowsOf = (source, bytes, stride) => {
    const long = source.repeat(Math.ceil((bytes + stride * VARIANTS) / source.length));
    return Array.from({ length: VARIANTS }, (_, j) => long.slice(j * stride, j * stride + bytes));
  };
  const big = measureDoc(proseOf(1024 * 1024, 7));
  log(
    `1 MB document: ${big.ms.toFixed(1)} ms CPU (${big.wallMs.toFixed(1)} ms wall), verdict ${big.verdict}, ${big.steps} steps ran`,
  );
  const mbPerSec = 1 / (big.ms / 1000);
  // The synthetic prose above has an 82-word vocabulary with no attack vocabulary in it. Real documents
  // unlock the injection detector's rules (their gate words are everyday words) and have URLs, code,
  // hashes and tables; so a second 1 MB document is this repository's own documentation (README.md and
  // docs/*.md: markdown, tables, code, and example attacks in the detector notes), repeated to 1 MB.
  // Real documents take code paths the prose never reached (decoding, rule starts, similarity windows
  // that pass the gate): after 10 warm-ups V8's compiler threads were still busy, the process CPU time per
  // evaluation was 12% above its wall time, and a fresh process settled only after 20-30 evaluations
  // (2026-11-22: 455, 297, 84, 60, 58, ... then 50-55 ms wall on a noisy machine). Counted with
  // --trace-opt (2026-11-23), the optimising compiler was still at work well past that: ~20 functions
  // finished compiling in evaluations 31-45 (the functions run once per text reach its threshold late;
  // one took 35 ms to compile), CPU per evaluation 30-45 ms there against 26-30 from evaluation 46 on,
  // where 2-8 compiles per 15 remain. 60 warm-ups, so the figure is the steady cost it claims to be.
  const REAL_WARM_UPS = 60;
  const docsDir = join(root, 'docs');
  const { readdir } = await import('node:fs/promises');
  const ownDocs = [
    join(root, 'README.md'),
    ...(await readdir(docsDir))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => join(docsDir, f)),
  ];
  const docsText = (await Promise.all(ownDocs.map((f) => readFile(f, 'utf8')))).join('\n\n');
  // Windows a quarter of the docs apart: the same kind of text, distinct strings.
  const docsOf = (bytes) => windowsOf(docsText, bytes, Math.floor(docsText.length / VARIANTS));
  for (let i = 0; i < 3; i++) machinePhase(); // compiled before it is timed
  const phaseBefore = machinePhase();
  const real = measureDoc(docsOf(1024 * 1024), REAL_WARM_UPS);
  const realMbPerSec = 1 / (real.ms / 1000);
  log(
    `1 MB of the project's docs: ${real.ms.toFixed(1)} ms CPU (${real.wallMs.toFixed(1)} ms wall), verdict ${real.verdict}`,
  );
  log(`machine phase around it: ${phaseBefore} before, ${machinePhase()} after`);
  // The docs above repeat every ~130 KB, so after the first copy every word is one the detectors have met.
  // A megabyte with no repeats: the dependencies' own Markdown files (the quality report's benign
  // documents), in path order, until 1 MB. Pinned by the lockfile; absent before `npm ci`.
  const { loadDependencyDocs } = await import(
    pathToFileURL(join(root, 'scripts', 'quality', 'dependency-docs.mjs')).href
  );
  // Windows 64 KB apart, so each is a megabyte with no repeats and no two are the same string.
  const DEPS_STRIDE = 64 * 1024;
  const depsBytes = 1024 * 1024 + DEPS_STRIDE * VARIANTS;
  let depsText = '';
  for (const d of await loadDependencyDocs(root)) {
    if (depsText.length >= depsBytes) break;
    depsText += `${d.text}\n\n`;
  }
  const deps =
    depsText.length >= depsBytes ? measureDoc(windowsOf(depsText, 1024 * 1024, DEPS_STRIDE), REAL_WARM_UPS) : undefined;
  if (deps)
    log(
      `1 MB of dependency docs (no repeats): ${deps.ms.toFixed(1)} ms CPU (${deps.wallMs.toFixed(1)} ms wall), verdict ${deps.verdict}`,
    );
  // Linearity past the sizes above: a 4 MB document once took a slower path than a 1 MB one (a buffer
  // size limit, now in normalize-bytes.ts), which the 1 MB / 100 KB ratio could not show.
  // The cost per byte of a larger text over a smaller one, each evaluation of the larger text right
  // after one of the smaller: the machine's speed drifts between minutes, and two medians taken a minute
  // apart made this ratio swing from 0.6 to 1.75 between runs of the same code. Median of the pairs' ratios.
  const perByteRatioOf = (smallTexts, largeTexts, sizeRatio, pairs) => {
    const small = smallTexts.map(payloadOf);
    const large = largeTexts.map(payloadOf);
    for (let i = 0; i < 3; i++) {
      chain.evaluate(small[i % small.length], ctx);
      chain.evaluate(large[i % large.length], ctx);
    }
    const ratios = [];
    for (let i = 0; i < pairs; i++) {
      const a = cpuMs(() => chain.evaluate(small[i % small.length], ctx));
      const b = cpuMs(() => chain.evaluate(large[i % large.length], ctx));
      ratios.push(b / sizeRatio / a);
    }
    return ratios.sort((x, y) => x - y)[pairs >> 1];
  };
  const realPerByteRatio = perByteRatioOf(docsOf(1024 * 1024), docsOf(4 * 1024 * 1024), 4, 7);
  log(`cost per byte, 4 MB of the project's docs over 1 MB (7 pairs): ${realPerByteRatio.toFixed(2)}x`);
  const perByteRatio = perByteRatioOf(proseOf(100 * 1024, 8), proseOf(1024 * 1024, 7), 10.24, 15);

  // Hostile megabytes: a client that chooses the text can repeat one short string up to the body limit. Each
  // string below was once a step's worst case (dense literal hits for the DLP regexes, tens of thousands of
  // cards or addresses for PII, a cue or a template start at every word for safety, and characters the
  // normaliser folds); the figure is the slowest whole-chain evaluation among them, the median of three runs
  // each after a warm-up (CPU ms, exhaustive: every step runs). The docs above ran first, so the code is in
  // the state a gateway that has seen ordinary documents is in.
  const HOSTILE = [
    'AKIA',
    'sk-',
    'a.internal.yourco.com ',
    '4111 1111 1111 1111 ',
    'john@example.com ',
    'a@b.co ',
    'kill ',
    'jews ',
    'i will kill you ',
    // Each threat read with the sentence around its quotation marks (a threat quoted as an example of banned
    // content is a mention; session 35 added single quotes): 300 -> 417 ms, the slowest form measured then.
    "'i will kill you' ",
    'ab\u0301 ',
    '\u202e',
  ];
  const repeatedTo1Mb = (unit) => unit.repeat(Math.ceil((1024 * 1024) / unit.length)).slice(0, 1024 * 1024);
  const hostileCase = (unit, payload, onChain = chain) => {
    onChain.evaluate(payload, ctx);
    const runs = [0, 1, 2].map(() => cpuMs(() => onChain.evaluate(payload, ctx))).sort((a, b) => a - b);
    return { unit, ms: runs[1] };
  };
  // Forms that were quadratic once (session 34): key headers with no footer and keys wrapped over two lines
  // (the secrets catalogue, which the seed pack leaves off), and one message of many small text parts.
  const withSecrets = JSON.parse(JSON.stringify(packDoc));
  withSecrets.policy['dlp-filter'].detect_secrets = true;
  const secretsChain = core.prepareChain(core.normalizePack(withSecrets));
  const manyParts = (unit) => ({
    model: 'gpt-4o-mini',
    messages: [
      {
        role: 'user',
        content: Array.from({ length: Math.ceil((1024 * 1024) / unit.length) }, () => ({ type: 'text', text: unit })),
      },
    ],
    identity,
  });
  const hostile = [
    ...HOSTILE.map((unit) => hostileCase(unit, payloadOf(repeatedTo1Mb(unit)))),
    ...['-----BEGIN PRIVATE KEY-----', 'k AKIAQ3EG\nZ7LXYR2TWN5B .\n'].map((unit) =>
      hostileCase(`${unit} (detect_secrets)`, payloadOf(repeatedTo1Mb(unit)), secretsChain),
    ),
    hostileCase('1 MB of 32-unit content parts, each with an email', manyParts('mail john.doe@example.com today ')),
  ];
  const worst = hostile.reduce((a, b) => (b.ms > a.ms ? b : a));
  log(
    `hostile 1 MB texts (CPU ms, median of 3): ${hostile.map((h) => `${JSON.stringify(h.unit)} ${h.ms.toFixed(0)}`).join(', ')}`,
  );

  const { loadavg } = await import('node:os');
  log(
    `load average: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}; wall-clock evals/s on 1 KB: ${Math.round((s.n / s.wallMs) * 1000)}`,
  );
  return [
    {
      metric: 'evaluations/s, 1 KB prompts',
      value: Math.round(evalsPerSec),
      unit: 'eval/s',
      target: '>= 10000',
      ok: evalsPerSec >= 10_000,
    },
    {
      metric: 'throughput, 1 MB document',
      value: mbPerSec.toFixed(1),
      unit: 'MB/s',
      target: '>= 50',
      ok: mbPerSec >= 50,
    },
    {
      metric: 'throughput, 1 MB of real docs (README + docs/)',
      value: realMbPerSec.toFixed(1),
      unit: 'MB/s',
      target: '>= 50',
      ok: realMbPerSec >= 50,
    },
    ...(deps
      ? [
          {
            metric: 'throughput, 1 MB of dependency docs (no repeats)',
            value: (1 / (deps.ms / 1000)).toFixed(1),
            unit: 'MB/s',
          },
        ]
      : []),
    {
      metric: 'cost per byte, real docs 4 MB / 1 MB',
      value: realPerByteRatio.toFixed(2),
      unit: 'x',
      target: '<= 1.5 (linear)',
      ok: realPerByteRatio <= 1.5,
    },
    {
      metric: 'cost per byte, 1 MB / 100 KB',
      value: perByteRatio.toFixed(2),
      unit: 'x',
      target: '<= 1.5 (linear)',
      ok: perByteRatio <= 1.5,
    },
    {
      metric: `worst case of ${hostile.length} hostile 1 MB texts (one string repeated), whole chain`,
      value: worst.ms.toFixed(1),
      unit: 'ms',
    },
    {
      metric: 'evaluations/s, 10-turn chats (history resent each turn)',
      value: Math.round(chatEvalsPerSec),
      unit: 'eval/s',
    },
    { metric: 'engine overhead per evaluation (audit-only chain)', value: engineUs.toFixed(1), unit: 'µs' },
    ...[...perStep.entries()].map(([policy, us]) => ({
      metric: `  step ${policy}, 1 KB prompt (trimmed mean)`,
      value: us.toFixed(1),
      unit: 'µs',
    })),
  ];
}
