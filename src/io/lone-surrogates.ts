/**
 * Lone UTF-16 surrogates in parsed JSON. Text read as UTF-8 (the gateway's bodies) or checked UTF-16
 * (payload files, text-decoding.ts) holds none, but a JSON escape makes one: `"john.doe\ud800@example.com"`
 * parses into a string with half a character in it. That is no text: UTF-8 cannot encode it (the upstream
 * would get the escape back, or U+FFFD from a client that re-encodes it), and it splits what the detectors
 * read (an e-mail address, a key, an instruction) into pieces none of them matches, so it went upstream
 * unredacted. The gateway refuses such a chat body (400 `lone_surrogate`) and `kt policy eval` / `test` such a
 * payload (docs/pii-and-secrets.md, "Lone surrogates"), naming where it is.
 */
import { LONE_SURROGATE } from './text-decoding.js';

/** Keys and indices from the top of a JSON value. */
export type JsonPath = ReadonlyArray<string | number>;

export interface LoneSurrogate {
  /** Where the string is; for a key, the path ends with the key itself. */
  path: JsonPath;
  /** The surrogate is in a key, not in a value. */
  key: boolean;
  /** The lone unit as a JSON escape (`\ud800`), what the sender wrote. */
  escape: string;
}

/**
 * Whether JSON text (or its UTF-8 bytes) may hold an escape that makes a surrogate: without one, a parsed
 * value has no lone surrogate (the text is checked UTF-8 or UTF-16), so the walk is skipped. A false alarm
 * (`"\\ud"`, an escaped backslash) only costs the walk.
 */
export function maySpellSurrogate(text: string | Buffer): boolean {
  return typeof text === 'string' ? /\\u[dD][89a-fA-F]/.test(text) : text.includes('\\ud') || text.includes('\\uD');
}

/** The first string or key holding a lone surrogate, in the order JSON.parse built the value; undefined if none. */
export function findLoneSurrogate(value: unknown): LoneSurrogate | undefined {
  // Iterative (depth is capped by the readers, but no walk here is one a payload can make recurse), with
  // each step's path as a link to its parent's, so a large value costs one entry per JSON value.
  interface Step {
    value: unknown;
    at: Link | null;
    /** A key to check before the value (objects check each key just before its value: document order). */
    key?: boolean;
  }
  interface Link {
    seg: string | number;
    parent: Link | null;
  }
  const pathOf = (at: Link | null): Array<string | number> => {
    const path: Array<string | number> = [];
    for (let l = at; l !== null; l = l.parent) path.push(l.seg);
    return path.reverse();
  };
  const stack: Step[] = [{ value, at: null }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const v = step.value;
    if (step.key === true) {
      const m = LONE_SURROGATE.exec(v as string);
      if (m !== null) return { path: pathOf(step.at), key: true, escape: escapeOf(m[0]) };
      continue;
    }
    if (typeof v === 'string') {
      const m = LONE_SURROGATE.exec(v);
      if (m !== null) return { path: pathOf(step.at), key: false, escape: escapeOf(m[0]) };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], at: { seg: i, parent: step.at } });
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const at = { seg: keys[i]!, parent: step.at };
        stack.push({ value: (v as Record<string, unknown>)[keys[i]!], at });
        stack.push({ value: keys[i], at, key: true });
      }
    }
  }
  return undefined;
}

const escapeOf = (unit: string): string => `\\u${unit.charCodeAt(0).toString(16)}`;

/**
 * A path as OpenAI names a request field in `param` (`messages[0].content`, `tools[1].function.name`);
 * a key that is no identifier is quoted (`metadata["a b"]`), as JSON (a lone surrogate in it as its escape).
 */
export function formatJsonPath(path: JsonPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * The offset of the backslash of the first escape in JSON text that makes a lone surrogate (a `\uD800`-
 * `\uDBFF` escape not followed at once by a `\uDC00`-`\uDFFF` one, or one of those without a high escape
 * just before it), or undefined. Backslashes occur only inside strings in JSON, and the scan takes each
 * escape whole, so an escaped backslash before a `u` (`\\ud800`) is no escape.
 */
export function loneSurrogateEscapeOffset(text: string): number | undefined {
  const escapes = /\\(?:u([0-9a-fA-F]{4})|[^])/g;
  let highAt = -1; // offset of a high-surrogate escape waiting for its low half
  let highEnd = -1;
  for (let m = escapes.exec(text); m !== null; m = escapes.exec(text)) {
    const unit = m[1] === undefined ? -1 : parseInt(m[1], 16);
    const low = unit >= 0xdc00 && unit <= 0xdfff;
    if (highAt !== -1 && !(low && m.index === highEnd)) return highAt;
    if (highAt !== -1) {
      highAt = -1; // a pair
      continue;
    }
    if (low) return m.index;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      highAt = m.index;
      highEnd = m.index + m[0].length;
    }
  }
  return highAt === -1 ? undefined : highAt;
}
