/**
 * The borderless tables of the text renderers (the steps of `kt policy eval`, `kt events list`, the
 * config-variable and gateway-key lists): columns separated by two spaces, like kubectl or docker ps.
 *
 * Decision: kt formats these itself rather than through cli-table3. Their shape is simple (one line per
 * row, no borders, no wrapping), and cli-table3 cost about 1.4 ms per small table: `kt policy eval
 * --format text` prints one per payload, so a file of 100k payloads took minutes where the NDJSON output
 * takes seconds. The look is the one cli-table3 gave: each cell padded to its column's width on screen
 * plus two spaces, the ends of lines trimmed, a cell longer than a fixed width cut with `…`.
 */
import { stripControls } from '../io/terminal-text.js';

/** A cell: its text, or its text and the SGR colour (`31`: red) it is painted in on a colour terminal. */
export type Cell = string | { text: string; color: string | undefined };

// The code points a terminal draws two columns wide (East Asian Wide and Fullwidth): Hangul jamo, CJK
// radicals to Yi, Hangul syllables, compatibility ideographs, vertical and small forms, fullwidth forms,
// kana supplements, enclosed ideographs, the CJK extension planes. Pairs of [first, last].
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3041, 0x3247],
  [0x3250, 0x4dbf],
  [0x4e00, 0xa4c6],
  [0xa960, 0xa97c],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6b],
  [0xff01, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x18cff],
  [0x1aff0, 0x1b2ff],
  [0x1f200, 0x1f251],
  [0x20000, 0x3fffd],
];

function isWide(cp: number): boolean {
  if (cp < 0x1100) return false;
  for (const [first, last] of WIDE) {
    if (cp < first) return false;
    if (cp <= last) return true;
  }
  return false;
}

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;
// Text whose every UTF-16 unit takes one column: printable ASCII, Latin-1 (`µs` in a duration) and the
// Latin extensions, IPA and spacing modifiers, without the soft hyphen. The common case, measured by length.
const NARROW = /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u02ff\u2026]*$/;
// A character drawn as an emoji, two columns: one presented as emoji by default, a flag (two regional
// indicators), a keycap (`1️⃣`), or a text symbol turned emoji by the selector U+FE0F.
const EMOJI = /\p{Emoji_Presentation}|\p{Regional_Indicator}|\p{Extended_Pictographic}\ufe0f|\u20e3/u;
// Zero columns: non-spacing and enclosing marks, format characters (zero-width joiner and space, bidi
// marks), controls, and the vowels and finals of conjoining Hangul jamo (drawn within the leading jamo).
const ZERO = /[\p{Mn}\p{Me}\p{Cf}\p{Cc}\u1160-\u11ff\ud7b0-\ud7ff]/u;
let graphemes: Intl.Segmenter | undefined;

/**
 * The number of terminal columns `text` takes: SGR colour codes take none, a CJK or fullwidth character
 * two, an emoji (a ZWJ sequence, a flag, a skin tone included) two, a combining mark or zero-width
 * character none (string-width's rules, with marks beyond the Latin combining block). Plain ASCII and
 * Latin text, the common case, is its length.
 */
export function displayWidth(text: string): number {
  const plain = text.includes('\u001b') ? text.replace(SGR, '') : text;
  if (NARROW.test(plain)) return plain.length;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let width = 0;
  for (const { segment } of graphemes.segment(plain)) width += clusterWidth(segment);
  return width;
}

/**
 * The width of one grapheme cluster: two for an emoji, else the sum of its characters' widths, as a
 * terminal's wcwidth counts them (a Devanagari conjunct is as wide as its consonants).
 */
function clusterWidth(cluster: string): number {
  if (cluster.length === 1) {
    const cp = cluster.charCodeAt(0);
    if (cp >= 0x20 && cp < 0x7f) return 1;
  }
  if (EMOJI.test(cluster)) return 2;
  let width = 0;
  for (const ch of cluster) {
    if (!ZERO.test(ch)) width += isWide(ch.codePointAt(0)!) ? 2 : 1;
  }
  return width;
}

/**
 * `text` cut to at most `width` columns: when it is wider, its first characters up to `width` - 1 columns
 * and `…` (a wide character that does not fit whole is left out, so the result may be a column short).
 */
export function fitWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (NARROW.test(text)) return `${text.slice(0, Math.max(0, width - 1))}…`;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = clusterWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/**
 * The lines of a borderless table: the titles `head` (none: rows only), then one line per row. Each cell
 * is made one line (stripControls: a name from a server or a pack cannot move the cursor or start a line)
 * and padded to its column's width on screen plus two spaces, so columns stay aligned whatever the text
 * is written in; the ends of lines are trimmed. `widths` fixes the columns' widths (without the two
 * spaces): a wider cell is cut with `…`. Without it, each column is as wide as its widest cell.
 */
export function tableLines(
  head: readonly string[],
  rows: readonly (readonly Cell[])[],
  widths?: readonly number[],
): string[] {
  const cells = (head.length > 0 ? [head, ...rows] : rows).map((row) =>
    row.map((cell) =>
      typeof cell === 'string'
        ? { text: stripControls(cell), color: undefined }
        : { text: stripControls(cell.text), color: cell.color },
    ),
  );
  const cols = widths ?? columnWidths(cells.map((row) => row.map((c) => c.text)));
  return cells.map((row) => {
    let line = '';
    row.forEach(({ text, color }, i) => {
      const fitted = widths === undefined ? text : fitWidth(text, cols[i]!);
      const shown = color === undefined ? fitted : `\u001b[${color}m${fitted}\u001b[0m`;
      line += shown + ' '.repeat(Math.max(0, cols[i]! - displayWidth(fitted)) + 2);
    });
    return line.trimEnd();
  });
}

/** The width on screen of each column of `rows` (control characters already made spaces): its widest cell's. */
export function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((text, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(text));
    });
  return widths;
}

/** A whole borderless table as text: `rows` under the titles `head`. */
export function renderPlainTable(head: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `${tableLines(head, rows).join('\n')}\n`;
}

/**
 * What a list command's table prints when there is no row: `no <things>`, lower case as kt's other
 * messages, and what makes one when a command can (`no gateway keys (create one with ...)`). One wording
 * for `kt events list`, `kt config-vars list` and `kt gateway keys list`.
 */
export const emptyList = (things: string, howToAdd?: string): string =>
  `no ${things}${howToAdd === undefined ? '' : ` (${howToAdd})`}\n`;
