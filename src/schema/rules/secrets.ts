/**
 * Literal secrets in a pack (E010). Secrets belong in the environment or the config-variable store
 * (`secret_key_ref: {env}` / `{store}`); a key written into a pack ends up in git, events and backups.
 * Detection is by field name (`api_key`, `password`, ...) and by the shape of well-known provider keys.
 * Callers never echo the value: messages name the kind of secret only, and `maskSecrets` hides them in
 * source excerpts.
 */

const secretShapes: ReadonlyArray<{ name: string; re: RegExp }> = [
  { name: 'an Anthropic API key', re: /\bsk-ant-[A-Za-z0-9_-]{20,}/ },
  { name: 'an OpenAI API key', re: /\bsk-(?:proj-|svcacct-|admin-|live-)?[A-Za-z0-9_-]{20,}/ },
  { name: 'an AWS access key id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/ },
  { name: 'a GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { name: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { name: 'a Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'a Stripe secret key', re: /\b(?:sk|rk)_live_[0-9A-Za-z]{20,}/ },
  { name: 'a kt gateway or access key', re: /\bkt_(?:gk|ak)_[A-Za-z0-9_]{16,}/ },
  { name: 'a private key', re: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
  // user:password@ in a URL (a base_url, a connection string); a ${ENV} password is a reference. The HTTP
  // client does not send URL credentials either: they would sit in the pack and do nothing.
  { name: 'a password in a URL', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:(?!\$\{[A-Za-z_][A-Za-z0-9_]*\}@)[^\s/@]+@/i },
];

/** Field names whose string value is a credential wherever they appear. */
export const secretFieldNames: readonly string[] = [
  'api_key',
  'apikey',
  'password',
  'client_secret',
  'access_token',
  'auth_token',
  'secret_key',
];

/** An environment reference such as `${EMBEDDING_API_KEY}` is not a literal secret. */
export const isEnvReference = (value: string): boolean => /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(value.trim());

/** Names the kind of provider key the text contains, or undefined. */
export function secretShapeIn(text: string): string | undefined {
  if (text.length > 100_000) return undefined;
  for (const shape of secretShapes) if (shape.re.test(text)) return shape.name;
  return undefined;
}

const globalShapes = secretShapes.map((s) => new RegExp(s.re.source, 'g'));
const secretField = new RegExp(
  `(\\b(?:${secretFieldNames.join('|')})\\s*:\\s*)(["']?)([^"'#\\s][^"'#]*?)(\\2)(\\s*(?:#.*)?)$`,
);

/** Where in a text something shaped like a provider key is: [start, end) offsets. */
export function secretShapeSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  if (text.length > 100_000) return [[0, text.length]];
  for (const re of globalShapes) for (const m of text.matchAll(re)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** Replaces anything shaped like a provider key with asterisks. */
export function maskSecretShapes(text: string): string {
  let out = text;
  for (const re of globalShapes) out = out.replace(re, (m) => '*'.repeat(Math.min(m.length, 12)));
  return out;
}

/**
 * Replaces anything shaped like a provider key, and the value of secret-named fields, with asterisks.
 * Line-based: a secret field is only recognised as `key: value` running to the end of the line, and the
 * rest of such a line is masked. Source excerpts use ParsedDocument.excerptText instead, masked on the
 * syntax tree.
 */
export function maskSecrets(line: string): string {
  return maskSecretShapes(line).replace(
    secretField,
    (_m, pre: string, q: string, value: string, q2: string, rest: string) =>
      isEnvReference(value) ? `${pre}${q}${value}${q2}${rest}` : `${pre}${q}${'*'.repeat(8)}${q2}${rest}`,
  );
}

/**
 * The literal values of secret-named fields in a parsed document (what E010 reports by field name):
 * strings that are not `${ENV}` references, and numbers (a numeric key or PIN is a secret too).
 * Iterative: no document can exhaust the stack.
 */
export function secretFieldValues(doc: unknown): string[] {
  const out = new Set<string>();
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, value] of Object.entries(node)) {
      if (secretFieldNames.includes(key)) {
        if (typeof value === 'string' && value.trim() !== '' && !isEnvReference(value)) out.add(value);
        else if (typeof value === 'number' || typeof value === 'bigint') out.add(String(value));
      }
      stack.push(value);
    }
  }
  return [...out];
}

/**
 * A masker for messages about a document whose secret-field values are known: each of `values` masked
 * where it stands as a whole (not inside a longer word), longest first, and key shapes masked. Compiled
 * once per document, used for every message. The line-based maskSecrets would take a message such as
 * "providers.targets[0].api_key: must be string" for a `key: value` line and hide what is wrong.
 */
export function secretValueMasker(values: readonly string[]): (text: string) => string {
  if (values.length === 0) return maskSecretShapes;
  const alternatives = [...values]
    .sort((a, b) => b.length - a.length)
    .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const whole = new RegExp(`(?<![A-Za-z0-9_])(?:${alternatives.join('|')})(?![A-Za-z0-9_])`, 'g');
  return (text) => maskSecretShapes(text.replace(whole, '*'.repeat(8)));
}
