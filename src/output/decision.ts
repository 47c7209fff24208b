/**
 * Renders Decisions of `kt policy eval`: text (verdict line, a table of steps, findings with locations
 * and masked previews, the request before/after redaction), json, ndjson.
 */
import type { Decision, Payload, StepResult } from '../core/index.js';
import { extractTexts } from '../core/index.js';
import { stripControls } from '../io/terminal-text.js';
import { tableLines } from './plain-table.js';

export interface TextStyle {
  color: boolean;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
const verdictColor: Record<string, string> = {
  allow: '32',
  redact: '33',
  escalate: '35',
  block: '31',
  skipped: '2',
  error: '31',
};

export function formatDuration(us: number): string {
  if (us < 1000) return `${us}µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(1)}ms`;
  return `${(us / 1_000_000).toFixed(2)}s`;
}

const MAX_FINDINGS_SHOWN = 100;
const clip = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/**
 * Payload text (the redacted request, previews, JSON pointers built from its keys) on one line: a line
 * break shows as ⏎, any other control character as a space - an ESC sequence or a CR in a prompt must not
 * recolour the terminal or overwrite the report's own words.
 */
const oneLine = (s: string) => stripControls(s.replace(/\r?\n/g, '⏎'));

const STEP_HEAD = ['POLICY', 'PHASE', 'VERDICT', 'REASON', 'SCORE', 'TIME'];

function stepTable(steps: readonly StepResult[], style: TextStyle): string {
  const rows = steps.map((s) => [
    s.policy === s.kind ? s.policy : `${s.policy} (${s.kind})`,
    s.phase,
    { text: s.verdict, color: style.color ? (verdictColor[s.verdict] ?? '0') : undefined },
    s.reason_code ?? '',
    s.score === undefined ? '' : String(s.score),
    formatDuration(s.duration_us),
  ]);
  return tableLines(STEP_HEAD, rows)
    .map((line) => `  ${line}`)
    .join('\n');
}

/** Texts whose content changed between the original payload and the decision's request/response. */
function changes(original: Payload, decision: Decision): Array<{ path: string; after: string }> {
  const out: Array<{ path: string; after: string }> = [];
  const after = new Map<string, string>();
  for (const s of extractTexts(decision.request, 'request')) after.set(s.path, s.text);
  if (decision.response !== undefined)
    for (const s of extractTexts({ upstream_response: decision.response }, 'response')) after.set(s.path, s.text);
  for (const scope of ['request', 'response'] as const) {
    for (const s of extractTexts(original, scope)) {
      const a = after.get(s.path);
      if (a !== undefined && a !== s.text) out.push({ path: s.path, after: a });
    }
  }
  return out;
}

/** Human-readable report of one decision. `label` names the payload (e.g. `line 3`) when there are several. */
export function renderDecisionText(decision: Decision, original: Payload, style: TextStyle, label?: string): string {
  const lines: string[] = [];
  const head = paint(style.color, verdictColor[decision.verdict] ?? '0', decision.verdict.toUpperCase());
  const http =
    decision.http.error === undefined
      ? `${decision.http.status}`
      : `${decision.http.status} ${decision.http.error.code}`;
  lines.push(
    `${label === undefined ? '' : `${label}: `}${head}  ${decision.reason_code}${decision.blocked_by === null ? '' : `  (blocked by ${decision.blocked_by})`}  gateway would answer ${http}`,
  );
  if (decision.steps.length > 0) {
    lines.push('', 'Steps:', stepTable(decision.steps, style));
  } else if (decision.http.error !== undefined) {
    lines.push(`  ${decision.http.error.message}`);
  }
  const reasons = decision.steps.filter(
    (s) => (s.verdict === 'block' || s.verdict === 'escalate' || s.verdict === 'redact') && s.message !== undefined,
  );
  if (reasons.length > 0) {
    lines.push('', 'Why:');
    for (const s of reasons) lines.push(`  ${s.policy}: ${oneLine(s.message!)}`);
  }
  // Allowed with a reason and findings: a detection the pack only notes (citation-verifier's default
  // `unverified_action: flag`, an action `log`) or a check that could not run (quality-scorer
  // `not_evaluated`). The step table shows the reason only; the message says what it was.
  const flagged = decision.steps.filter(
    (s) => s.verdict === 'allow' && s.reason_code !== null && s.findings.length > 0 && s.message !== undefined,
  );
  if (flagged.length > 0) {
    lines.push('', 'Noted (allowed):');
    for (const s of flagged) lines.push(`  ${s.policy}: ${oneLine(s.message!)}`);
  }
  const findings = decision.steps.flatMap((s) => s.findings.map((f) => ({ s, f })));
  if (findings.length > 0) {
    lines.push('', 'Findings:');
    // A huge document can produce thousands of findings; the JSON output has them all.
    const shown = findings.slice(0, MAX_FINDINGS_SHOWN);
    for (const { s, f } of shown) {
      const where = oneLine(f.end > f.start ? `${f.path || '/'} [${f.start}..${f.end}]` : f.path || '/');
      const extras = [
        f.preview === undefined ? '' : `"${oneLine(f.preview)}"`,
        f.score === undefined ? '' : `score ${f.score}`,
        f.action === undefined ? '' : `-> ${f.action}`,
      ]
        .filter(Boolean)
        .join('  ');
      lines.push(`  ${s.policy}  ${f.type}  ${where}${extras === '' ? '' : `  ${extras}`}  (${f.detector})`);
    }
    if (findings.length > shown.length)
      lines.push(`  ... and ${findings.length - shown.length} more (use --json for all)`);
  }
  const messages = decision.steps.filter((s) => s.error !== undefined);
  for (const s of messages) lines.push(`  error in ${s.policy}: ${oneLine(s.error!)}`);
  // Only the text after redaction: the text before it holds the very values that were redacted or that
  // blocked (credentials among them), and this report ends up in CI logs. The findings above say what was
  // found where, with masked previews.
  const changed = changes(original, decision);
  if (changed.length > 0) {
    lines.push('', 'Redacted (the text later steps and the provider see):');
    for (const c of changed) lines.push(`  ${oneLine(c.path)}: ${clip(oneLine(c.after))}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One Decision per line. */
export const renderDecisionNdjson = (decision: Decision): string => `${JSON.stringify(decision)}\n`;
