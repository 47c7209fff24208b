// Secrets section of `npm run quality`: recall on the Nosey Parker positive examples, hits on its
// negative examples, per rule family (the provider part of the upstream rule id), ours beside secretlint
// with @secretlint/secretlint-rule-preset-recommend on the same rows, with time per row. Ours runs through
// the prepared chain (dlp-filter with detect_secrets: true) when the engine provides the catalogue.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const name = 'secrets';

const RECALL_TARGET = 0.95;
const NEGATIVE_TARGET = 0.05;

/** The pack every row is evaluated with: the DLP filter with the built-in catalogue and nothing else. */
export const PACK = {
  pack: { name: 'quality-secrets', version: '1.0.0', enabled: true },
  policies: { chain: ['dlp-filter'] },
  policy: { 'dlp-filter': { detect_secrets: true, action: 'block' } },
};

function makeOurs(core) {
  let chain = null;
  try {
    chain = core.chainFor?.(PACK) ?? null;
    const probe = chain?.evaluate(
      { messages: [{ role: 'user', content: 'key AKIAIOSFODNN7EXAMPLE' }] },
      { now: 0, mode: 'exhaustive' },
    );
    const step = probe?.steps?.find((s) => s.kind === 'dlp-filter');
    if (!step || step.verdict === 'error' || (step.findings ?? []).length === 0) chain = null;
  } catch {
    chain = null;
  }
  if (chain) {
    const findings = (text) => {
      const d = chain.evaluate({ messages: [{ role: 'user', content: text }] }, { now: 0, mode: 'exhaustive' });
      return d.steps.find((s) => s.kind === 'dlp-filter')?.findings ?? [];
    };
    return {
      path: 'prepared chain (engine.prepareChain, dlp-filter with detect_secrets: true, same path as kt policy eval --all)',
      detect: (text) => findings(text).map((f) => f.type),
      // Untimed: type and matched value of each finding (the one message's content is the text).
      found: (text) => findings(text).map((f) => ({ type: f.type, value: text.slice(f.start, f.end) })),
    };
  }
  const scanner = core['detectors/secrets'].prepareSecretScanner();
  return {
    path: 'secret scanner called directly (src/core/detectors/secrets.ts; the chain does not expose it yet)',
    detect: (text) => scanner.scan(text).map((m) => m.type),
    found: (text) => scanner.scan(text).map((m) => ({ type: m.type, value: text.slice(m.start, m.end) })),
  };
}

async function makePeer() {
  try {
    const { lintSource } = await import('@secretlint/core');
    const preset = await import('@secretlint/secretlint-rule-preset-recommend');
    const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator }] };
    return {
      async detect(text) {
        const res = await lintSource({
          source: { filePath: '/virtual/row.txt', content: text, contentType: 'text' },
          options: { config, noPhysicFilePath: true, maskSecrets: true },
        });
        return res.messages.map((m) => m.ruleId);
      },
    };
  } catch (err) {
    return { error: `peer not available: ${err?.message ?? err}` };
  }
}

/**
 * Character shape of a matched value: runs of letters and digits become their class and length (`h` lower
 * hex, `H` upper hex, `d` digits, `l` lower, `u` upper, `m` mixed), other characters stay. In a value whose
 * letters are all hex digits every run is hex, so a UUID is `h8-h4-h4-h4-h12` whatever its digits and two
 * values of one credential format share a shape.
 */
export function shapeOf(value) {
  const alnum = value.replace(/[^A-Za-z0-9]/g, '');
  const hex =
    /[a-f]/.test(alnum) && /^[0-9a-f]+$/.test(alnum)
      ? 'h'
      : /[A-F]/.test(alnum) && /^[0-9A-F]+$/.test(alnum)
        ? 'H'
        : '';
  return value.replace(/[A-Za-z0-9]+/g, (run) => {
    const cls =
      hex ||
      (/^\d+$/.test(run)
        ? 'd'
        : /^[0-9a-f]+$/.test(run)
          ? 'h'
          : /^[0-9A-F]+$/.test(run)
            ? 'H'
            : /^[a-z]+$/.test(run)
              ? 'l'
              : /^[A-Z]+$/.test(run)
                ? 'u'
                : 'm');
    return `${cls}${run.length}`;
  });
}

/** Finding types that come from a key name and any literal, not from a credential format of their own. */
const ASSIGNMENT_TYPES = new Set(['generic_secret', 'password']);

/**
 * The smallest of the alphabets credentials are drawn from that holds every character of `value`: digits,
 * lower-case hex, upper-case hex, letters and digits, base64url (`-`, `_`), base64 (`+`, `/`, `=`), or
 * `other`. Two random values of one format share it even where their runs differ (one base64url token may
 * happen to have no `_`, another a `-` at its end).
 */
export function alphabetOf(value) {
  if (/^[0-9]+$/.test(value)) return 'digits';
  if (/^[0-9a-f]+$/.test(value)) return 'hex';
  if (/^[0-9A-F]+$/.test(value)) return 'HEX';
  if (/^[A-Za-z0-9]+$/.test(value)) return 'alnum';
  if (/^[A-Za-z0-9_-]+$/.test(value)) return 'base64url';
  if (/^[A-Za-z0-9+/]+=*$/.test(value)) return 'base64';
  return 'other';
}

/** Format of a finding: its type, the length and the alphabet of its value. */
const formatOf = (f) => `${f.type} ${f.value.length} ${alphabetOf(f.value)}`;

const SAME_SHAPE = 'same shape as a positive of its own rule';
const SAME_FORMAT = 'same format (type, length, alphabet) as a positive of its own rule';
const OTHER_FORMAT = "another rule's format";
const UNEXPLAINED = 'unexplained';

/**
 * Why a negative example that we report is reported, told from the corpus itself (no row list). For each
 * finding: when its (type, value shape) also comes out of a positive of the SAME upstream rule, the upstream
 * rule tells the two apart by the syntax around the value (quotes, key spelling, where in a URI); else when
 * it comes out of a positive of ANOTHER upstream rule, or is a provider format of our catalogue that none of
 * the negative's own rule's positives produce (an Azure client secret in a generic-secret row), the negative
 * holds another rule's credential format; else when its type, length and alphabet are those of a positive of
 * its own rule (a random token whose runs of letters and digits fall elsewhere), it has that positive's
 * format; else it is unexplained - a false positive until shown otherwise.
 */
export function classifyNegativeHits(positives, negatives, found) {
  const byRule = new Map(); // upstream rule -> "type shape", "type length alphabet" and types found in its positives
  for (const p of positives) {
    const e = byRule.get(p.rule) ?? { shapes: new Set(), formats: new Set(), types: new Set() };
    for (const f of found(p.text)) {
      e.shapes.add(`${f.type} ${shapeOf(f.value)}`);
      e.formats.add(formatOf(f));
      e.types.add(f.type);
    }
    byRule.set(p.rule, e);
  }
  const none = { shapes: new Set(), formats: new Set(), types: new Set() };
  const out = [];
  for (const n of negatives) {
    const fs = found(n.text);
    if (fs.length === 0) continue;
    const own = byRule.get(n.rule) ?? none;
    let cause = UNEXPLAINED;
    let other = '';
    for (const f of fs) {
      const key = `${f.type} ${shapeOf(f.value)}`;
      if (own.shapes.has(key)) {
        cause = SAME_SHAPE;
        continue;
      }
      const others = [...byRule.entries()]
        .filter(([rule, e]) => rule !== n.rule && e.shapes.has(key))
        .map(([rule]) => rule);
      if (others.length > 0 || (!ASSIGNMENT_TYPES.has(f.type) && !own.types.has(f.type))) {
        cause = OTHER_FORMAT;
        other = others.length > 0 ? others.slice(0, 3).join(', ') : `our ${f.type} format`;
        break;
      }
      if (cause === UNEXPLAINED && own.formats.has(formatOf(f))) cause = SAME_FORMAT;
    }
    out.push({
      rule: n.rule,
      alsoPositive: n.alsoPositive,
      types: fs.map((f) => f.type),
      shapes: fs.map((f) => shapeOf(f.value)),
      formats: fs.map((f) => `${f.value.length} ${alphabetOf(f.value)}`),
      cause,
      other,
    });
  }
  return out;
}

/** Family of an upstream rule id: `np.aws.2` -> `aws`. */
const familyOf = (id) => id.split('.')[1] ?? id;

function summarise(rows, negatives, posHits, negHits) {
  const families = {};
  rows.forEach((r, i) => {
    const f = (families[r.family] ??= { positives: 0, found: 0, negatives: 0, hits: 0 });
    f.positives++;
    if (posHits[i]) f.found++;
  });
  negatives.forEach((r, i) => {
    const f = (families[r.family] ??= { positives: 0, found: 0, negatives: 0, hits: 0 });
    f.negatives++;
    if (negHits[i]) f.hits++;
  });
  const found = posHits.filter(Boolean).length;
  const strictNeg = negatives.filter((_, i) => negHits[i]).length;
  const distinct = negatives.map((r, i) => ({ r, hit: negHits[i] })).filter((x) => !x.r.alsoPositive);
  return {
    recall: found / rows.length,
    found,
    positives: rows.length,
    negativeHitRate: distinct.filter((x) => x.hit).length / distinct.length,
    negativeHits: distinct.filter((x) => x.hit).length,
    negatives: distinct.length,
    negativeHitRateAll: strictNeg / negatives.length,
    negativeHitsAll: strictNeg,
    negativesAll: negatives.length,
    families,
  };
}

const f3 = (x) => (typeof x === 'number' ? x.toFixed(3) : String(x));

export async function run({ dataDir, core, timeRows, timeRowsAsync, timeSideBySide }) {
  const upstream = JSON.parse(await readFile(join(dataDir, 'secrets-noseyparker', 'examples.json'), 'utf8'));
  const positiveTexts = new Set(upstream.flatMap((r) => r.examples ?? []));
  const positives = upstream.flatMap((r) =>
    (r.examples ?? []).map((text) => ({ rule: r.id, family: familyOf(r.id), text })),
  );
  // A negative of one rule can be, verbatim, a positive of another (Nosey Parker lists per-rule
  // negatives); those are flagged so the report can show the rate with and without them.
  const negatives = upstream.flatMap((r) =>
    (r.negative_examples ?? []).map((text) => ({
      rule: r.id,
      family: familyOf(r.id),
      text,
      alsoPositive: positiveTexts.has(text),
    })),
  );

  const ours = makeOurs(core);
  const oursPos = timeRows('secrets+', positives, (r) => ours.detect(r.text));
  const oursNeg = timeRows('secrets-', negatives, (r) => ours.detect(r.text));
  const oursSum = summarise(
    positives,
    negatives,
    oursPos.results.map((x) => x.length > 0),
    oursNeg.results.map((x) => x.length > 0),
  );
  let oursUs =
    (oursPos.usPerRow * positives.length + oursNeg.usPerRow * negatives.length) / (positives.length + negatives.length);
  const causes = classifyNegativeHits(positives, negatives, ours.found);
  const distinctCauses = causes.filter((c) => !c.alsoPositive);
  const otherFormat = distinctCauses.filter((c) => c.cause === OTHER_FORMAT).length;
  const unexplained = distinctCauses.filter((c) => c.cause === UNEXPLAINED).length;
  const distinctNegatives = negatives.filter((r) => !r.alsoPositive).length;

  const peer = await makePeer();
  let peerSum = null;
  let peerUs = null;
  if (!peer.error) {
    const pPos = await timeRowsAsync('secretlint+', positives, (r) => peer.detect(r.text));
    const pNeg = await timeRowsAsync('secretlint-', negatives, (r) => peer.detect(r.text));
    peerSum = summarise(
      positives,
      negatives,
      pPos.results.map((x) => x.length > 0),
      pNeg.results.map((x) => x.length > 0),
    );
    // Time per row as the injection and safety sections take it: both scanners side by side over all the
    // rows, in alternating blocks, after the runs above compiled both. Timed on their first run instead,
    // ours (first) paid for compiling the chain and the figure swung 143-187 us between runs of the same code.
    const speed = await timeSideBySide(
      [...positives, ...negatives],
      (r) => ours.detect(r.text),
      (r) => peer.detect(r.text),
    );
    oursUs = speed.oursUsPerRow;
    peerUs = speed.peerUsPerRow;
  }

  // Benign chat prompts (WildGuard benign half, NotInject): no credentials expected in any row.
  const benign = [];
  for (const f of ['pi-piguard/wildguard.json', 'pi-piguard/NotInject_one.json', 'pi-piguard/NotInject_two.json']) {
    try {
      benign.push(...JSON.parse(await readFile(join(dataDir, f), 'utf8')).map((r) => ({ text: r.prompt })));
    } catch {
      // corpus folder missing: the benign row is left out
    }
  }
  const oursBenign = timeRows('secrets-benign', benign, (r) => ours.detect(r.text));
  const oursBenignRate = benign.length ? oursBenign.results.filter((x) => x.length > 0).length / benign.length : 0;
  let peerBenignRate = null;
  if (!peer.error && benign.length) {
    const pb = await timeRowsAsync('secretlint-benign', benign, (r) => peer.detect(r.text));
    peerBenignRate = pb.results.filter((x) => x.length > 0).length / benign.length;
  }

  const rows = [
    {
      detector: 'secrets',
      corpus: 'wildguard+notinject',
      metric: 'hit rate (benign prompts)',
      value: oursBenignRate,
      target: NEGATIVE_TARGET,
      ok: oursBenignRate <= NEGATIVE_TARGET,
      peer: peerBenignRate ?? undefined,
    },
    {
      detector: 'secrets',
      corpus: 'noseyparker',
      metric: 'recall (positives)',
      value: oursSum.recall,
      target: RECALL_TARGET,
      ok: oursSum.recall >= RECALL_TARGET && (!peerSum || oursSum.recall >= peerSum.recall),
      peer: peerSum?.recall,
    },
    {
      detector: 'secrets',
      corpus: 'noseyparker',
      metric: 'hit rate (negatives, distinct)',
      value: oursSum.negativeHitRate,
      target: NEGATIVE_TARGET,
      ok: oursSum.negativeHitRate <= NEGATIVE_TARGET,
      peer: peerSum?.negativeHitRate,
    },
    {
      detector: 'secrets',
      corpus: 'noseyparker',
      metric: 'hit rate (negatives, all)',
      value: oursSum.negativeHitRateAll,
      peer: peerSum?.negativeHitRateAll,
    },
    // Not a target and not subtracted from the row above: how many of the distinct negatives we report hold a
    // credential in the format of another rule (they are negatives only for their own upstream rule).
    {
      detector: 'secrets',
      corpus: 'noseyparker',
      metric: "hits on negatives holding another rule's credential format (distinct)",
      value: otherFormat / distinctNegatives,
    },
    // Not a target either: how many of the distinct negatives we report hold no credential format at all - neither
    // another rule's, nor the shape or format of a positive of their own rule. These are the false positives that
    // the upstream rule's syntax does not explain.
    {
      detector: 'secrets',
      corpus: 'noseyparker',
      metric: 'hits on negatives holding no credential format (distinct)',
      value: unexplained / distinctNegatives,
    },
    {
      detector: 'secrets',
      corpus: 'noseyparker',
      metric: 'time per row (us)',
      value: oursUs,
      ok: peerUs === null || oursUs <= peerUs,
      peer: peerUs ?? undefined,
    },
  ];
  if (peerSum) {
    rows.push({
      detector: 'secretlint (peer)',
      corpus: 'noseyparker',
      metric: 'recall (positives)',
      value: peerSum.recall,
    });
    rows.push({
      detector: 'secretlint (peer)',
      corpus: 'noseyparker',
      metric: 'hit rate (negatives, distinct)',
      value: peerSum.negativeHitRate,
    });
    rows.push({ detector: 'secretlint (peer)', corpus: 'noseyparker', metric: 'time per row (us)', value: peerUs });
  }

  const md = [
    '## Secrets (Nosey Parker examples)',
    '',
    `Rows: ${positives.length} positive examples over ${upstream.length} upstream rules; ${negatives.length} negative examples, of which`,
    `${negatives.filter((r) => r.alsoPositive).length} are verbatim positives of another rule (reported separately: "distinct" leaves them out).`,
    'A row counts as found when the detector reports any secret in it; a negative row counts as a hit when it reports any.',
    `Ours: ${ours.path}, every family of the built-in catalogue. Peer: secretlint with @secretlint/secretlint-rule-preset-recommend`,
    '(`lintSource` on the same strings). Targets: recall >= 0.95, hits on negatives <= 5%, at least the peer, faster per row.',
    '',
    '| detector | recall | hits on negatives (distinct) | hits on negatives (all) | time per row |',
    '|---|---|---|---|---|',
    `| kt | ${f3(oursSum.recall)} (${oursSum.found}/${oursSum.positives}) | ${f3(oursSum.negativeHitRate)} (${oursSum.negativeHits}/${oursSum.negatives}) | ${f3(oursSum.negativeHitRateAll)} (${oursSum.negativeHitsAll}/${oursSum.negativesAll}) | ${oursUs.toFixed(1)} us |`,
    peerSum
      ? `| secretlint | ${f3(peerSum.recall)} (${peerSum.found}/${peerSum.positives}) | ${f3(peerSum.negativeHitRate)} (${peerSum.negativeHits}/${peerSum.negatives}) | ${f3(peerSum.negativeHitRateAll)} (${peerSum.negativeHitsAll}/${peerSum.negativesAll}) | ${peerUs.toFixed(1)} us |`
      : `| secretlint | ${peer.error} | | | |`,
    '',
    `Benign chat prompts (${benign.length} rows of WildGuard benign and NotInject, none holding a credential): kt reports a secret in ${f3(oursBenignRate)} of them, secretlint in ${peerBenignRate === null ? '-' : f3(peerBenignRate)}.`,
    '',
    'Per rule family (upstream provider):',
    '',
    '| family | positives | kt found | secretlint found | negatives | kt hits | secretlint hits |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const fam of Object.keys(oursSum.families).sort()) {
    const o = oursSum.families[fam];
    const p = peerSum?.families[fam];
    md.push(
      `| ${fam} | ${o.positives} | ${o.found} | ${p ? p.found : '-'} | ${o.negatives} | ${o.hits} | ${p ? p.hits : '-'} |`,
    );
  }
  const missed = positives.filter((_, i) => oursPos.results[i].length === 0).map((r) => r.rule);
  const hit = negatives
    .filter((_, i) => oursNeg.results[i].length > 0 && !negatives[i].alsoPositive)
    .map((r) => `${r.rule} (${oursNeg.results[negatives.indexOf(r)].join(', ')})`);
  md.push(
    '',
    `Missed positives by upstream rule: ${missed.length ? missed.join(', ') : 'none'}.`,
    '',
    `Distinct negatives reported: ${hit.length ? hit.join('; ') : 'none'}.`,
    '',
  );
  const count = (cause) => distinctCauses.filter((c) => c.cause === cause).length;
  md.push(
    `Why the distinct negatives we report are reported (told from the corpus, not from a list of rows: a finding whose type and value shape also come out of a positive of another upstream rule, or whose provider format none of its own rule's positives produce, holds another rule's credential format; one whose type and shape come out of a positive of its own rule differs from that positive only in the syntax around it; one whose type, length and alphabet - hex, base64url, ... - are those of a positive of its own rule has that positive's format, with its runs of letters and digits elsewhere). These rows stay counted in the hit rate above: ${otherFormat} hold another rule's credential format, ${count(SAME_SHAPE)} have the shape of a positive of their own rule, ${count(SAME_FORMAT)} the format of one, ${unexplained} none of these (docs/pii-and-secrets.md, "Known limits", gives a reading of each row by hand).`,
    '',
    '| upstream rule | kt finding | value shape | value length and alphabet | cause |',
    '|---|---|---|---|---|',
    ...distinctCauses.map(
      (c) =>
        `| ${c.rule} | ${c.types.join(', ')} | \`${c.shapes.join('`, `')}\` | ${c.formats.join(', ')} | ${c.cause}${c.other ? ` (${c.other})` : ''} |`,
    ),
    '',
  );
  return {
    rows,
    markdown: md.join('\n'),
    json: {
      path: ours.path,
      benign: { rows: benign.length, ours: oursBenignRate, peer: peerBenignRate },
      ours: oursSum,
      peer: peerSum,
      usPerRow: { ours: oursUs, peer: peerUs },
      missed,
      negativeHits: hit,
      negativeHitCauses: causes,
      otherFormatHits: otherFormat,
      unexplainedHits: unexplained,
      peerError: peer.error ?? null,
    },
  };
}
