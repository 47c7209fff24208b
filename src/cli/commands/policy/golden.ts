/**
 * Golden tests for `kt policy test` (reference §5.4): `tests/*.json` files and inline
 * `testing.suites[].cases[]`. A file holds one case `{name, input, expected, now?}`, an array of cases,
 * or `{cases: [...]}`.
 *
 * `expected` may check (every key given must hold; a case that checks nothing fails, and so does a key
 * that is not one of these checks or a verdict the schema does not allow, with a did-you-mean; a check
 * whose value is not of the schema's shape fails, and an empty list or object checks nothing):
 * - `verdict`, `reason_code` (both spellings `a.b` / `a_b` accepted), `blocked_by` (alias `policy`),
 *   `http_status`;
 * - `redacted_contains` / `redacted_not_contains` (string or list): the sanitised request and response
 *   as JSON text, or one of their string values, contain / do not contain it (aliases `contains` /
 *   `not_contains`);
 * - `findings`: a list of finding types that must be present, or `{type: count}` for exact counts;
 *   `no_findings: [types]` that must be absent; a type that no detector or policy produces and the pack
 *   does not name (core/finding-types.ts) fails the check, with a did-you-mean: it could never be found;
 * - `steps`: `{policy name or kind: step verdict}`.
 * `now` (RFC 3339 or epoch ms) pins the clock for the case. A case may set `mode: exhaustive`. A test
 * file's case with another field, another mode or a `now` that is not a time fails, with a did-you-mean.
 * A file or inline suite with no case, and a field beside `{cases: [...]}`, are refused; a case named as
 * an earlier one of its file or suite fails.
 * Inline suites: `assertions: [{type, value}]` apply to every case of the suite, `type` naming one of
 * the checks above (`verdict`, `reason_code`, `blocked_by`, `status`, `contains`, `not_contains`,
 * `finding`, `no_finding`); a case's own `expected` wins. A suite with a
 * `target` (a kind or step name) checks `verdict`/`reason_code` against that step (run exhaustively),
 * not the whole decision.
 */
import type { Decision, EvalContext, Payload, PreparedChain, StepResult } from '../../../core/index.js';
import type { TestCaseReport } from '../../../output/test-report.js';
import { didYouMean } from '../../../schema/suggest.js';
import { suiteAssertionChecks } from '../../../schema/rules/suites.js';
import { payloadShapeProblem, toPayload } from './payload-source.js';
import { isRecord } from '../../../core/pack/json.js';

export interface GoldenCase {
  name: string;
  source: string;
  suite?: string;
  target?: string;
  input: unknown;
  expected: Record<string, unknown>;
  now?: unknown;
  mode?: unknown;
  /** Keys of a test file's case that are not case fields (inline suite cases are linted with the pack). */
  unknownKeys?: string[];
  /** An earlier case of the same file (and suite) has this name (markDuplicateNames). */
  duplicateName?: boolean;
}

/** A case's report line (what the renderers print) plus the details of `--json`. */
export interface CaseResult extends TestCaseReport {
  details: {
    policy_results: Array<
      Pick<StepResult, 'policy' | 'kind' | 'phase' | 'verdict' | 'reason_code'> & { findings: string[] }
    >;
    quality_scores: Record<string, number> | null;
    http_status: number;
  };
}

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)];
const sameReason = (a: string, b: string) => a.replace(/[._]/g, '.') === b.replace(/[._]/g, '.');

// The fields of a case in schemas/golden-test.schema.json.
const CASE_KEYS = ['$schema', 'name', 'description', 'input', 'expected', 'now', 'mode'];
const MODES = ['short-circuit', 'exhaustive'];

/**
 * What is wrong with a test file or inline suite, and where: `at` is the path of the offending node in
 * the document (object keys and array indexes, `[]` for the document as a whole), which the command
 * turns into file:line:col; `key` points at the key of the last segment rather than its value.
 */
export interface CaseProblem {
  message: string;
  at: ReadonlyArray<string | number>;
  key?: boolean;
}

/** The problem of a case without an `input` object: at its `input`, or at the case when it has none. */
function noInput(c: Record<string, unknown>, label: string, at: ReadonlyArray<string | number>): CaseProblem {
  return { message: `${label} has no "input" object`, at: c.input === undefined ? at : [...at, 'input'] };
}

/** The problem of a case whose input has a field of the wrong type (payloadShapeProblem), at that field. */
function badInput(input: Record<string, unknown>, label: string, at: ReadonlyArray<string | number>) {
  const problem = payloadShapeProblem(input);
  return problem === undefined
    ? undefined
    : { message: `${label}: input ${problem.message}`, at: [...at, 'input', ...problem.at] };
}

/** The list of cases of a parsed test file (one case, an array, or {cases: [...]}) and where it is. */
function caseList(value: unknown): { cases: unknown[]; at: Array<string | number> } | CaseProblem {
  if (Array.isArray(value)) return { cases: value, at: [] };
  if (!isRecord(value) || value.cases === undefined) return { cases: [value], at: [] };
  if (!Array.isArray(value.cases)) return { message: '"cases" is not a list of cases', at: ['cases'] };
  // A field beside the list (a shared `expected`, `mode` or `now`) would apply to nothing.
  const extra = Object.keys(value).filter((k) => k !== 'cases' && k !== '$schema');
  if (extra.length > 0)
    return {
      message: `"${extra[0]}" is not a field of {"cases": [...]} (it holds only the list; a case's fields go in each case)`,
      at: [extra[0]!],
      key: true,
    };
  return { cases: value.cases, at: ['cases'] };
}

/** Reads the cases of one parsed test file (see the file comment). */
export function casesFromFile(value: unknown, source: string): GoldenCase[] | CaseProblem {
  const listed = caseList(value);
  if ('message' in listed) return listed;
  const raw = listed.cases;
  // A file that holds no case asserts nothing, as an empty `expected` does.
  if (raw.length === 0) return { message: 'the file holds no test case', at: listed.at };
  // Where case i is: the document itself when the file is one case, else item i of the list.
  const single = !Array.isArray(value) && listed.at.length === 0;
  const caseAt = (i: number) => (single ? [] : [...listed.at, i]);
  const out: GoldenCase[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (!isRecord(c)) return { message: `case ${i + 1} is not an object`, at: caseAt(i) };
    const label = `case ${typeof c.name === 'string' ? `"${c.name}"` : i + 1}`;
    if (!isRecord(c.input)) return noInput(c, label, caseAt(i));
    const bad = badInput(c.input, label, caseAt(i));
    if (bad !== undefined) return bad;
    out.push({
      name: typeof c.name === 'string' ? c.name : `${source}#${i + 1}`,
      source,
      input: c.input,
      expected: isRecord(c.expected) ? c.expected : {},
      ...(c.now === undefined ? {} : { now: c.now }),
      ...(c.mode === undefined ? {} : { mode: c.mode }),
      unknownKeys: Object.keys(c).filter((k) => !CASE_KEYS.includes(k)),
    });
  }
  return out;
}

/** Suite assertions `[{type, value, negate?}]` -> an `expected` object (unknown types are kept as checks that fail). */
function assertionsToExpected(assertions: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of assertions) {
    if (!isRecord(a) || typeof a.type !== 'string' || a.enabled === false) continue;
    let key = Object.hasOwn(suiteAssertionChecks, a.type)
      ? suiteAssertionChecks[a.type]!
      : `unsupported assertion type ${a.type}`;
    if (a.negate === true && key === 'redacted_contains') key = 'redacted_not_contains';
    else if (a.negate === true && key === 'findings') key = 'no_findings';
    if (key === 'findings' || key === 'no_findings' || key === 'redacted_contains' || key === 'redacted_not_contains')
      out[key] = [...list(out[key]), ...list(a.value)];
    else out[key] = a.value;
  }
  return out;
}

/** Reads inline `testing.suites`. */
export function casesFromSuites(testing: Record<string, unknown>, source: string): GoldenCase[] | CaseProblem {
  const suites = Array.isArray(testing.suites) ? testing.suites : [];
  const out: GoldenCase[] = [];
  for (let s = 0; s < suites.length; s++) {
    const suite = suites[s];
    const at = ['testing', 'suites', s];
    if (!isRecord(suite)) return { message: `testing.suites[${s}] is not an object`, at };
    const suiteName = typeof suite.name === 'string' ? suite.name : `suite ${s + 1}`;
    const shared = assertionsToExpected(Array.isArray(suite.assertions) ? suite.assertions : []);
    const cases = Array.isArray(suite.cases) ? suite.cases : [];
    if (cases.length === 0)
      return {
        message: `testing.suites[${s}] (${suiteName}) has no case`,
        at: suite.cases === undefined ? at : [...at, 'cases'],
      };
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i];
      const label = `testing.suites[${s}].cases[${i}]`;
      if (!isRecord(c)) return { message: `${label} has no "input" object`, at: [...at, 'cases', i] };
      if (!isRecord(c.input)) return noInput(c, label, [...at, 'cases', i]);
      const bad = badInput(c.input, label, [...at, 'cases', i]);
      if (bad !== undefined) return bad;
      out.push({
        name: typeof c.name === 'string' ? c.name : `${suiteName}#${i + 1}`,
        suite: suiteName,
        source,
        ...(typeof suite.target === 'string' ? { target: suite.target } : {}),
        input: c.input,
        expected: { ...shared, ...(isRecord(c.expected) ? c.expected : {}) },
        ...(c.now === undefined ? {} : { now: c.now }),
        ...(c.mode === undefined ? {} : { mode: c.mode }),
      });
    }
  }
  return out;
}

/**
 * Marks each case named as an earlier case of the same file (and suite): reports tell cases apart by file
 * and name only (a CI dashboard shows, or keeps, one of two same-named JUnit test cases), and a copied
 * case that was not renamed is often one that was not finished either.
 */
export function markDuplicateNames(cases: readonly GoldenCase[]): void {
  const seen = new Set<string>();
  for (const c of cases) {
    const key = JSON.stringify([c.source, c.suite ?? null, c.name]);
    if (seen.has(key)) c.duplicateName = true;
    seen.add(key);
  }
}

/** Every string value in a JSON value (iteratively: a payload may nest deeply). */
function stringsIn(value: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) stack.push(x);
  }
  return out;
}

/** The time `now` pins, or undefined when it is not one (the case then fails rather than run on the real clock). */
function pinnedNow(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (Number.isFinite(t)) return t;
  }
  return undefined;
}

const CHECKED_KEYS = [
  'status',
  'verdict',
  'reason_code',
  'blocked_by',
  'policy',
  'http_status',
  'redacted_contains',
  'contains',
  'redacted_not_contains',
  'not_contains',
  'findings',
  'no_findings',
  'steps',
];

// The values schemas/golden-test.schema.json allows: anything else (`blocked`, `BLOCK`) is a mistake in
// the test file, not a verdict the chain could give, so it is reported as one rather than as a mismatch.
const VERDICTS = ['allow', 'redact', 'escalate', 'block'];
const STEP_VERDICTS = [...VERDICTS, 'skipped', 'error'];

const isStrings = (v: unknown) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
const strings = { fits: isStrings, what: 'a string or a list of strings' };
/** The value each check takes in schemas/golden-test.schema.json, where any other would check nothing. */
const CHECK_SHAPES: Record<string, { fits: (v: unknown) => boolean; what: string }> = {
  redacted_contains: strings,
  contains: strings,
  redacted_not_contains: strings,
  not_contains: strings,
  no_findings: strings,
  findings: {
    fits: (v) =>
      (Array.isArray(v) && v.every((x) => typeof x === 'string')) ||
      (isRecord(v) && Object.values(v).every((n) => Number.isInteger(n) && (n as number) >= 0)),
    what: 'a list of finding types or {type: count} (a count is a whole number, 0 or more)',
  },
  steps: { fits: isRecord, what: 'an object {policy or kind: verdict}' },
};
const isEmptyCheck = (v: unknown) => (Array.isArray(v) || isRecord(v)) && Object.keys(v).length === 0;

/** `expected.KEY is not a verdict kt knows (did you mean ...)`; the value itself is not repeated. */
function unknownVerdict(key: string, value: unknown, known: readonly string[]): string {
  const guess = typeof value === 'string' ? didYouMean(value, known) : undefined;
  return `expected.${key} is not a verdict kt knows (${guess === undefined ? `one of ${known.join(', ')}` : `did you mean '${guess}'?`})`;
}

/**
 * Runs one case through the prepared chain and checks `expected`. `findingTypes`: the types the pack's
 * decisions may hold (core/finding-types.ts findingTypesOf); without it, finding types are not checked.
 */
export function runCase(
  chain: PreparedChain,
  c: GoldenCase,
  base: Omit<EvalContext, 'now' | 'mode'> & { now: number },
  clock: () => number,
  findingTypes?: ReadonlySet<string>,
): CaseResult {
  const t0 = clock();
  const payload = toPayload(c.input) as Payload;
  const exhaustive = c.mode === 'exhaustive' || c.target !== undefined;
  const pinned = c.now === undefined ? undefined : pinnedNow(c.now);
  const decision: Decision = chain.evaluate(payload, {
    ...base,
    now: pinned ?? base.now,
    mode: exhaustive ? 'exhaustive' : 'short-circuit',
  });
  const failures: string[] = [];
  // A misspelled case field (`mdoe`, `expectd`) or a mode or time kt cannot read would otherwise leave the
  // case running as it was not written (short-circuit, on the real clock) and pass.
  for (const k of c.unknownKeys ?? []) {
    const guess = didYouMean(k, CASE_KEYS);
    failures.push(
      `${k} is not a field of a test case${guess === undefined ? ` (fields: ${CASE_KEYS.slice(1).join(', ')})` : ` (did you mean '${guess}'?)`}`,
    );
  }
  if (c.duplicateName === true)
    failures.push(
      `another case of this ${c.suite === undefined ? 'file' : 'suite'} has this name (give each case its own)`,
    );
  if (c.mode !== undefined && !MODES.includes(c.mode as string)) {
    const guess = typeof c.mode === 'string' ? didYouMean(c.mode, MODES) : undefined;
    failures.push(
      `mode is not a mode kt knows (${guess === undefined ? `one of ${MODES.join(', ')}` : `did you mean '${guess}'?`})`,
    );
  }
  if (c.now !== undefined && pinned === undefined)
    failures.push('now is not a time (RFC 3339, e.g. 2025-04-01T09:00:00Z, or epoch milliseconds)');
  // A misspelled check (`verdit`, `reason`) would otherwise be ignored and the case pass on the rest.
  for (const k of Object.keys(c.expected)) {
    if (CHECKED_KEYS.includes(k) || k.startsWith('unsupported assertion type')) continue;
    const guess = didYouMean(k, CHECKED_KEYS);
    failures.push(`expected.${k} is not a check kt knows${guess === undefined ? '' : ` (did you mean '${guess}'?)`}`);
  }
  // A check of the wrong shape (`findings: "email"`, `steps: "block"`) fails here and is not run: run, it
  // would check nothing and pass.
  const e: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.expected)) {
    const shape = CHECK_SHAPES[k];
    if (shape !== undefined && !shape.fits(v)) failures.push(`expected.${k} is not ${shape.what}`);
    else e[k] = v;
  }
  // An empty list or object (`findings: []`, `steps: {}`) checks nothing either.
  const asserted = CHECKED_KEYS.filter((k) => c.expected[k] !== undefined && !isEmptyCheck(c.expected[k]));
  if (asserted.length === 0) failures.push('the case asserts nothing (give expected.verdict or another check)');
  for (const k of Object.keys(e)) if (k.startsWith('unsupported assertion type')) failures.push(k);

  const targetStep =
    c.target === undefined ? undefined : decision.steps.find((s) => s.kind === c.target || s.policy === c.target);
  if (c.target !== undefined && targetStep === undefined)
    failures.push(`target ${c.target} is not a step of the chain`);
  const verdict = targetStep?.verdict ?? decision.verdict;
  const reason = targetStep === undefined ? decision.reason_code : (targetStep.reason_code ?? '');
  if (e.verdict !== undefined && !VERDICTS.includes(e.verdict as string))
    failures.push(unknownVerdict('verdict', e.verdict, VERDICTS));
  else if (e.verdict !== undefined && e.verdict !== verdict)
    failures.push(`verdict: expected ${String(e.verdict)}, got ${verdict}`);
  if (e.reason_code !== undefined && !sameReason(String(e.reason_code), reason))
    failures.push(`reason_code: expected ${String(e.reason_code)}, got ${reason}`);
  const blockedBy = e.blocked_by ?? e.policy;
  if (blockedBy !== undefined) {
    const blocker = decision.steps.find((s) => s.policy === decision.blocked_by);
    const ok =
      blockedBy === null
        ? decision.blocked_by === null
        : decision.blocked_by === blockedBy || blocker?.kind === blockedBy;
    if (!ok) failures.push(`blocked_by: expected ${String(blockedBy)}, got ${decision.blocked_by ?? 'nothing'}`);
  }
  const status = e.http_status ?? e.status;
  if (status !== undefined && Number(status) !== decision.http.status)
    failures.push(`http_status: expected ${String(status)}, got ${decision.http.status}`);
  const sanitized = { request: decision.request, response: decision.response ?? null };
  const json = JSON.stringify(sanitized);
  const texts = stringsIn(sanitized);
  // The JSON text alone escapes a line break, quote or backslash (`a\nb`), so a value holding one was
  // never found there: `redacted_not_contains` passed with the value still in the payload.
  const holds = (s: string) => json.includes(s) || texts.some((t) => t.includes(s));
  for (const s of [...list(e.redacted_contains), ...list(e.contains)])
    if (!holds(s)) failures.push(`sanitised payload does not contain ${JSON.stringify(s)}`);
  for (const s of [...list(e.redacted_not_contains), ...list(e.not_contains)])
    if (holds(s)) failures.push(`sanitised payload still contains a value it must not (${s.length} chars)`);
  const found = decision.steps.flatMap((s) => s.findings.map((f) => f.type));
  // A type nothing produces (`emial`) is never found: `no_findings` or a count of 0 of it passed for ever,
  // and `findings` failed as if the payload lacked it. Either way the check is what is wrong, and said so.
  const unknownType = (t: string): string | undefined => {
    if (findingTypes === undefined || findingTypes.has(t) || found.includes(t)) return undefined;
    const guess = didYouMean(t, [...findingTypes]);
    return `finding ${t}: not a finding type kt produces${guess === undefined ? ', nor one this pack names' : ` (did you mean '${guess}'?)`}`;
  };
  if (Array.isArray(e.findings)) {
    for (const t of list(e.findings))
      if (!found.includes(t))
        failures.push(
          unknownType(t) ?? `finding ${t}: expected, none found (found: ${[...new Set(found)].join(', ') || 'none'})`,
        );
  } else if (isRecord(e.findings)) {
    for (const [t, n] of Object.entries(e.findings)) {
      const count = found.filter((x) => x === t).length;
      const unknown = unknownType(t);
      if (unknown !== undefined) failures.push(unknown);
      else if (count !== Number(n)) failures.push(`finding ${t}: expected ${String(n)}, found ${count}`);
    }
  }
  for (const t of list(e.no_findings)) {
    if (found.includes(t)) failures.push(`finding ${t}: expected none, found ${found.filter((x) => x === t).length}`);
    else {
      // `no_findings: ["EMAIL"]` can never fail (types are lower case): when the decision has that finding
      // under its real spelling, the check is wrong, not passed.
      const spelled = found.find((x) => x.toLowerCase() === t.toLowerCase());
      const unknown = unknownType(t);
      if (spelled !== undefined)
        failures.push(`finding ${t}: no finding has this type, but ${spelled} was found (types are case-sensitive)`);
      else if (unknown !== undefined) failures.push(unknown);
    }
  }
  if (isRecord(e.steps)) {
    for (const [name, v] of Object.entries(e.steps)) {
      const steps = decision.steps.filter((s) => s.policy === name || s.kind === name);
      if (!STEP_VERDICTS.includes(v as string)) failures.push(unknownVerdict(`steps.${name}`, v, STEP_VERDICTS));
      else if (steps.length === 0) failures.push(`step ${name}: not in the decision`);
      else if (!steps.some((s) => s.verdict === v))
        failures.push(`step ${name}: expected ${String(v)}, got ${steps.map((s) => s.verdict).join('/')}`);
    }
  }
  const quality = decision.steps.find((s) => s.kind === 'quality-scorer' && s.score !== undefined);
  return {
    name: c.name,
    ...(c.suite === undefined ? {} : { suite: c.suite }),
    source: c.source,
    verdict,
    reason_code: reason,
    passed: failures.length === 0,
    failures,
    duration_ms: Math.round((clock() - t0) * 1000) / 1000,
    details: {
      policy_results: decision.steps.map((s) => ({
        policy: s.policy,
        kind: s.kind,
        phase: s.phase,
        verdict: s.verdict,
        reason_code: s.reason_code,
        findings: s.findings.map((f) => f.type),
      })),
      quality_scores: quality === undefined ? null : { overall: quality.score! },
      http_status: decision.http.status,
    },
  };
}
