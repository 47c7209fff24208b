/**
 * `kt policy lint` rules: schema validation (compiled ajv validators) plus semantic checks, turned into
 * located Diagnostics. Every problem of a document is reported in one run, sorted by position then
 * code. The codes are stable and documented in docs/lint-codes.md.
 *
 * Errors: E001 unknown policy kind (or legacy type), E002 unknown key, E003 chain entry without a
 * block, E004 invalid value, E005 missing required key, E006 duplicate provider target id, E007 invalid
 * regex, E008 catastrophic-backtracking regex, E009 regex RE2 cannot run, E010 literal secret, E011 TLS
 * version below 1.2 or unknown, E012 unknown or weak cipher suite, E013 invalid CIDR range, E014 kind
 * listed twice in the chain.
 * Warnings: W001 version not full SemVer, W002 unset secret_key_ref.env variable, W003 block not in
 * chain, W004 legacy list shape, W005 non-canonical spelling, W006 `enabled` not set, W007 pack disabled,
 * W008 more problems than reported (the note itself is not counted as a warning), W009 a key reference
 * on a `provider: mock` target (ignored), W010 a regex whose matches each need a read far past their end
 * (quadratic to find them all in RE2-style engines), W011 only TLS 1.3 cipher suites where TLS 1.2 is allowed,
 * W012 a quality-scorer setting that has no effect (rules/quality.ts, which also adds E004/E005 checks of
 * assertions and weights; the `value` of a `regex` assertion is a pattern field like the others), W013 a
 * documented setting kt accepts but does not enforce (rules/unenforced.ts), W014 agent-firewall rate_limits
 * entries that count the same calls, so one never holds (rules/rate-limits.ts).
 * The regex checks live in rules/regex-fields.ts, the gateway block's in rules/gateway.ts.
 */
import {
  detectShape,
  knownKinds,
  legacyTypes,
  normalizePack,
  singlePolicyKinds,
  spellingNotes,
} from '../core/pack/index.js';
import type { Diagnostic, JsonObject, JsonValue, PackModel, PackShape } from '../core/types.js';
import type { ParsedDocument } from './parse.js';
import type { Finding } from './finding.js';
import { err, warn } from './finding.js';
import { gatewayFindings } from './rules/gateway.js';
import { nameProblem, nameUses } from './rules/names.js';
import { ignoredKeyRefs } from './rules/providers.js';
import { assertionPatterns, qualityProblems } from './rules/quality.js';
import { isPortableRegex } from './rules/portable-regex.js';
import { legacyIgnoredSettings, unenforcedSettings, unevaluatedChainKinds } from './rules/unenforced.js';
import { rateLimitProblems } from './rules/rate-limits.js';
import { legacyIncludesProblem, legacyItemProblems } from './rules/legacy-items.js';
import { suiteProblems } from './rules/suites.js';
import {
  caseInsensitiveField,
  portableCompile,
  regexFindings,
  regexKeys,
  type CompileRegex,
  type StringLeaf,
} from './rules/regex-fields.js';
import {
  isEnvReference,
  secretFieldNames,
  secretFieldValues,
  secretValueMasker,
  secretShapeIn,
} from './rules/secrets.js';
import { pointerSegments, valueAt } from './json-pointer.js';
import { didYouMean, didYouMeanHint } from './suggest.js';
import { allowedKeysAt, schemaErrors, type SchemaError } from './validators.js';
import { isObject } from '../core/pack/json.js';

export interface LintOptions {
  /** Environment to check `secret_key_ref.env` against (injected, never process.env here). */
  env: Readonly<Record<string, string | undefined>>;
  /** The name of a legacy-list pack without `name:` (the file's base name; see normalizePack). */
  legacyName?: string;
}

export interface LintOutcome {
  shape: PackShape;
  model: PackModel;
  /** At most MAX_DIAGNOSTICS findings, plus a W008 note when more were found. */
  diagnostics: Diagnostic[];
  /** Totals including findings beyond the cap (the exit status depends on these). */
  errors: number;
  warnings: number;
}

/**
 * Findings reported per file. A hostile or generated pack can have hundreds of thousands of problems;
 * past this many, kt counts the rest instead of explaining each (W008), so lint stays fast.
 */
export const MAX_DIAGNOSTICS = 1000;

/** Collects findings up to the cap and counts the rest by severity. */
class Budget {
  readonly findings: Finding[] = [];
  omittedErrors = 0;
  omittedWarnings = 0;
  get full(): boolean {
    return this.findings.length >= MAX_DIAGNOSTICS;
  }
  add(finding: Finding): void {
    if (!this.full) this.findings.push(finding);
    else if (finding.severity === 'error') this.omittedErrors++;
    else this.omittedWarnings++;
  }
  /** Counts findings that were not even computed (known to be errors). */
  skipErrors(count: number): void {
    this.omittedErrors += count;
  }
}

const semverRe = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** Lints a parsed document. Async only because the RE2 engine is loaded on demand for packs with regexes. */
export async function lintParsed(parsed: ParsedDocument, options: LintOptions): Promise<LintOutcome> {
  const doc = parsed.value;
  const shape = detectShape(doc);
  const model = normalizePack(doc, options.legacyName === undefined ? {} : { legacyName: options.legacyName });
  const budget = new Budget();
  schemaFindings(shape, doc, budget);
  for (const f of structureFindings(shape, doc)) budget.add(f);
  await valueFindings(doc, model, options, budget);
  const diagnostics = locate(budget.findings, parsed);
  const omitted = budget.omittedErrors + budget.omittedWarnings;
  if (omitted > 0) {
    diagnostics.push({
      code: 'W008',
      severity: 'warning',
      message: `${omitted} more problem(s) not shown (${budget.omittedErrors} error(s), ${budget.omittedWarnings} warning(s)); kt reports at most ${MAX_DIAGNOSTICS} per file`,
      path: '',
      line: 1,
      column: 1,
      hint: 'Fix the problems shown and lint again',
    });
  }
  const shownErrors = diagnostics.filter((d) => d.severity === 'error').length;
  return {
    shape,
    model,
    diagnostics,
    errors: shownErrors + budget.omittedErrors,
    warnings: diagnostics.length - shownErrors - (omitted > 0 ? 1 : 0) + budget.omittedWarnings,
  };
}

/** Dotted display path: `policy.pii-detector.actions`, `providers.targets[0].id`. */
export function dottedPath(doc: JsonValue, segments: readonly string[]): string {
  let out = '';
  let node: JsonValue | undefined = doc;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      out += `[${segment}]`;
      node = node[Number(segment)];
    } else {
      out += out === '' ? segment : `.${segment}`;
      node = isObject(node) ? node[segment] : undefined;
    }
  }
  return out;
}

function locate(findings: Finding[], parsed: ParsedDocument): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  // Messages quote values (unknown kinds, versions, CIDRs, ...); a pasted key must not reach output: the
  // document's secret-field values are masked wherever a message quotes them, and key shapes anywhere.
  const mask = secretValueMasker(secretFieldValues(parsed.value));
  for (const f of findings) {
    const position = parsed.locate(f.segments, f.at);
    const diagnostic: Diagnostic = {
      code: f.code,
      severity: f.severity,
      message: mask(f.message),
      path: mask(dottedPath(parsed.value, f.segments)),
      line: position.line,
      column: position.column,
      ...(f.hint === undefined ? {} : { hint: mask(f.hint) }),
    };
    const key = `${diagnostic.code}|${diagnostic.path}|${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(diagnostic);
  }
  return out.sort(
    (a, b) =>
      a.line - b.line || a.column - b.column || a.code.localeCompare(b.code) || a.message.localeCompare(b.message),
  );
}

const typeName = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `a ${typeof v}`;

/** The allowed-keys table for a document: its shape, or the kind of a single-policy document. */
function keyTable(shape: PackShape, doc: JsonObject): string {
  if (shape !== 'single-policy') return shape;
  const name = isObject(doc.policy) ? doc.policy.name : undefined;
  return typeof name === 'string' && singlePolicyKinds.includes(name)
    ? `single-policy:${name}`
    : 'single-policy:unknown';
}

function schemaFindings(shape: PackShape, doc: JsonObject, budget: Budget): void {
  const raw = schemaErrors(shape, doc);
  // The types other oneOf branches wanted at a path (`threshold: '0.7'` fails the number branch on its
  // type and the enum branch on its value; only the latter is reported, and the hint names the former).
  const branchTypes = new Map<string, Set<string>>();
  for (const e of raw)
    if (e.keyword === 'type' && /\/oneOf\/\d+\/type$/.test(e.schemaPath))
      for (const t of [e.params.type].flat())
        if (typeof t === 'string')
          (branchTypes.get(e.instancePath) ?? branchTypes.set(e.instancePath, new Set()).get(e.instancePath)!).add(t);
  const errors = pruneBranches(raw, doc);
  const table = keyTable(shape, doc);
  const out = { push: (f: Finding) => budget.add(f) };
  for (const [index, e] of errors.entries()) {
    if (budget.full) {
      // Every schema finding is an error; count the rest without building messages and hints.
      budget.skipErrors(errors.slice(index).filter((x) => x.keyword !== 'if').length);
      break;
    }
    const segs = pointerSegments(e.instancePath);
    const where = dottedPath(doc, segs) || 'the document';
    const value = valueAt(doc, segs);
    switch (e.keyword) {
      case 'additionalProperties':
      case 'unevaluatedProperties': {
        const key = String(e.params.additionalProperty ?? e.params.unevaluatedProperty);
        const keySegs = [...segs, key];
        if (shape === 'current' && segs.length === 1 && segs[0] === 'policy') {
          out.push(
            err(
              'E001',
              keySegs,
              `Unknown policy kind '${key}' in policy`,
              didYouMeanHint(key, knownKinds) ?? 'See schemas/pack.schema.json for the known kinds',
              'key',
            ),
          );
          break;
        }
        const valid = allowedKeysAt(table, segs) ?? [];
        // JSON Schema drops the annotations of a failing subschema, so one bad value in a single-policy
        // document makes its valid siblings "unevaluated". Those keys are known: the value error says it.
        if (e.keyword === 'unevaluatedProperties' && valid.includes(key)) break;
        const guess = didYouMean(key, valid);
        const list = valid.length > 0 ? `Valid keys are: ${valid.join(', ')}` : undefined;
        // A YAML 1.1 merge key: kt reads YAML 1.2 (parse.ts), where `<<: *anchor` merges nothing.
        const hint =
          key === '<<'
            ? "YAML merge keys (<<) belong to YAML 1.1; kt reads YAML 1.2, where '<<' is an ordinary key and merges nothing: write the keys out"
            : guess !== undefined
              ? `Did you mean '${guess}'? ${list ?? ''}`.trim()
              : list;
        out.push(err('E002', keySegs, `Unknown key '${key}' in ${where}`, hint, 'key'));
        break;
      }
      case 'enum': {
        const allowed = (e.params.allowedValues as unknown[] | undefined) ?? [];
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        if (shape === 'current' && segs[0] === 'policies' && segs[1] === 'chain' && segs.length === 3) {
          out.push(
            err(
              'E001',
              segs,
              `Unknown policy kind '${text}'`,
              didYouMeanHint(String(value), knownKinds) ?? 'See schemas/pack.schema.json for the known kinds',
            ),
          );
        } else if (shape === 'single-policy' && segs.join('/') === 'policy/name') {
          out.push(
            err(
              'E001',
              segs,
              `'${text}' cannot be a single-policy document`,
              `Single-policy documents exist for ${singlePolicyKinds.join(', ')}; use the pack shape (pack + policies.chain + policy.<kind>)`,
            ),
          );
        } else if (shape === 'legacy-list' && segs.length === 3 && segs[2] === 'type') {
          out.push(
            err(
              'E001',
              segs,
              `Unknown legacy policy type '${text}'`,
              didYouMeanHint(String(value), legacyTypes) ?? `Known types: ${legacyTypes.join(', ')}`,
            ),
          );
        } else {
          const guess = typeof value === 'string' ? didYouMean(value, allowed.map(String)) : undefined;
          const types = branchTypes.get(e.instancePath);
          const numberToo = types !== undefined && (types.has('number') || types.has('integer'));
          const quotedNumber = numberToo && typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value);
          out.push(
            err(
              'E004',
              segs,
              `${where}: expected ${numberToo ? 'a number or ' : ''}one of [${allowed.map(String).join(', ')}], found ${quotedNumber ? `'${text}' (a string)` : text}`,
              quotedNumber
                ? `Write the number without quotes: ${segs[segs.length - 1]}: ${value.trim()}`
                : guess === undefined
                  ? undefined
                  : `Did you mean '${guess}'?`,
            ),
          );
        }
        break;
      }
      case 'required': {
        const missing = String(e.params.missingProperty);
        out.push(
          err(
            'E005',
            segs,
            `Missing required key '${missing}' in ${where}`,
            `Add '${segs.length > 0 ? `${dottedPath(doc, segs)}.` : ''}${missing}'`,
            segs.length > 0 ? 'key' : 'value',
          ),
        );
        break;
      }
      case 'type': {
        const expected = String(e.params.type).replace(/,/g, ' or ');
        // YAML 1.1 booleans are strings in YAML 1.2, which kt reads: say so rather than only "a string".
        const yaml11 =
          expected.includes('boolean') && typeof value === 'string' && /^(?:y|yes|n|no|on|off)$/i.test(value)
            ? `YAML 1.2 reads '${value}' as a string; write ${/^(?:y|yes|on)$/i.test(value) ? 'true' : 'false'}`
            : undefined;
        // The seed's `providers[].tls.verify` reads as a list of targets; they go under `providers.targets`.
        const targetsList =
          segs.length === 1 && segs[0] === 'providers' && Array.isArray(value)
            ? 'Provider targets go under providers.targets: write `providers:` then `  targets:` and the list below it'
            : undefined;
        out.push(err('E004', segs, `${where}: expected ${expected}, found ${typeName(value)}`, yaml11 ?? targetsList));
        break;
      }
      case 'if':
        break;
      case 'oneOf':
        out.push(
          err(
            'E004',
            segs,
            `${where}: does not match any accepted form`,
            e.instancePath.endsWith('/provider')
              ? 'Use a provider name (provider: openai) or {base_url, secret_key_ref}'
              : undefined,
          ),
        );
        break;
      default:
        out.push(err('E004', segs, `${where}: ${messageOf(e, value)}`));
    }
  }
}

/** Human wording for the remaining ajv keywords (validators are compiled without ajv's messages). */
function messageOf(e: SchemaError, value: unknown): string {
  const p = e.params;
  switch (e.keyword) {
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}, found ${JSON.stringify(value)}`;
    case 'minLength':
      return `must be at least ${String(p.limit)} character(s) long`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters long`;
    case 'minItems':
    case 'minProperties':
      return `must have at least ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'}`;
    case 'maxItems':
    case 'maxProperties':
      return `must have at most ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return `must match ${String(p.pattern)}`;
    default:
      return e.message ?? `invalid value (${e.keyword})`;
  }
}

/**
 * oneOf reports the errors of every branch. Keep only the branch whose type matches the value (e.g.
 * the object form of `provider` when an object was given) and drop the generic oneOf error when that
 * branch explains the problem. Linear in the number of errors (hostile packs can produce many).
 */
function pruneBranches(errors: SchemaError[], doc: JsonObject): SchemaError[] {
  const branchRe = /^(.*\/oneOf)\/(\d+)\//;
  const owners = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const ownerOf = (instancePath: string): string | undefined => {
    let path = instancePath;
    for (;;) {
      if (owners.has(path)) return path;
      const cut = path.lastIndexOf('/');
      if (cut < 0) return undefined;
      path = path.slice(0, cut);
    }
  };
  const mismatched = new Set<string>();
  for (const e of errors) {
    const m = e.keyword === 'type' ? branchRe.exec(e.schemaPath) : null;
    if (m !== null && e.schemaPath === `${m[1]}/${m[2]}/type`) mismatched.add(`${e.instancePath}|${m[1]}|${m[2]}`);
  }
  const explained = new Set<string>();
  const kept: SchemaError[] = [];
  for (const e of errors) {
    const m = branchRe.exec(e.schemaPath);
    const owner = m === null ? undefined : ownerOf(e.instancePath);
    if (m !== null && owner !== undefined) {
      if (mismatched.has(`${owner}|${m[1]}|${m[2]}`)) continue;
      explained.add(`${owner}|${m[1]}`);
    }
    kept.push(e);
  }
  return kept.filter((e) => {
    if (e.keyword === 'oneOf' && explained.has(`${e.instancePath}|${e.schemaPath}`)) return false;
    return e.keyword === 'required' || valueAt(doc, pointerSegments(e.instancePath)) !== undefined;
  });
}

function structureFindings(shape: PackShape, doc: JsonObject): Finding[] {
  const out: Finding[] = [];
  if (shape === 'legacy-list') {
    const listKey = ['policies', 'input_policies', 'output_policies'].find((k) => Array.isArray(doc[k])) ?? 'policies';
    out.push(
      warn(
        'W004',
        [listKey],
        'Legacy list-shape pack (deprecated)',
        'Run `kt policy migrate FILE --output policy-config.yaml` to rewrite it into the current shape',
        'key',
      ),
    );
    return out;
  }
  const metaKey = shape === 'single-policy' ? 'policy' : 'pack';
  const meta = doc[metaKey];
  if (isObject(meta)) {
    const version = meta.version;
    if ((typeof version === 'string' || typeof version === 'number') && !semverRe.test(String(version))) {
      out.push(
        warn(
          'W001',
          [metaKey, 'version'],
          `${metaKey}.version '${String(version)}' is not full SemVer (MAJOR.MINOR.PATCH)`,
          `Write '${semverHint(String(version))}'`,
        ),
      );
    }
    if (meta.enabled === undefined)
      out.push(
        warn(
          'W006',
          [metaKey],
          `${metaKey}.enabled is not set; it defaults to true`,
          `Add 'enabled: true' to ${metaKey}`,
          'key',
        ),
      );
    else if (meta.enabled === false)
      out.push(warn('W007', [metaKey, 'enabled'], 'The pack is disabled: a gateway loading it enforces no policy'));
  }
  if (shape === 'single-policy') {
    const kind = isObject(meta) && typeof meta.name === 'string' ? meta.name : '';
    if (singlePolicyKinds.includes(kind)) out.push(...spellingFindings(kind, doc, []));
    return out;
  }
  const blocks = isObject(doc.policy) ? doc.policy : {};
  const chain = isObject(doc.policies) && Array.isArray(doc.policies.chain) ? doc.policies.chain : [];
  const seen = new Map<string, number>();
  chain.forEach((item, index) => {
    if (typeof item !== 'string' || !knownKinds.includes(item)) return;
    const segs = ['policies', 'chain', String(index)];
    if (seen.has(item)) {
      out.push(
        err(
          'E014',
          segs,
          `Policy '${item}' appears twice in the chain (first at policies.chain[${seen.get(item)}])`,
          'Each kind runs once with its policy.<kind> block; remove the duplicate',
        ),
      );
      return;
    }
    seen.set(item, index);
    if (!Object.hasOwn(blocks, item)) {
      out.push(
        err(
          'E003',
          segs,
          `Policy '${item}' is in chain but has no config block`,
          `Add a 'policy.${item}' section (an empty {} is fine) or remove it from the chain`,
        ),
      );
    }
  });
  for (const [kind, block] of Object.entries(blocks)) {
    if (!knownKinds.includes(kind)) continue;
    if (!seen.has(kind)) {
      out.push(
        warn(
          'W003',
          ['policy', kind],
          `policy.${kind} is configured but not in policies.chain, so it never runs`,
          `Add '${kind}' to policies.chain or delete the block`,
          'key',
        ),
      );
    }
    if (isObject(block)) out.push(...spellingFindings(kind, block, ['policy', kind]));
  }
  return out;
}

function semverHint(version: string): string {
  const parts = version
    .replace(/^v/i, '')
    .split('.')
    .filter((p) => /^\d+$/.test(p))
    .map((p) => p.replace(/^0+(?=\d)/, '')); // SemVer numbers have no leading zeros (`010` -> `10`)
  while (parts.length < 3) parts.push('0');
  return parts.slice(0, 3).join('.');
}

function spellingFindings(kind: string, block: JsonObject, base: string[]): Finding[] {
  return spellingNotes(kind, block).map((note) =>
    warn(
      'W005',
      [...base, ...note.field.split('.')],
      `${kind}: '${note.field}' is an accepted spelling; the canonical one is '${note.canonical}'`,
      `Write '${note.canonical}' (both are read the same way)`,
      'key',
    ),
  );
}

/** Every string in the document with its path; iterative so no document can exhaust the stack. */
function stringLeaves(doc: JsonObject): StringLeaf[] {
  const out: StringLeaf[] = [];
  const stack: Array<{ node: JsonValue; segments: string[]; key: string }> = [{ node: doc, segments: [], key: '' }];
  while (stack.length > 0) {
    const { node, segments, key } = stack.pop()!;
    if (typeof node === 'string') out.push({ segments, key, value: node, inRegexField: regexKeys.has(key) });
    else if (Array.isArray(node))
      node.forEach((child, i) => stack.push({ node: child, segments: [...segments, String(i)], key }));
    else if (isObject(node))
      for (const [k, child] of Object.entries(node)) stack.push({ node: child, segments: [...segments, k], key: k });
  }
  // Stable document order regardless of object key order; keys computed once.
  const keyed = out.map((leaf) => ({ leaf, key: leaf.segments.join('\u0000') }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.leaf);
}

/**
 * Literal secrets that stringLeaves (string values) does not see: a secret-named field whose value is a
 * number (`api_key: 123456789012`, a numeric key or PIN), and a mapping key shaped like a provider key
 * (a key pasted where a name belongs, `sk-proj-...: 1`). Iterative: no document can exhaust the stack.
 */
function secretsBesideStrings(doc: JsonObject): Array<{ segments: string[]; shape?: string }> {
  const out: Array<{ segments: string[]; shape?: string }> = [];
  const stack: Array<{ node: JsonValue; segments: string[] }> = [{ node: doc, segments: [] }];
  while (stack.length > 0) {
    const { node, segments } = stack.pop()!;
    if (Array.isArray(node))
      node.forEach((child, i) => stack.push({ node: child, segments: [...segments, String(i)] }));
    else if (isObject(node))
      for (const [k, child] of Object.entries(node)) {
        const shape = secretShapeIn(k);
        if (shape !== undefined) out.push({ segments: [...segments, k], shape });
        if (typeof child === 'number' && secretFieldNames.includes(k)) out.push({ segments: [...segments, k] });
        else stack.push({ node: child, segments: [...segments, k] });
      }
  }
  return out;
}

async function valueFindings(doc: JsonObject, model: PackModel, options: LintOptions, budget: Budget): Promise<void> {
  const out = { push: (...fs: Finding[]) => fs.forEach((f) => budget.add(f)) };
  const leaves = stringLeaves(doc);
  // A quality-scorer `regex` assertion keeps its pattern under `value`, a key that is not a pattern elsewhere.
  const regexLeaves = [
    ...leaves.filter((l) => l.inRegexField),
    ...assertionPatterns(doc, model).map((p): StringLeaf => ({ ...p, key: 'value', inRegexField: true })),
  ];
  // A pattern outside the subset JavaScript and RE2 read alike (portable-regex.ts) is compiled by the
  // engine's own compiler, so lint accepts exactly what evaluation can run; re2js loads only then (~30 ms
  // of start-up). Inside the subset, JavaScript's parser gives RE2's answer.
  if (regexLeaves.length > 0) {
    const engine: CompileRegex | undefined = regexLeaves.some((l) => !isPortableRegex(l.value))
      ? (await import('../core/detectors/linear-regex.js')).compileLinearRegex
      : undefined;
    const compile: CompileRegex = (source, opts) =>
      engine !== undefined && !isPortableRegex(source) ? engine(source, opts) : portableCompile(source);
    for (const [index, leaf] of regexLeaves.entries()) {
      if (budget.full) {
        // Regex problems are errors; past the cap, count invalid patterns without analysing them further.
        budget.skipErrors(
          regexLeaves.slice(index).filter((l) => !compile(l.value, { caseInsensitive: caseInsensitiveField(l) }).ok)
            .length,
        );
        break;
      }
      out.push(...regexFindings(leaf, compile));
    }
  }

  for (const use of nameUses(doc, model)) {
    const problem = nameProblem(use);
    if (problem !== undefined)
      out.push(
        err(
          'E004',
          problem.segments,
          `${dottedPath(doc, problem.segments)}: ${problem.message}`,
          problem.hint,
          problem.at ?? 'value',
        ),
      );
  }

  for (const q of qualityProblems(doc, model))
    out.push((q.code === 'W012' ? warn : err)(q.code, q.segments, q.message, q.hint, q.at ?? 'value'));

  for (const u of [
    ...unevaluatedChainKinds(doc, model),
    ...unenforcedSettings(doc, model),
    ...legacyIgnoredSettings(doc, model),
  ])
    out.push(warn('W013', u.segments, u.message, u.hint, u.at ?? 'key'));

  for (const p of rateLimitProblems(doc, model)) out.push(warn('W014', p.segments, p.message, p.hint, 'key'));

  for (const p of legacyItemProblems(model)) out.push(err('E004', p.segments, p.message, p.hint));
  for (const p of suiteProblems(doc, model)) out.push(err('E004', p.segments, p.message, p.hint));

  const includes = legacyIncludesProblem(doc, model);
  if (includes !== undefined) out.push(err('E004', includes.segments, includes.message, includes.hint, 'key'));

  // A mock target's key reference is W009 (ignored), not W002 (the variable must be set).
  const ignoredRefs = ignoredKeyRefs(doc);
  const ignoredAt = new Set(ignoredRefs.map((r) => r.segments.join('/')));
  for (const ref of ignoredRefs) {
    out.push(
      warn(
        'W009',
        ref.segments,
        `Provider target '${ref.target}' is provider: mock, which never uses a key: its secret_key_ref${ref.names.length > 0 ? ` (${ref.names.join(', ')})` : ''} is ignored`,
        'Remove secret_key_ref from the mock target, or set the real provider (e.g. provider: openai) when the key should be used',
        'key',
      ),
    );
  }

  for (const leaf of leaves) {
    if (secretFieldNames.includes(leaf.key)) {
      if (leaf.value.trim() !== '' && !isEnvReference(leaf.value)) {
        out.push(
          err(
            'E010',
            leaf.segments,
            `Literal secret in '${leaf.key}'`,
            'Keep secrets out of packs: use secret_key_ref: {env: NAME} or {store: NAME} (kt config-vars set NAME)',
          ),
        );
      }
      continue;
    }
    if (leaf.inRegexField) continue;
    const shape = secretShapeIn(leaf.value);
    if (shape !== undefined) {
      out.push(
        err(
          'E010',
          leaf.segments,
          `Literal secret: the value looks like ${shape}`,
          'Remove it from the pack, rotate it, and reference it with secret_key_ref: {env: NAME} or {store: NAME}',
        ),
      );
    }
    // external-moderation spells secret_key_ref as a bare environment variable name.
    // A key pasted where the variable name belongs is E010 above; do not repeat it as a variable name.
    if (
      shape === undefined &&
      (leaf.key === 'secret_key_ref' ||
        (leaf.key === 'env' && leaf.segments[leaf.segments.length - 2] === 'secret_key_ref')) &&
      !ignoredAt.has(leaf.segments.slice(0, -1).join('/'))
    ) {
      const name = leaf.value;
      if (options.env[name] === undefined || options.env[name] === '') {
        out.push(
          warn(
            'W002',
            leaf.segments,
            `Environment variable ${name} (secret_key_ref.env) is not set`,
            `Set ${name} where the gateway runs, or use secret_key_ref: {store: NAME}`,
          ),
        );
      }
    }
  }

  for (const { segments, shape } of secretsBesideStrings(doc))
    out.push(
      shape === undefined
        ? err(
            'E010',
            segments,
            `Literal secret in '${segments[segments.length - 1]}' (a number)`,
            'Keep secrets out of packs: use secret_key_ref: {env: NAME} or {store: NAME} (kt config-vars set NAME)',
          )
        : err(
            'E010',
            segments,
            `Literal secret: a key name looks like ${shape}`,
            'Remove it from the pack, rotate it, and reference it with secret_key_ref: {env: NAME} or {store: NAME}',
            'key',
          ),
    );

  const targets = isObject(doc.providers) && Array.isArray(doc.providers.targets) ? doc.providers.targets : [];
  const ids = new Map<string, number>();
  targets.forEach((target, index) => {
    if (!isObject(target) || typeof target.id !== 'string') return;
    const first = ids.get(target.id);
    if (first === undefined) ids.set(target.id, index);
    else
      out.push(
        err(
          'E006',
          ['providers', 'targets', String(index), 'id'],
          `duplicate target id "${target.id}" (first at providers.targets[${first}])`,
          'Target ids must be unique; rename one',
        ),
      );
  });

  out.push(...gatewayFindings(doc));
}
