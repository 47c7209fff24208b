// PII section of `npm run quality`: entity-by-entity precision and recall with exact offsets on the
// project's own generated set (scripts/quality/pii-set.mjs, fixed seed), ours beside
// @openredaction/openredaction on the same rows, with time per row. Ours runs through the prepared chain
// (a pii-detector step in exhaustive mode, as `kt policy eval --all`) when the engine is present.
import { generatePiiSet } from './pii-set.mjs';

export const name = 'pii';

export const SEED = 20260601;
export const ROWS = 800;
export const ENTITY_TYPES = [
  'email',
  'phone',
  'ssn',
  'credit_card',
  'ip_address',
  'iban',
  'date_of_birth',
  'passport',
  'drivers_license',
  'street_address',
  'mrn',
  'npi',
  'insurance_id',
];
const TARGET = 0.95;

/** The pack every row is evaluated with: one pii-detector step with every entity type. */
export const PACK = {
  pack: { name: 'quality-pii', version: '1.0.0', enabled: true },
  policies: { chain: ['pii-detector'] },
  policy: { 'pii-detector': { action: 'redact', categories: ENTITY_TYPES, redaction: { marker_format: 'label' } } },
};

/** Our spans per row: via the prepared chain when it reports offsets into the message text, else direct. */
function makeOurs(core) {
  let chain = null;
  try {
    chain = core.chainFor?.(PACK) ?? null;
  } catch {
    chain = null;
  }
  const direct = core['detectors/pii'].preparePiiDetector({ types: ENTITY_TYPES });
  if (chain) {
    const probe = chain.evaluate(
      { messages: [{ role: 'user', content: 'mail a@example.com' }] },
      { now: 0, mode: 'exhaustive' },
    );
    const f = probe?.steps?.find((s) => s.kind === 'pii-detector')?.findings?.[0];
    if (f && f.start === 5 && f.end === 18) {
      return {
        path: 'prepared chain (engine.prepareChain, pii-detector step, same path as kt policy eval --all)',
        spans(text) {
          const d = chain.evaluate({ messages: [{ role: 'user', content: text }] }, { now: 0, mode: 'exhaustive' });
          const step = d.steps.find((s) => s.kind === 'pii-detector');
          return (step?.findings ?? []).map((x) => ({ type: x.type, start: x.start, end: x.end }));
        },
      };
    }
  }
  return { path: 'PII detector called directly (src/core/detectors/pii.ts)', spans: (text) => direct.scan(text) };
}

/** Maps OpenRedaction's pattern names onto our entity types (unmapped types are ignored for both P and R). */
export function peerType(t) {
  const u = String(t).toUpperCase();
  if (u.includes('EMAIL')) return 'email';
  if (u.includes('PHONE') || u.includes('MOBILE') || u.includes('LANDLINE')) return 'phone';
  if (u === 'SSN' || u.includes('US_SSN') || u.includes('SOCIAL_SECURITY')) return 'ssn';
  if (u.includes('CREDIT_CARD') || u.includes('CARD_NUMBER')) return 'credit_card';
  if (u.startsWith('IP') || u.includes('IPV4') || u.includes('IPV6') || u.includes('IP_ADDRESS')) return 'ip_address';
  if (u.includes('IBAN')) return 'iban';
  if (u.includes('BIRTH') || u === 'DOB') return 'date_of_birth';
  if (u.includes('PASSPORT')) return 'passport';
  if (u.includes('DRIV') || u.includes('LICEN')) return 'drivers_license';
  if (u.includes('ADDRESS') || u.includes('STREET') || u.includes('POSTCODE') || u.includes('ZIP'))
    return 'street_address';
  if (u.includes('MEDICAL_RECORD') || u === 'MRN') return 'mrn';
  if (u.includes('NPI')) return 'npi';
  if (u.includes('INSURANCE') || u.includes('MEDICARE') || u.includes('MEMBER_ID')) return 'insurance_id';
  return null;
}

/** Per-type TP/FP/FN with exact offsets, and with "any overlap" for a lenient view. */
export function score(rows, predictions, types) {
  const per = Object.fromEntries(
    types.map((t) => [t, { tp: 0, fp: 0, fn: 0, tpOverlap: 0, fpOverlap: 0, fnOverlap: 0 }]),
  );
  rows.forEach((row, i) => {
    const preds = predictions[i].filter((p) => per[p.type]);
    for (const t of types) {
      const gold = row.entities.filter((e) => e.type === t);
      const mine = preds.filter((p) => p.type === t);
      const exact = (a, b) => a.start === b.start && a.end === b.end;
      const overlap = (a, b) => a.start < b.end && b.start < a.end;
      const s = per[t];
      s.tp += gold.filter((g) => mine.some((p) => exact(g, p))).length;
      s.fn += gold.filter((g) => !mine.some((p) => exact(g, p))).length;
      s.fp += mine.filter((p) => !gold.some((g) => exact(g, p))).length;
      s.tpOverlap += gold.filter((g) => mine.some((p) => overlap(g, p))).length;
      s.fnOverlap += gold.filter((g) => !mine.some((p) => overlap(g, p))).length;
      s.fpOverlap += mine.filter((p) => !gold.some((g) => overlap(g, p))).length;
    }
  });
  const out = {};
  for (const [t, s] of Object.entries(per)) {
    const p = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1;
    const r = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1;
    const pO = s.tpOverlap + s.fpOverlap ? s.tpOverlap / (s.tpOverlap + s.fpOverlap) : 1;
    const rO = s.tpOverlap + s.fnOverlap ? s.tpOverlap / (s.tpOverlap + s.fnOverlap) : 1;
    out[t] = {
      ...s,
      precision: p,
      recall: r,
      f1: p + r ? (2 * p * r) / (p + r) : 0,
      precisionOverlap: pO,
      recallOverlap: rO,
    };
  }
  return out;
}

async function peerPredictions(rows, timeRowsAsync) {
  let OpenRedaction;
  try {
    ({ OpenRedaction } = await import('@openredaction/openredaction'));
  } catch (err) {
    return { error: `peer not available: ${err?.message ?? err}` };
  }
  const shield = new OpenRedaction();
  const timed = await timeRowsAsync('openredaction', rows, async (row) => {
    const res = await shield.detect(row.text);
    return (res.detections ?? [])
      .map((d) => ({ type: peerType(d.type), start: d.position[0], end: d.position[1] }))
      .filter((d) => d.type);
  });
  return { results: timed.results, usPerRow: timed.usPerRow };
}

const f3 = (x) => (typeof x === 'number' ? x.toFixed(3) : String(x));

export async function run({ core, timeRows, timeRowsAsync }) {
  const rows = generatePiiSet(SEED, ROWS);
  const ours = makeOurs(core);
  const mine = timeRows('pii', rows, (r) => ours.spans(r.text));
  const oursScore = score(rows, mine.results, ENTITY_TYPES);
  const peer = await peerPredictions(rows, timeRowsAsync);
  const peerScore = peer.results ? score(rows, peer.results, ENTITY_TYPES) : null;

  const tableRows = [];
  for (const t of ENTITY_TYPES) {
    const o = oursScore[t];
    const p = peerScore?.[t];
    tableRows.push({
      detector: 'pii',
      corpus: 'kt-pii-set',
      metric: `${t} precision`,
      value: o.precision,
      target: TARGET,
      ok: o.precision >= TARGET && (!p || o.precision >= p.precision - 1e-9),
      peer: p?.precision,
    });
    tableRows.push({
      detector: 'pii',
      corpus: 'kt-pii-set',
      metric: `${t} recall`,
      value: o.recall,
      target: TARGET,
      ok: o.recall >= TARGET && (!p || o.recall >= p.recall - 1e-9),
      peer: p?.recall,
    });
  }
  tableRows.push({
    detector: 'pii',
    corpus: 'kt-pii-set',
    metric: 'time per row (us)',
    value: mine.usPerRow,
    ok: !peer.usPerRow || mine.usPerRow <= peer.usPerRow,
  });
  if (peer.usPerRow)
    tableRows.push({
      detector: 'openredaction (peer)',
      corpus: 'kt-pii-set',
      metric: 'time per row (us)',
      value: peer.usPerRow,
    });

  const gold = rows.reduce((n, r) => n + r.entities.length, 0);
  const lines = [
    '## PII (entity by entity, exact offsets)',
    '',
    `Set: ${rows.length} sentences generated by \`scripts/quality/pii-set.mjs\` (seed ${SEED}), ${gold} labelled entities,`,
    `${rows.filter((r) => r.entities.length === 0).length} sentences with near-misses only (Luhn-invalid cards, SSA-invalid SSNs, IBANs with bad`,
    'check digits, versions, times, MAC addresses, order/ISBN numbers, dates without birth context, ...).',
    `Ours: ${ours.path}. Peer: @openredaction/openredaction (\`detect\`), its pattern names mapped onto ours; types it does`,
    'not have count as misses for it. A prediction counts only with the exact start and end offsets; the "overlap" columns',
    'accept any overlapping span of the same type. Target: precision and recall >= 0.95 per entity, and at least the peer.',
    '',
    '| entity | gold | precision | recall | F1 | precision (overlap) | recall (overlap) | peer precision | peer recall | peer recall (overlap) | ok |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const t of ENTITY_TYPES) {
    const o = oursScore[t];
    const p = peerScore?.[t];
    const ok =
      o.precision >= TARGET &&
      o.recall >= TARGET &&
      (!p || (o.precision >= p.precision - 1e-9 && o.recall >= p.recall - 1e-9));
    lines.push(
      `| ${t} | ${o.tp + o.fn} | ${f3(o.precision)} | ${f3(o.recall)} | ${f3(o.f1)} | ${f3(o.precisionOverlap)} | ${f3(o.recallOverlap)} | ${p ? f3(p.precision) : '-'} | ${p ? f3(p.recall) : '-'} | ${p ? f3(p.recallOverlap) : '-'} | ${ok ? 'ok' : 'MISS'} |`,
    );
  }
  lines.push(
    '',
    `Time per row: ours ${mine.usPerRow.toFixed(1)} us, peer ${peer.usPerRow ? peer.usPerRow.toFixed(1) + ' us' : peer.error}.`,
    '',
  );
  return {
    rows: tableRows,
    markdown: lines.join('\n'),
    json: {
      path: ours.path,
      seed: SEED,
      rows: rows.length,
      entities: gold,
      ours: oursScore,
      peer: peerScore,
      usPerRow: { ours: mine.usPerRow, peer: peer.usPerRow ?? null },
      peerError: peer.error ?? null,
    },
  };
}
