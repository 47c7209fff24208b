export interface KtErrorDetails {
  hint?: string;
  file?: string;
  line?: number;
  column?: number;
  /** Structured extras for JSON error output (never secret values). */
  data?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The error every layer outside the core throws (io, schema, api, config, runtime, cli). `code` is a
 * stable `area.problem` string; the CLI boundary (src/cli/main.ts) maps its area to an exit status
 * (src/cli/exit-codes.ts) and renders one line, or JSON, from it. The core returns data instead.
 */
export class KtError extends Error {
  readonly code: string;
  readonly details: KtErrorDetails;

  constructor(code: string, message: string, details: KtErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'KtError';
    this.code = code;
    this.details = details;
  }

  /** `file:line:col: message` when a location is known. */
  get located(): string {
    const { file, line, column } = this.details;
    if (file === undefined) return this.message;
    const at = line === undefined ? file : `${file}:${line}${column === undefined ? '' : `:${column}`}`;
    return `${at}: ${this.message}`;
  }
}

export const isKtError = (e: unknown): e is KtError => e instanceof KtError;

/**
 * A hint that adds to an error's own: `first`, then that hint after a semicolon, not in parentheses, as
 * hints hold parentheses of their own (they nested: "... resume (is the gateway running? ... (mTLS) ...)").
 */
export function joinHints(first: string, hint: string | undefined): string {
  return hint ? `${first}; ${hint}` : first;
}
