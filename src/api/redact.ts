/**
 * Scrubs secrets from text that may reach stderr (debug traces, error messages): the known secrets of
 * this run (token, config-variable values) and anything shaped like a kt token or bearer credential.
 */
// A bearer value stops at a bracket as well as at space and quotes: a message that writes the header in
// parentheses, `(Authorization: Bearer <token>)`, keeps its placeholder and its closing parenthesis (the
// scrub took `<token>)` and printed `(Authorization: Bearer [REDACTED] (request ...`). Brackets are not
// token characters (RFC 6750 b64token), and the run's own token is scrubbed as a known secret anyway.
const tokenShapes = /\b(kt_admin_|kt_gk_)[A-Za-z0-9_-]+|\b(Bearer\s+)[^\s"',;()<>[\]{}]+|\bsk-[A-Za-z0-9_-]{8,}/g;

/** Returns `text` with every secret in `secrets` and every token-shaped string replaced by `[REDACTED]`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would shred ordinary words; they are never echoed in the first place.
    if (secret.length >= 4) out = out.split(secret).join('[REDACTED]');
  }
  return out.replace(
    tokenShapes,
    (_m, prefix: string | undefined, bearer: string | undefined) => `${prefix ?? bearer ?? ''}[REDACTED]`,
  );
}

// Server text is cleaned of control characters before it reaches a terminal (one definition for every layer).
export { stripControls } from '../io/terminal-text.js';
