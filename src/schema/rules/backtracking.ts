/**
 * Static check for regexes that a backtracking engine can take exponential (or high polynomial) time
 * on. kt itself runs user regexes with re2js (linear time), but packs are also read by other engines
 * and people copy patterns around, so lint rejects them (E008).
 *
 * The regex is parsed into a small tree and three shapes are flagged:
 * - nested quantifiers whose iterations can split the same text in several ways, e.g. `(a+)+`,
 *   `(\w+\s?)*`: an inner variable repeat, followed inside the outer body only by optional parts,
 *   whose characters overlap what starts the outer body;
 * - a repeated alternation whose branches overlap, e.g. `(a|a)*`, `(\w|\d)+`;
 * - adjacent unbounded repeats over overlapping characters with only optional parts between them,
 *   e.g. `\d+\d+`, `.*\s*.*` (polynomial blow-up).
 * Character sets are compared on a sample of code points (ASCII plus a few others), which is enough
 * for the overlap question. The parser is iterative over the pattern; nesting is capped by the caller.
 */

type CharTest = (cp: number) => boolean;

/** A character set as membership of each sample code point (see `samples`). */
type CharSet = Uint8Array;

export type Regex =
  | { t: 'char'; set: CharSet }
  | { t: 'seq'; items: Regex[] }
  | { t: 'alt'; items: Regex[] }
  | { t: 'rep'; body: Regex; min: number; max: number }
  | { t: 'empty' };

const baseSamples: number[] = (() => {
  const out: number[] = [];
  for (let c = 0; c < 128; c++) out.push(c);
  out.push(0xa0, 0xe9, 0x3b1, 0x416, 0x4e2d, 0x1f600);
  return out;
})();

/**
 * The code points sets are compared on: ASCII, a few others, plus every non-ASCII character the
 * pattern being analysed names (so `(ü+)+` is seen). Set per analysis by `useSamplesFor`; analysis is
 * synchronous, so one module-level table is safe.
 */
let samples: number[] = baseSamples;
let sampleIndex = new Map<number, number>();
let anyButNewline: Uint8Array = new Uint8Array(0);

function useSamplesFor(pattern: string): void {
  const extra = new Set<number>();
  for (const ch of pattern) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 128 && extra.size < 256) extra.add(cp);
  }
  samples = [...baseSamples, ...[...extra].filter((c) => !baseSamples.includes(c))];
  sampleIndex = new Map(samples.map((c, i) => [c, i]));
  anyButNewline = toSet((c) => c !== 10);
  singletons = new Map();
  classSets = new Map();
}

// Sets are never changed once made, so one per code point and per class text serves a whole pattern: a
// pattern of a million characters made a million of them (~130 MB for the collector).
let singletons = new Map<number, CharSet>();
let classSets = new Map<string, CharSet>();

// A loop, not Uint8Array.from(samples, f): that goes through the iterator protocol, ~10x slower, and a
// pattern of 100,000 classes makes 13 million of these tests.
const toSet = (test: CharTest): CharSet => {
  const set = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) if (test(samples[i]!)) set[i] = 1;
  return set;
};

/** The set of one code point (every literal of the pattern is a sample; see useSamplesFor). */
const singleton = (cp: number): CharSet => {
  let set = singletons.get(cp);
  if (set !== undefined) return set;
  set = new Uint8Array(samples.length);
  const i = sampleIndex.get(cp);
  if (i !== undefined) set[i] = 1;
  singletons.set(cp, set);
  return set;
};

const overlaps = (a: CharSet, b: CharSet): boolean => {
  for (let i = 0; i < a.length; i++) if (a[i]! & b[i]!) return true;
  return false;
};
const noneOf = (): CharSet => new Uint8Array(samples.length);
const union = (a: CharSet, b: CharSet): CharSet => {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! | b[i]!;
  return out;
};

const isWord = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0;

const classEscapes: Record<string, CharTest> = {
  d: isDigit,
  D: (c) => !isDigit(c),
  w: isWord,
  W: (c) => !isWord(c),
  s: isSpace,
  S: (c) => !isSpace(c),
};

const escapeChar: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, a: 7, e: 27, '0': 0 };

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Regex {
    const r = this.alt();
    return r;
  }

  private peek(): string | undefined {
    return this.src[this.i];
  }

  private alt(): Regex {
    const items: Regex[] = [this.seq()];
    while (this.peek() === '|') {
      this.i++;
      items.push(this.seq());
    }
    return items.length === 1 ? items[0]! : { t: 'alt', items };
  }

  private seq(): Regex {
    const items: Regex[] = [];
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      let atom = this.atom();
      for (;;) {
        const q = this.quantifier();
        if (q === undefined) break;
        atom = { t: 'rep', body: atom, min: q[0], max: q[1] };
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0]! : { t: 'seq', items };
  }

  private quantifier(): [number, number] | undefined {
    const ch = this.peek();
    let q: [number, number] | undefined;
    if (ch === '*') q = [0, Infinity];
    else if (ch === '+') q = [1, Infinity];
    else if (ch === '?') q = [0, 1];
    else if (ch === '{') {
      const m = /^\{(\d*)(,?)(\d*)\}/.exec(this.src.slice(this.i));
      if (m === null || (m[1] === '' && m[3] === '')) return undefined;
      const min = m[1] === '' ? 0 : Number(m[1]);
      const max = m[2] === '' ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length;
      if (this.peek() === '?' || this.peek() === '+') this.i++;
      return [min, max];
    } else return undefined;
    this.i++;
    // Lazy and possessive markers do not change what can match.
    if (this.peek() === '?' || this.peek() === '+') this.i++;
    return q;
  }

  private atom(): Regex {
    const ch = this.src[this.i++]!;
    if (ch === '(') {
      if (this.src[this.i] === '?') {
        // (?:...), (?i), (?i:...), (?P<name>...), (?<name>...), lookarounds (?= (?! (?<= (?<!
        const rest = this.src.slice(this.i);
        const m = /^\?(?:P?<(?![=!])[^>]*>|[a-zA-Z-]*:|[=!]|<[=!]|[a-zA-Z-]*\))/.exec(rest);
        if (m !== null) {
          this.i += m[0].length;
          if (m[0].endsWith(')') && !m[0].endsWith(':)')) return { t: 'empty' }; // flag group like (?i)
          const lookaround = /^\?(?:[=!]|<[=!])$/.test(m[0]);
          const inner = this.alt();
          if (this.peek() === ')') this.i++;
          return lookaround ? { t: 'empty' } : inner;
        }
      }
      const inner = this.alt();
      if (this.peek() === ')') this.i++;
      return inner;
    }
    if (ch === '[') {
      const start = this.i;
      const test = this.charClass();
      const text = this.src.slice(start, this.i);
      let set = classSets.get(text);
      if (set === undefined) classSets.set(text, (set = toSet(test)));
      return { t: 'char', set };
    }
    if (ch === '.') return { t: 'char', set: anyButNewline };
    if (ch === '^' || ch === '$') return { t: 'empty' };
    if (ch === '\\') return this.escape();
    const cp = ch.codePointAt(0)!;
    return { t: 'char', set: singleton(cp) };
  }

  private escape(): Regex {
    const ch = this.src[this.i++];
    if (ch === undefined) return { t: 'empty' };
    if (ch === 'b' || ch === 'B' || ch === 'A' || ch === 'z' || ch === 'Z' || ch === 'G') return { t: 'empty' };
    const cls = classEscapes[ch];
    if (cls !== undefined) return { t: 'char', set: toSet(cls) };
    if (ch === 'p' || ch === 'P') {
      // Unicode classes: treat as "any letter-ish" for overlap purposes.
      const m = /^\{[^}]*\}|^[A-Za-z]/.exec(this.src.slice(this.i));
      if (m !== null) this.i += m[0].length;
      return {
        t: 'char',
        set: toSet(ch === 'p' ? (c) => !isSpace(c) && !isDigit(c) : (c) => isSpace(c) || isDigit(c)),
      };
    }
    const code = this.escapeCode(ch);
    return { t: 'char', set: singleton(code) };
  }

  private escapeCode(ch: string): number {
    if (ch === 'x') {
      const m = /^\{([0-9a-fA-F]+)\}|^([0-9a-fA-F]{2})/.exec(this.src.slice(this.i));
      if (m !== null) {
        this.i += m[0].length;
        return parseInt(m[1] ?? m[2]!, 16);
      }
    }
    if (ch === 'u') {
      const m = /^([0-9a-fA-F]{4})/.exec(this.src.slice(this.i));
      if (m !== null) {
        this.i += 4;
        return parseInt(m[1]!, 16);
      }
    }
    return escapeChar[ch] ?? ch.codePointAt(0)!;
  }

  private charClass(): CharTest {
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.i++;
    }
    const tests: CharTest[] = [];
    let first = true;
    while (this.i < this.src.length && (this.peek() !== ']' || first)) {
      first = false;
      let lo: number;
      const ch = this.src[this.i++]!;
      if (ch === '[' && this.peek() === ':') {
        const end = this.src.indexOf(':]', this.i);
        if (end !== -1) {
          const name = this.src.slice(this.i + 1, end);
          this.i = end + 2;
          tests.push(
            name === 'digit'
              ? isDigit
              : name === 'space'
                ? isSpace
                : name === 'alpha'
                  ? (c) => isWord(c) && !isDigit(c) && c !== 95
                  : isWord,
          );
          continue;
        }
      }
      if (ch === '\\') {
        const e = this.src[this.i++] ?? '';
        const cls = classEscapes[e];
        if (cls !== undefined) {
          tests.push(cls);
          continue;
        }
        lo = this.escapeCode(e);
      } else lo = ch.codePointAt(0)!;
      if (this.peek() === '-' && this.src[this.i + 1] !== ']' && this.src[this.i + 1] !== undefined) {
        this.i++;
        let hiCh = this.src[this.i++]!;
        let hi: number;
        if (hiCh === '\\') {
          hiCh = this.src[this.i++] ?? '';
          hi = this.escapeCode(hiCh);
        } else hi = hiCh.codePointAt(0)!;
        const [a, b] = [lo, hi];
        tests.push((c) => c >= a && c <= b);
      } else {
        const v = lo;
        tests.push((c) => c === v);
      }
    }
    if (this.peek() === ']') this.i++;
    const any: CharTest = (c) => tests.some((t) => t(c));
    return negate ? (c) => !any(c) : any;
  }
}

export function nullable(r: Regex): boolean {
  switch (r.t) {
    case 'char':
      return false;
    case 'empty':
      return true;
    case 'seq':
      return r.items.every(nullable);
    case 'alt':
      return r.items.some(nullable);
    case 'rep':
      return r.min === 0 || nullable(r.body);
  }
}

/** Characters that can start a match of r. */
function firstSet(r: Regex): CharSet {
  switch (r.t) {
    case 'char':
      return r.set;
    case 'empty':
      return noneOf();
    case 'alt':
      return r.items.map(firstSet).reduce(union, noneOf());
    case 'rep':
      return firstSet(r.body);
    case 'seq': {
      let acc = noneOf();
      for (const item of r.items) {
        acc = union(acc, firstSet(item));
        if (!nullable(item)) break;
      }
      return acc;
    }
  }
}

/** Every character r can consume anywhere. */
function charsOf(r: Regex): CharSet {
  switch (r.t) {
    case 'char':
      return r.set;
    case 'empty':
      return noneOf();
    case 'alt':
    case 'seq':
      return r.items.map(charsOf).reduce(union, noneOf());
    case 'rep':
      return charsOf(r.body);
  }
}

const variable = (r: Regex): r is Extract<Regex, { t: 'rep' }> => r.t === 'rep' && r.max > r.min && r.max > 1;

/** Variable repeats inside r that can end r's match (everything after them within r is optional). */
function trailingRepeats(r: Regex): Array<Extract<Regex, { t: 'rep' }>> {
  switch (r.t) {
    case 'rep': {
      const inner = trailingRepeats(r.body);
      return variable(r) ? [r, ...inner] : inner;
    }
    case 'alt':
      return r.items.flatMap(trailingRepeats);
    case 'seq': {
      const out: Array<Extract<Regex, { t: 'rep' }>> = [];
      for (let i = r.items.length - 1; i >= 0; i--) {
        out.push(...trailingRepeats(r.items[i]!));
        if (!nullable(r.items[i]!)) break;
      }
      return out;
    }
    default:
      return [];
  }
}

/**
 * True when one iteration of a repeated body can end in several places: some variable repeat inside
 * the body can also consume what follows it (the rest of the body, or the next iteration's start).
 */
function ambiguousIteration(body: Regex): boolean {
  const next = firstSet(body);
  const branches = body.t === 'alt' ? body.items : [body];
  for (const branch of branches) {
    const items = branch.t === 'seq' ? branch.items : [branch];
    // Walk right to left, keeping what can follow item i (its suffix's first set, plus the next
    // iteration's start while the suffix can be empty): linear in the length of the body.
    let suffixFirst = noneOf();
    let suffixNullable = true;
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i]!;
      const follow = suffixNullable ? union(suffixFirst, next) : suffixFirst;
      for (const inner of trailingRepeats(item)) {
        if (overlaps(charsOf(inner.body), follow)) return true;
      }
      const itemNullable = nullable(item);
      suffixFirst = itemNullable ? union(firstSet(item), suffixFirst) : firstSet(item);
      suffixNullable = itemNullable && suffixNullable;
    }
  }
  return false;
}

/** A pack's size cap (src/io/pack-file.ts): every pattern a pack can hold is analysed. */
const MAX_ANALYSED_LENGTH = 1024 * 1024;

/** Returns why the pattern can backtrack catastrophically, or undefined when it looks safe. */
export function catastrophicBacktracking(pattern: string): string | undefined {
  const tree = parseRegex(pattern);
  return tree === undefined ? undefined : analyse(tree);
}

/**
 * The pattern as the small tree the checks read (char sets over the sample code points, see
 * sampleCodePoints), or undefined when it is not analysed (too long, too deep, or the parser gave up).
 * The sets refer to the samples of the last pattern parsed: read the tree before parsing another.
 */
export function parseRegex(pattern: string): Regex | undefined {
  // The parser recurses per group; RE2 itself rejects deeper nesting, so deep patterns are not analysed.
  // Length is capped only at a pack's own size: patterns past 20,000 characters were not analysed, and
  // `[a-z]+` repeated 5,000 times passed lint, then took re2js over 20 s on 1 MB of text (its DFA gives
  // up on such a program). The analysis is linear: ~0.2 s for a pattern of a million characters.
  if (pattern.length > MAX_ANALYSED_LENGTH || groupDepth(pattern) > 100) return undefined;
  try {
    useSamplesFor(pattern);
    return new Parser(pattern).parse();
  } catch {
    return undefined;
  }
}

/** The code point of each position of a CharSet of the last pattern parsed. */
export function sampleCodePoints(): readonly number[] {
  return samples;
}

function groupDepth(pattern: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') i++;
    else if (ch === '(') max = Math.max(max, ++depth);
    else if (ch === ')') depth--;
  }
  return max;
}

function analyse(tree: Regex): string | undefined {
  let reason: string | undefined;
  const stack: Regex[] = [tree];
  while (stack.length > 0 && reason === undefined) {
    const r = stack.pop()!;
    if (r.t === 'rep') {
      if (r.max > 1) {
        if (ambiguousIteration(r.body))
          reason = 'nested quantifiers can match the same text in many ways (e.g. `(a+)+`)';
        const body = r.body;
        if (reason === undefined && body.t === 'alt') {
          // Two branches overlap when some character can start both: count per sample character.
          const counts = new Uint32Array(samples.length);
          for (const branch of body.items) {
            const first = firstSet(branch);
            for (let c = 0; c < first.length; c++) if (first[c]) counts[c]!++;
          }
          if (counts.some((n) => n > 1)) reason = 'a repeated alternation has overlapping branches (e.g. `(a|a)*`)';
        }
      }
      stack.push(r.body);
    } else if (r.t === 'seq') {
      // Adjacent unbounded repeats over shared characters, with only optional parts between them.
      for (let a = 0; a < r.items.length && reason === undefined; a++) {
        const x = r.items[a]!;
        if (!(x.t === 'rep' && x.max === Infinity)) continue;
        // Look a bounded distance ahead: enough for real patterns, linear for generated ones.
        for (let b = a + 1; b < Math.min(r.items.length, a + 64); b++) {
          const y = r.items[b]!;
          if (y.t === 'rep' && y.max === Infinity && overlaps(charsOf(x.body), charsOf(y.body))) {
            reason = 'adjacent unbounded quantifiers over the same characters (e.g. `\\d+\\d+`)';
            break;
          }
          if (!nullable(y)) break;
        }
      }
      for (const item of r.items) stack.push(item); // not push(...items): a long pattern has more than a call takes
    } else if (r.t === 'alt') for (const item of r.items) stack.push(item);
  }
  return reason;
}
