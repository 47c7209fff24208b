/**
 * Bytes -> text for data files (payloads of `kt policy eval`, golden test files of `kt policy test`),
 * chosen by byte-order mark:
 *   - EF BB BF: UTF-8, the mark is dropped;   - FF FE / FE FF: UTF-16 LE / BE, the mark is dropped
 *     (editors and PowerShell on Windows write these);   - no mark: UTF-8.
 * Invalid UTF-8 and unpaired UTF-16 surrogates are errors (`input.encoding`) at their line:column with
 * the byte offset, never silently replaced by U+FFFD. A file that starts with a NUL in its first two
 * bytes is UTF-16 without a mark (no JSON text starts so): refused with what to do, as guessing the byte
 * order is how text gets garbled. Packs keep their own stricter rule (UTF-8 only, src/schema/parse.ts).
 *
 * One decoder works chunk by chunk (a stream of 100k NDJSON lines decodes in flat memory, in linear
 * time) or on a whole buffer (`decodeDataText`).
 */
import { KtError, type KtErrorDetails } from '../errors.js';
import { firstInvalidUtf8 } from '../schema/parse.js';

export type DataEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE';

/**
 * Bytes that are not text in the input's encoding (`input.encoding`). `before` is the text of the same
 * push() up to them: a stream reader hands on the complete lines before the error (their NDJSON payloads
 * are evaluated), as it does before a line that is not JSON.
 */
export class UndecodableText extends KtError {
  constructor(
    message: string,
    details: KtErrorDetails,
    readonly before: string,
  ) {
    super('input.encoding', message, details);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** A UTF-16 surrogate without its other half: no character at all (UTF-8 cannot encode it). */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export class DataTextDecoder {
  /** Undefined until the first bytes (or the end) decide it. */
  encoding: DataEncoding | undefined;
  /** Bytes held back: an incomplete character at the end of the last chunk (or < 3 bytes before sniffing). */
  private pending: Buffer = Buffer.alloc(0);
  /** File offset of the first pending byte. */
  private offset = 0;
  /** Line and column (UTF-16 code units since the last newline) of the next character, for errors. */
  private line = 1;
  private column = 0;

  constructor(private readonly file: string) {}

  /** Decodes one chunk; returns the text complete so far (possibly ''). */
  push(chunk: Uint8Array): string {
    let bytes =
      this.pending.length === 0
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)
        : Buffer.concat([this.pending, chunk]);
    if (this.encoding === undefined) {
      if (bytes.length < 3) {
        this.pending = Buffer.from(bytes);
        return '';
      }
      bytes = this.sniff(bytes);
    }
    return this.encoding === 'UTF-8' ? this.utf8(bytes, false) : this.utf16(bytes, false);
  }

  /** Decodes what is left at the end of the input; throws for a character cut off by the end. */
  end(): string {
    let bytes = this.pending;
    if (this.encoding === undefined) bytes = this.sniff(bytes);
    return this.encoding === 'UTF-8' ? this.utf8(bytes, true) : this.utf16(bytes, true);
  }

  private sniff(bytes: Buffer): Buffer {
    const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
    let mark = 0;
    if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) [this.encoding, mark] = ['UTF-8', 3];
    else if (b0 === 0xff && b1 === 0xfe) [this.encoding, mark] = ['UTF-16LE', 2];
    else if (b0 === 0xfe && b1 === 0xff) [this.encoding, mark] = ['UTF-16BE', 2];
    else if (b0 !== undefined && b1 !== undefined && (b0 === 0) !== (b1 === 0))
      throw new KtError(
        'input.encoding',
        'file looks like UTF-16 without a byte-order mark; save it as UTF-8, or as UTF-16 with a BOM',
        {
          file: this.file,
          line: 1,
          column: 1,
        },
      );
    else this.encoding = 'UTF-8';
    this.offset += mark;
    return bytes.subarray(mark);
  }

  private utf8(bytes: Buffer, final: boolean): string {
    const cut = final ? bytes.length : completeUtf8Length(bytes);
    const slice = bytes.subarray(0, cut);
    let text: string;
    try {
      text = utf8.decode(slice);
    } catch {
      const bad = Math.min(firstInvalidUtf8(slice), slice.length);
      const before = utf8.decode(slice.subarray(0, bad));
      this.advance(before);
      throw this.invalid(`invalid UTF-8 at byte offset ${this.offset + bad}`, before);
    }
    this.pending = Buffer.from(bytes.subarray(cut));
    this.offset += cut;
    this.advance(text);
    return text;
  }

  private utf16(bytes: Buffer, final: boolean): string {
    const even = bytes.length & ~1;
    if (final && even !== bytes.length) {
      const before = decodeUtf16(bytes.subarray(0, even), this.encoding === 'UTF-16BE');
      this.advance(before);
      throw this.invalid(
        `odd number of bytes in ${this.encoding} text (a byte is missing at offset ${this.offset + even})`,
        before,
      );
    }
    let text = decodeUtf16(bytes.subarray(0, even), this.encoding === 'UTF-16BE');
    let used = even;
    // A high surrogate at the end of a chunk waits for its pair in the next one.
    const last = text.charCodeAt(text.length - 1);
    if (!final && last >= 0xd800 && last <= 0xdbff) {
      text = text.slice(0, -1);
      used -= 2;
    }
    const bad = LONE_SURROGATE.exec(text);
    if (bad !== null) {
      const before = text.slice(0, bad.index);
      this.advance(before);
      throw this.invalid(
        `invalid ${this.encoding} (unpaired surrogate) at byte offset ${this.offset + 2 * bad.index}`,
        before,
      );
    }
    this.pending = Buffer.from(bytes.subarray(used));
    this.offset += used;
    this.advance(text);
    return text;
  }

  private advance(text: string): void {
    let nl = text.indexOf('\n');
    if (nl === -1) {
      this.column += text.length;
      return;
    }
    let last = nl;
    while (nl !== -1) {
      this.line++;
      last = nl;
      nl = text.indexOf('\n', nl + 1);
    }
    this.column = text.length - last - 1;
  }

  private invalid(message: string, before: string): UndecodableText {
    return new UndecodableText(message, { file: this.file, line: this.line, column: this.column + 1 }, before);
  }
}

/** Length of the prefix that ends on a character boundary (an incomplete last sequence waits). */
function completeUtf8Length(bytes: Uint8Array): number {
  const len = bytes.length;
  for (let i = len - 1; i >= 0 && i >= len - 4; i--) {
    const b = bytes[i]!;
    if (b < 0x80) return len;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return i + need > len ? i : len;
    }
  }
  return len; // only continuation bytes: invalid, which the decoder reports
}

function decodeUtf16(bytes: Buffer, bigEndian: boolean): string {
  if (!bigEndian) return bytes.toString('utf16le');
  const swapped = Buffer.from(bytes);
  return swapped.swap16().toString('utf16le');
}

/** Decodes a whole file's bytes (see the file comment). */
export function decodeDataText(bytes: Uint8Array, file: string): string {
  const decoder = new DataTextDecoder(file);
  return decoder.push(bytes) + decoder.end();
}
