/**
 * Classification markings (dlp-filter `sensitivity_level: high | restricted`): the labels documents carry
 * to say they must not leave (`CONFIDENTIAL`, `TOP SECRET//NOFORN`, `INTERNAL USE ONLY`, a header line
 * `Classification: Restricted`). Markings are written in capitals; the same words in ordinary case are
 * prose ("keep this confidential", "restricted access"), so the bare words match only in capitals, and
 * in any case only after a classification label. Whole words only: `UNCLASSIFIED`, `NONCONFIDENTIAL`
 * and `API_SECRET` are not markings.
 */

export interface MarkerMatch {
  start: number;
  end: number;
}

// Longest first, so `STRICTLY CONFIDENTIAL` is one marking, not CONFIDENTIAL inside it. A lone SECRET
// (and CLASSIFIED) is left out: capitals are also shouting ("THE SECRET IS OUT"); `SECRET//...` is a
// marking with its caveats.
const MARKINGS = [
  'PROPRIETARY AND CONFIDENTIAL',
  'PRIVILEGED AND CONFIDENTIAL',
  'CONTROLLED UNCLASSIFIED INFORMATION',
  'ATTORNEY-CLIENT PRIVILEGED',
  'FOR OFFICIAL USE ONLY',
  'FOR INTERNAL USE ONLY',
  'STRICTLY CONFIDENTIAL',
  'HIGHLY CONFIDENTIAL',
  'COMPANY CONFIDENTIAL',
  'NOT FOR DISTRIBUTION',
  'INTERNAL USE ONLY',
  'DO NOT DISTRIBUTE',
  'INTERNAL ONLY',
  'CONFIDENTIAL',
  'PROPRIETARY',
  'TOP SECRET',
  'RESTRICTED',
  'EYES ONLY',
  'NOFORN',
  'FOUO',
  'CUI',
];
const words = (m: string): string => m.replace(/ /g, '[ \\t]{1,3}');
// `SECRET//NOFORN`, `TOP SECRET//SI//REL TO USA`: the caveats after `//` belong to the marking.
const CAVEATS = '(?://[A-Z][A-Z0-9 ,-]{0,40}[A-Z0-9]){0,6}';
const MARKING_RE = new RegExp(
  `(?<![A-Za-z0-9_])(?:(?:${MARKINGS.map(words).join('|')})${CAVEATS}|SECRET(?://[A-Z][A-Z0-9 ,-]{0,40}[A-Z0-9]){1,6})(?![A-Za-z0-9_])`,
  'g',
);
// `Classification: Confidential`, `Data classification - internal`, `Sensitivity: Restricted`.
const LABELLED_RE =
  /(?<![A-Za-z0-9_])(?:(?:data |security )?classification|sensitivity(?: label)?|marking)[ \t]{0,3}[:=-][ \t]{0,3}(strictly confidential|highly confidential|top secret|confidential|restricted|internal|secret)(?![A-Za-z0-9_])/gi;

/** The markings in `text`, sorted, overlaps merged. */
export function findClassificationMarkers(text: string): MarkerMatch[] {
  const found: MarkerMatch[] = [];
  for (const m of text.matchAll(MARKING_RE)) found.push({ start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(LABELLED_RE)) {
    const end = m.index + m[0].length;
    found.push({ start: end - m[1]!.length, end });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: MarkerMatch[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last !== undefined && f.start < last.end) last.end = Math.max(last.end, f.end);
    else out.push({ ...f });
  }
  return out;
}
