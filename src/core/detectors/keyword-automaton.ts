/**
 * Which of a fixed set of keywords occur in a text: one pass, one table lookup per unit (an Aho-Corasick
 * automaton laid out as a dense table over the keywords' own alphabet).
 *
 * Why not one regex alternation of the keywords, as this replaced in the secrets catalogue: V8 compiles a
 * regex without its search optimisations once the process holds 16 MB of machine code and has compiled 1 MB
 * of regex code, which kt's detectors reach after the first long documents; an alternation compiled after
 * that (its first use, or its first use on a string of the other width) then reads a megabyte ~10x slower for
 * the life of the process (measured 2026-11-25 in the bench's hostile phase: the 276 catalogue keywords took
 * ~60 ms a megabyte there against ~6 in a fresh process). A table costs the same in every process, and reads
 * a megabyte in ~2 ms. Keyword libraries on npm return every occurrence as an object, which a text dense with
 * keywords would turn into millions of allocations; here presence is reported once per keyword, and the
 * occurrences of the keywords asked for are written into typed arrays, each only up to its cap (the secrets
 * scanner runs some rules only near their keywords, and scans the whole text past the cap).
 */

/** The keywords present in a text, as indices into the keyword list the automaton was built from. */
export interface KeywordAutomaton {
  /** Calls `found(k)` once for each keyword k (an index) that occurs in `text`, in order of first completion. */
  eachPresent(text: string, found: (keyword: number) => void): void;
  /**
   * eachPresent, and in the same pass where the located keywords occur: for such a keyword k,
   * `starts(k)` gives the start of each occurrence, ascending, while there are at most `most[k]` of them
   * (null beyond; empty when it does not occur). The arrays are the automaton's own, valid until its next pass.
   */
  eachPresentLocating(text: string, found: (keyword: number) => void, most: ArrayLike<number>): LocatedKeywords;
  /** From now on, locate the keywords k with `located[k]` (instead of those compiled as located). */
  locate(located: readonly boolean[]): void;
}

/** Where the located keywords occurred (KeywordAutomaton.eachPresentLocating). */
export interface LocatedKeywords {
  starts(keyword: number): Int32Array | null;
}

/** Units outside the keywords' alphabet go to class 0, which leads back to the root from every state. */
const OTHER = 0;

/** `located[k]`: the automaton reports where keyword k occurs (eachPresentLocating), not only that it does. */
export function compileKeywordAutomaton(
  keywords: readonly string[],
  located: readonly boolean[] = [],
): KeywordAutomaton {
  // The alphabet: each unit that occurs in a keyword gets a class of its own.
  const classOf = new Map<number, number>();
  for (const k of keywords)
    for (let i = 0; i < k.length; i++)
      if (!classOf.has(k.charCodeAt(i))) classOf.set(k.charCodeAt(i), classOf.size + 1);
  const width = classOf.size + 1;
  const asciiClass = new Uint8Array(128);
  for (const [unit, cls] of classOf) if (unit < 128) asciiClass[unit] = cls;
  const wideClasses = [...classOf.keys()].some((unit) => unit >= 128);

  // The trie: goto[state * width + class], 0 = no edge (the root has no incoming edge).
  let goto = new Int32Array(width * 64);
  const ends: number[][] = [[]];
  let states = 1;
  keywords.forEach((k, index) => {
    if (k.length === 0) throw new RangeError('an empty keyword');
    let s = 0;
    for (let i = 0; i < k.length; i++) {
      const at = s * width + classOf.get(k.charCodeAt(i))!;
      if (goto[at] === 0) {
        if ((states + 1) * width > goto.length) {
          const grown = new Int32Array(goto.length * 2);
          grown.set(goto);
          goto = grown;
        }
        ends.push([]);
        goto[at] = states++;
      }
      s = goto[at]!;
    }
    ends[s]!.push(index);
  });

  // Failure links in breadth-first order turn the trie into a complete table: a missing edge takes the
  // edge of the longest proper suffix that is a trie state. A state's keywords include its suffix's.
  const next = new Int32Array(states * width);
  const fail = new Int32Array(states);
  const queue: number[] = [];
  for (let c = 0; c < width; c++) {
    const child = goto[c]!;
    next[c] = child;
    if (child !== 0) queue.push(child);
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    const suffixEnds = ends[fail[s]!]!;
    if (suffixEnds.length > 0) ends[s] = [...ends[s]!, ...suffixEnds];
    for (let c = 0; c < width; c++) {
      const child = goto[s * width + c]!;
      if (child !== 0 && c !== OTHER) {
        fail[child] = next[fail[s]! * width + c]!;
        next[s * width + c] = child;
        queue.push(child);
      } else next[s * width + c] = next[fail[s]! * width + c]!;
    }
  }
  // The keywords ending at each state, flattened: state s owns endList[endFrom[s], endFrom[s + 1]).
  const endFrom = new Int32Array(states + 1);
  const endList: number[] = [];
  for (let s = 0; s < states; s++) {
    endFrom[s] = endList.length;
    endList.push(...ends[s]!);
  }
  endFrom[states] = endList.length;
  const endsAt = Int32Array.from(endList);
  // The located keywords ending at each state, the same way: state s owns locatedAt[locatedFrom[s], ...).
  // A state whose located keywords have all occurred too often is passed over for the rest of the pass:
  // statesOf[k] are the states where keyword k is located, live[s] how many of its own are still counted.
  const locatedFrom = new Int32Array(states + 1);
  let locatedAt = new Int32Array(0);
  let statesOf: number[][] = [];
  const liveFrom = new Int32Array(states);
  const live = new Int32Array(states);
  const locate = (located: readonly boolean[]): void => {
    const list: number[] = [];
    for (let s = 0; s < states; s++) {
      locatedFrom[s] = list.length;
      for (const k of ends[s]!) if (located[k] === true) list.push(k);
    }
    locatedFrom[states] = list.length;
    locatedAt = Int32Array.from(list);
    statesOf = keywords.map(() => []);
    for (let s = 0; s < states; s++) {
      liveFrom[s] = locatedFrom[s + 1]! - locatedFrom[s]!;
      for (let e = locatedFrom[s]!; e < locatedFrom[s + 1]!; e++) statesOf[locatedAt[e]!]!.push(s);
    }
  };
  locate(located);
  const lengths = Int32Array.from(keywords, (k) => k.length);
  const reported = new Uint8Array(keywords.length);
  // Per located keyword: its occurrences in this pass (up to one past its cap), the starts of the first ones.
  const counts = new Int32Array(keywords.length);
  const caps = new Int32Array(keywords.length);
  const none = new Int32Array(0);
  const startsOf: Int32Array[] = keywords.map(() => none);
  /** Arrays longer than this are not kept from one pass to the next (a dense text's would stay otherwise). */
  const KEPT = 1024;
  const locations: LocatedKeywords = {
    starts: (k: number) => (counts[k]! > caps[k]! ? null : startsOf[k]!.subarray(0, counts[k])),
  };
  // doneIn[s]: the pass in which state s needs no more reading (keywords reported, none of its located ones
  // still counted); states without keywords hold NEVER, above every pass, so one comparison skips them all.
  const NEVER = 0x7fffffff;
  const doneIn = new Int32Array(states);
  const reportedIn = new Int32Array(states);
  const resetDone = (): void => {
    for (let s = 0; s < states; s++) doneIn[s] = endFrom[s + 1]! === endFrom[s]! ? NEVER : 0;
    reportedIn.fill(0);
  };
  resetDone();
  let pass = 0;

  /**
   * Reads state s, reached at `end` in a pass: reports its keywords the first time, locates its located
   * keywords every time, and marks it done for the pass once there is nothing more to do there. Apart from
   * the loop that reads every unit, so that loop keeps its few values in registers (with this inline, a
   * megabyte of one keyword took ~1 ms longer).
   */
  function readState(s: number, end: number, found: (keyword: number) => void, locating: boolean): void {
    const current = pass;
    if (reportedIn[s] !== current) {
      reportedIn[s] = current;
      for (let e = endFrom[s]!; e < endFrom[s + 1]!; e++) {
        const k = endsAt[e]!;
        if (reported[k] === 0) {
          reported[k] = 1;
          found(k);
        }
      }
    }
    if (!locating || live[s] === 0) {
      doneIn[s] = current;
      return;
    }
    for (let e = locatedFrom[s]!; e < locatedFrom[s + 1]!; e++) {
      const k = locatedAt[e]!;
      const c = counts[k]!;
      const cap = caps[k]!;
      if (c > cap) continue;
      counts[k] = c + 1;
      if (c === cap) {
        // past its cap: no longer located, and the states where it was the last one located are done
        for (const t of statesOf[k]!) live[t]!--;
        continue;
      }
      let starts = startsOf[k]!;
      if (c === starts.length) {
        starts = new Int32Array(Math.min(cap, Math.max(16, c * 2)));
        starts.set(startsOf[k]!);
        startsOf[k] = starts;
      }
      starts[c] = end + 1 - lengths[k]!;
    }
  }

  /** One pass; with `locating`, the starts of the located keywords, up to each one's cap. */
  function run(text: string, found: (keyword: number) => void, locating: boolean): void {
    if (++pass === NEVER) {
      resetDone();
      pass = 1;
    }
    reported.fill(0);
    for (let k = 0; k < counts.length; k++) if (startsOf[k]!.length > KEPT) startsOf[k] = none;
    counts.fill(0);
    live.set(liveFrom);
    // Locals, not the closure's slots, in the loop that reads every unit.
    const table = next;
    const classes = asciiClass;
    const done = doneIn;
    const current = pass;
    const n = text.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const unit = text.charCodeAt(i);
      s = table[s * width + (unit < 128 ? classes[unit]! : wideClasses ? (classOf.get(unit) ?? OTHER) : OTHER)]!;
      // A state is read once per pass (a text dense with one keyword costs one lookup per unit), or for its
      // located keywords at every occurrence until they have occurred more often than their caps.
      if (done[s]! < current) readState(s, i, found, locating);
    }
  }

  return {
    eachPresent: (text, found) => run(text, found, false),
    eachPresentLocating(text, found, most) {
      for (let k = 0; k < caps.length; k++) caps[k] = most[k] ?? 0;
      run(text, found, true);
      return locations;
    },
    locate,
  };
}
