/**
 * quality-scorer `assertions[]`: checks of the answer (D:policies/config-quality-assertions; the fields
 * and type names are promptfoo's). Each enabled assertion gives a score in 0..1 and passes or fails.
 *
 * Deterministic (score 1 or 0):
 *   contains, icontains          the answer contains `value` (`icontains`, or `case_sensitive: false`,
 *                                ignores case; `case_sensitive` defaults to true)
 *   contains-any, contains-all   `value` is a list: the answer contains one of them / every one
 *   equals                       the answer, without surrounding space, is `value`
 *   starts-with                  the answer, without leading space, starts with `value`
 *   regex                        `value` matches (RE2 syntax, linear time: detectors/linear-regex.ts, the
 *                                compiler dlp-filter uses); `case_sensitive: false` adds the i flag
 *   is-json                      the whole answer (trimmed) parses as JSON
 * Scored, passing at `threshold` (default 0.5 for each of them):
 *   context-faithfulness         grounding in the `context` documents, as citation-verifier measures it
 *                                (output-text.ts measureGrounding: `ctx.judges.grounding`, else the share
 *                                of the answer's claims whose words are in the documents)
 *   llm-rubric, factuality,      `ctx.judges.quality` asked with `criterion: {kind: 'assertion', name:
 *   model-graded-closedqa        <type>, text}`; text = `value`, or `config.rubric` / `config.reference_statement`
 *                                / `config.criterion` respectively
 * `negate: true`, or the type written with a `not-` prefix (`not-contains`), inverts the outcome (a scored
 * type then passes below its threshold); both together cancel out.
 *
 * Not evaluated (DECISION): a model-graded assertion when no `ctx.judges.quality` is supplied, and
 * context-faithfulness with neither context documents nor a grounding judge, are SKIPPED, never passed
 * silently and never failed. The step reports a `not_evaluated` finding for each (detector
 * `quality.assertion:<type>[:<name>]`), says so in its message, and when nothing failed its reason code is
 * `quality.not_evaluated`, which the event record keeps (policies[].reason_code): an operator sees on every
 * decision that the check did not run. Failing instead would hold every answer of a gateway that has no
 * judge (kt's local gateway has none), which makes the policy unusable rather than visible.
 *
 * What a failure does: `enabled: false` skips the assertion (not evaluated, not reported). `mode: audit`, or
 * `weight: 0`, reports a failure as an `assertion_failed` finding but never fails the step; `mode: shadow`
 * evaluates and names a failure in the step message only. Otherwise (`mode: enforce`, the default, and a
 * weight above 0) a failed assertion fails the step and takes `on_fail`. Assertions are gates, not terms
 * of an average (the step score is the dimensions' aggregate), so of `weight` (0-10) only 0 versus more
 * than 0 changes anything. `severity` is named in the message. `provider` and `pack` are not used (judges
 * come from the runtime; lint W012 says so).
 * A config that cannot run (unknown type, missing value, invalid regex) makes prepare throw: the step
 * reports a config error and the fail mode applies. Lint reports the same problems first (E004, E005, E007).
 */
import { compileLinearRegex, type LinearRegex } from '../detectors/linear-regex.js';
import type { EvalContext, Finding, JsonObject, JsonValue } from '../types.js';
import { bool, num, obj, str } from './config.js';
import { measureGrounding, round3 } from './output-text.js';
import { assertionType, DEFAULT_ASSERTION_THRESHOLD, type AssertionTypeSpec } from './quality-names.js';

/** What an assertion reads of one exchange. */
export interface AssertionInput {
  answer: string;
  question: string;
  context: string[];
  judges: EvalContext['judges'];
}

type Outcome =
  { evaluated: false; why: string } | { evaluated: true; pass: boolean; score?: number; start: number; end: number };

export interface PreparedAssertion {
  /** `not-contains`, `regex`, ...: the check as it runs (negation folded into the prefix). */
  shown: string;
  name: string | undefined;
  mode: 'enforce' | 'audit' | 'shadow';
  /** A failure fails the step (mode enforce and weight above 0). */
  gates: boolean;
  severity: string | undefined;
  run(input: AssertionInput): Outcome;
}

const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 3)}...` : s);
const textOf = (v: JsonValue | undefined): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** Compiles `assertions[]` once per pack; throws an Error naming the entry when one cannot run. */
export function prepareAssertions(list: JsonValue | undefined): PreparedAssertion[] {
  if (!Array.isArray(list)) return [];
  const out: PreparedAssertion[] = [];
  list.forEach((item, i) => {
    const a = obj(item);
    if (!bool(a.enabled, true)) return;
    const written = str(a.type, '');
    const where = `assertions[${i}]`;
    const type = assertionType(written);
    if (type === undefined) throw new Error(`${where}: unknown assertion type '${clip(written)}'`);
    const negated = type.negated !== bool(a.negate, false);
    const mode = a.mode === 'audit' || a.mode === 'shadow' ? a.mode : 'enforce';
    const check = compileCheck(type.base, type.spec, a, where);
    out.push({
      shown: `${negated ? 'not-' : ''}${type.base}`,
      name: typeof a.name === 'string' && a.name !== '' ? clip(a.name) : undefined,
      mode,
      gates: mode === 'enforce' && num(a.weight, 1) > 0,
      severity: typeof a.severity === 'string' ? a.severity : undefined,
      run: (input) => {
        const r = check(input);
        if (!r.evaluated || !negated) return r;
        // Negated: a deterministic check passes when the plain one fails; a scored one below its threshold.
        return { ...r, pass: !r.pass };
      },
    });
  });
  return out;
}

type Check = (input: AssertionInput) => Outcome;

function compileCheck(base: string, spec: AssertionTypeSpec, a: JsonObject, where: string): Check {
  const caseSensitive = base !== 'icontains' && bool(a.case_sensitive, true);
  const fold = (s: string) => (caseSensitive ? s : s.toLowerCase());
  const threshold = num(a.threshold, DEFAULT_ASSERTION_THRESHOLD);
  const need = (): string => {
    const v = textOf(a.value);
    if (v === undefined || v === '') throw new Error(`${where} (${base}): needs a text value`);
    return v;
  };
  switch (base) {
    case 'contains':
    case 'icontains': {
      const value = fold(need());
      return ({ answer }) => found(answer, fold, [value], 'any');
    }
    case 'contains-any':
    case 'contains-all': {
      const items = (Array.isArray(a.value) ? a.value : [a.value]).map(textOf);
      if (items.length === 0 || items.some((x) => x === undefined || x === ''))
        throw new Error(`${where} (${base}): needs a list of texts as value`);
      const values = (items as string[]).map(fold);
      return ({ answer }) => found(answer, fold, values, base === 'contains-any' ? 'any' : 'all');
    }
    case 'equals': {
      const value = fold(need().trim());
      return ({ answer }) => ({ evaluated: true, pass: fold(answer.trim()) === value, start: 0, end: 0 });
    }
    case 'starts-with': {
      const value = fold(need());
      return ({ answer }) => ({ evaluated: true, pass: fold(answer.trimStart()).startsWith(value), start: 0, end: 0 });
    }
    case 'regex': {
      const compiled = compileLinearRegex(need(), { caseInsensitive: !caseSensitive });
      if (!compiled.ok) throw new Error(`${where} (regex): invalid regex (${compiled.error})`);
      const re: LinearRegex = compiled.regex;
      return ({ answer }) => {
        const first = re.findAll(answer)[0];
        return first === undefined
          ? { evaluated: true, pass: false, start: 0, end: 0 }
          : { evaluated: true, pass: true, start: first.start, end: first.end };
      };
    }
    case 'is-json':
      return ({ answer }) => {
        let pass = true;
        try {
          // JSON.parse is iterative in V8: a deeply nested answer cannot exhaust the stack.
          JSON.parse(answer.trim());
        } catch {
          pass = false;
        }
        return { evaluated: true, pass, start: 0, end: 0 };
      };
    case 'context-faithfulness':
      return ({ answer, context, judges }) => {
        const g = measureGrounding(answer, context, judges, 0.5);
        if (g === undefined) return { evaluated: false, why: 'no context documents and no grounding judge' };
        return { evaluated: true, pass: g.score >= threshold, score: g.score, start: 0, end: 0 };
      };
    default: {
      // Model-graded: the judge reads the rubric, reference statement or criterion.
      const text = textOf(a.value) ?? textOf(obj(a.config)[spec.configKey ?? '']);
      if (text === undefined || text === '')
        throw new Error(`${where} (${base}): needs a value (or config.${spec.configKey ?? 'rubric'}) for the judge`);
      return ({ answer, question, context, judges }) => {
        if (judges?.quality === undefined) return { evaluated: false, why: 'needs a judge (none supplied)' };
        const raw = judges.quality({
          request: question,
          response: answer,
          context,
          criterion: { kind: 'assertion', name: base, text },
        });
        const score = round3(Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : 0);
        return { evaluated: true, pass: score >= threshold, score, start: 0, end: 0 };
      };
    }
  }
}

/** Whether `values` occur in `answer` (any or all); the span of the first occurrence found. */
function found(answer: string, fold: (s: string) => string, values: string[], need: 'any' | 'all'): Outcome {
  const hay = fold(answer);
  // Offsets into the folded text are the answer's own unless folding changed its length (rare letters).
  const sameOffsets = hay.length === answer.length;
  let first: { start: number; end: number } | undefined;
  let hits = 0;
  for (const v of values) {
    const at = hay.indexOf(v);
    if (at < 0) continue;
    hits++;
    if (first === undefined && sameOffsets) first = { start: at, end: at + v.length };
  }
  const pass = need === 'any' ? hits > 0 : hits === values.length;
  return { evaluated: true, pass, start: first?.start ?? 0, end: first?.end ?? 0 };
}

export interface AssertionReport {
  findings: Finding[];
  /** Descriptions of gating assertions that failed. */
  failed: string[];
  /** Descriptions of failures that do not gate (audit, weight 0, shadow). */
  reported: string[];
  /** Descriptions of assertions that could not be evaluated, with why. */
  notEvaluated: string[];
}

const describe = (a: PreparedAssertion): string =>
  `${a.severity === undefined ? '' : `${a.severity} `}assertion ${a.name === undefined ? '' : `'${a.name}' `}(${a.shown})`;

/** Runs the prepared assertions on one answer. */
export function runAssertions(list: readonly PreparedAssertion[], input: AssertionInput): AssertionReport {
  const report: AssertionReport = { findings: [], failed: [], reported: [], notEvaluated: [] };
  for (const a of list) {
    const detector = `quality.assertion:${a.shown}${a.name === undefined ? '' : `:${a.name}`}`;
    const r = a.run(input);
    if (!r.evaluated) {
      report.notEvaluated.push(`${describe(a)}: ${r.why}`);
      report.findings.push({ type: 'not_evaluated', detector, path: '/upstream_response', start: 0, end: 0 });
      continue;
    }
    if (r.pass) continue;
    const what = `${describe(a)} failed${r.score === undefined ? '' : ` (score ${r.score})`}`;
    if (a.mode === 'shadow') {
      report.reported.push(`${what} [shadow]`);
      continue;
    }
    report.findings.push({
      type: 'assertion_failed',
      detector,
      path: '/upstream_response',
      start: r.start,
      end: r.end,
      ...(r.score === undefined ? {} : { score: r.score }),
    });
    if (a.gates) report.failed.push(what);
    else report.reported.push(`${what} [${a.mode === 'audit' ? 'audit' : 'weight 0'}]`);
  }
  return report;
}
