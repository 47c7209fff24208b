/**
 * Why a document could not be read at all (as opposed to lint findings, which are Diagnostics).
 * `code` is an `input.*` code; src/io turns this into a KtError (exit status 3).
 */
export class ParseFailure extends Error {
  readonly code: string;
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: string, message: string, where: { file: string; line?: number; column?: number }) {
    super(message);
    this.name = 'ParseFailure';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }
}

export const isParseFailure = (e: unknown): e is ParseFailure => e instanceof ParseFailure;
