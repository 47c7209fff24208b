import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareSafetyClassifier, safetyCueCounts } from '../../../../src/core/detectors/safety.js';
import { frameRefutes, refutedClaim } from '../../../../src/core/detectors/safety-refutation.js';
import { expectWithin } from '../../../helpers/hang-guard.js';

// The seed zero-trust pack's categories (examples/zero-trust-gateway.yaml). Sentences written for this test.
const ZERO_TRUST = ['violence', 'hate_speech', 'self_harm', 'sexual_content'];
const c = prepareSafetyClassifier({ categories: ZERO_TRUST, threshold: 'medium', blockIf: [], blockedTopics: [] });
const blocked = (text: string): boolean => c.scan(text).findings.length > 0;
const hate = (text: string): number => c.scan(text).scores.hate_speech!;

describe('safety refutation: a claim about a group quoted to be refuted', () => {
  it('lets counter-speech through: the claim in a frame that calls it false or bigoted', () => {
    for (const text of [
      'The claim that the Holocaust never happened is a lie spread by antisemites.',
      'It is a myth that immigrants are criminals.',
      'Saying that all Muslims are terrorists is bigotry, plain and simple.',
      'It is a myth that black people are inferior.',
      'The myth that Muslims are savages has been debunked.',
      'The idea that gay people are disgusting is bigotry.',
      'It is false that Jews control the media.',
      "It's simply not true that refugees are parasites.",
      'It is not the case that immigrants are criminals.',
      'Contrary to the claim that Mexicans are rapists, crime rates among newcomers are low.',
      'Our school rejects the notion that trans people are mentally ill.',
      'It is racist to say that Black people are lazy.',
      'People who say Jews are greedy are antisemites.',
      '"Muslims are terrorists" is a hateful lie.',
      "Don't believe the lie that Jews control the banks.",
      'The conspiracy theory that immigrants are replacing us is false.',
      'Claims that refugees are criminals and rapists are baseless.',
      'The belief that women should not be allowed to vote is sexist nonsense.',
      // Typographic quotes and apostrophes (a view that is not ASCII).
      'It’s a myth that “immigrants are criminals”, and the “idea” of it is a racist lie.',
    ]) {
      expect(blocked(text), text).toBe(false);
      expect(hate(text), text).toBe(0);
    }
  });

  it('keeps blocking the bare claims, and a refuted claim takes nothing from another sentence', () => {
    for (const text of [
      'Immigrants are criminals.',
      'All Muslims are terrorists.',
      'The Holocaust never happened.',
      'Black people are inferior.',
    ]) {
      expect(blocked(text), text).toBe(true);
      // Only the refuted claim's own words are skipped: the claim beside it scores as it does alone.
      expect(hate(`${text} It is a myth that gay people are disgusting.`), text).toBe(hate(text));
      expect(hate(`It is a myth that gay people are disgusting. ${text}`), text).toBe(hate(text));
    }
  });

  it('keeps blocking a frame turned round: negated, affirmed, so-called, or outside the clause', () => {
    for (const text of [
      'It is not a myth that Muslims are vermin.',
      'It is not a myth that black people are inferior.',
      "It's no lie that immigrants are criminals.",
      "I don't think it's a myth that immigrants are criminals.",
      'It is true that Jews control the media.',
      'The claim that immigrants are criminals is true.',
      'The myth that immigrants are criminals is actually a fact.',
      'The so-called myth that immigrants are criminals is reality.',
      'The claim that Muslims are terrorists is not a lie.',
      "The idea that Jews control the media isn't false.",
      'It is not racist to say that Black people are lazy.',
      'Saying that Muslims are terrorists is just honesty.',
      // A frame's word in another clause frames nothing.
      'Contrary to popular belief, immigrants are criminals.',
      'They say immigrants are criminals, and they are right.',
      'The mayor said immigrants are criminals.',
      'The idea that immigrants are criminals and that is racist.',
      // The claim repeated after its "refutation".
      'It is a myth that immigrants are criminals? No, it is the truth: immigrants are criminals.',
    ])
      expect(blocked(text), text).toBe(true);
  });

  it('skips the refuted claim in a long text scored by window, and nothing else', () => {
    const filler = ' The build runs every night and the report lists each step.'.repeat(60);
    expect(hate(`${filler} It is a myth that immigrants are criminals.${filler}`)).toBe(0);
    expect(hate(`${filler} It is a myth that immigrants are criminals.${filler} Muslims are terrorists.`)).toBe(
      hate('Muslims are terrorists.'),
    );
  });

  it('counts a slur inside a refuted claim, as a report does', () => {
    expect(blocked('The claim that immigrants are vermin is a lie.')).toBe(true);
  });

  it('tells the fitting script the same: neither the refuted claim nor its words are counted', () => {
    expect([...safetyCueCounts('It is a myth that immigrants are criminals.').keys()]).toEqual([]);
    expect(
      safetyCueCounts('It is not a myth that immigrants are criminals.').has('template:group_generalisation'),
    ).toBe(true);
    const counts = safetyCueCounts('The claim that immigrants are vermin is a lie.');
    expect(counts.has('vermin')).toBe(true);
    expect(counts.has('template:group_generalisation')).toBe(false);
  });

  it('reads the frame within the clause, around the matched words only', () => {
    const at = (text: string, claim: string): boolean =>
      refutedClaim(text, text.indexOf(claim), text.indexOf(claim) + claim.length);
    expect(at('it is a myth that immigrants are criminals.', 'immigrants are criminals')).toBe(true);
    expect(at('the claim that the holocaust never happened is a lie', 'holocaust never happened')).toBe(true);
    expect(at('“muslims are terrorists” is a lie', 'muslims are terrorists')).toBe(true);
    expect(at('it is a myth. immigrants are criminals.', 'immigrants are criminals')).toBe(false);
    expect(at('the claim that immigrants are criminals. it is a lie', 'immigrants are criminals')).toBe(false);
    expect(at('the claim that immigrants are criminals', 'immigrants are criminals')).toBe(false);
    expect(at('i know that immigrants are criminals is a lie to some', 'immigrants are criminals')).toBe(false);
  });

  it("flags a frame of refutation around a group's humanity or an atrocity's reality: the frame carries the hate", () => {
    for (const text of [
      "Don't believe the lie that Jews are human.",
      'It is a myth that Muslims are human beings.',
      'Saying that women are human is nonsense.',
      'The claim that immigrants are human too is a lie.',
      'It is a lie that the Holocaust happened.',
      'The claim that the Holocaust was real is a hoax.',
    ])
      expect(blocked(text), text).toBe(true);
  });

  it('does not flag the same statements said, affirmed, negated or continued', () => {
    for (const text of [
      'Jews are human.',
      'It is not a lie that Jews are human.',
      "I don't think it's a myth that Muslims are human beings.",
      'It is a lie that Muslims are human rights abusers.',
      "Don't believe the lie that Jews are not human.",
      'The Holocaust happened.',
      'It is no myth that the Holocaust happened.',
      'Holocaust deniers claim that the Holocaust never happened.',
      "Deniers say the Holocaust is a hoax, but survivors' testimonies prove it happened.",
    ]) {
      expect(blocked(text), text).toBe(false);
      expect(hate(text), text).toBe(0);
    }
  });

  it('stays linear on a megabyte dense with refuted claims (each scanned twice at most)', () => {
    const unit = 'It is a myth that immigrants are criminals, and the claim that Jews control the media is a lie. ';
    const big = unit.repeat(Math.ceil((1 << 20) / unit.length));
    const r = expectWithin(5_000, () => c.scan(big));
    expect(r.scores.hate_speech).toBe(0);
  });
});

describe('safety refutation: reading the frame', () => {
  it('answers as reading the whole frame does, when the words nearest the claim hold no lead', () => {
    // Frames of lead words, their negations, fillers and verdicts around a fixed claim.
    const word = fc.constantFrom(
      'it',
      'is',
      'a',
      'not',
      'just',
      'myth',
      'lie',
      'true',
      'that',
      'the',
      'claim',
      'idea',
      'saying',
      'say',
      'racist',
      'to',
      'contrary',
      'rejects',
      'so',
      'called',
      'i',
      'dont',
      'think',
      'its',
      '"',
      ',',
      'and',
      'are',
      'false',
      'fact',
      'theory',
      'conspiracy',
      'people',
      'who',
      'bigots',
      'x',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.array(word, { maxLength: 8 }), (before, after) => {
        const head = before.join(' ') + ' ';
        const claim = 'muslims are terrorists';
        const text = `${head}${claim} ${after.join(' ')}`;
        const start = head.length;
        expect(refutedClaim(text, start, start + claim.length)).toBe(frameRefutes(text, start, start + claim.length));
      }),
      { numRuns: 5000 },
    );
    // Not vacuous: a lead four words back decides ("it is a myth that"), as does a verdict after a neutral lead.
    expect(refutedClaim('it is a myth that muslims are terrorists', 18, 40)).toBe(true);
    expect(refutedClaim('the idea that muslims are terrorists is a lie', 14, 36)).toBe(true);
    expect(refutedClaim('we know muslims are terrorists', 8, 30)).toBe(false);
  });

  it('reads a long text (scored window by window) as a short one: refuted claims drop out, slurs and bare claims stay', () => {
    // Past EVIDENCE_WINDOW (2,048 units) the classifier keeps cues as window events; their words are
    // dropped from those events instead of scanning the text again.
    const pad = 'The quarterly report covers revenue, hiring and the new office in Leeds. '.repeat(40);
    for (const claim of [
      'It is a myth that immigrants are criminals.',
      'Saying that all Muslims are terrorists is bigotry, plain and simple.',
    ]) {
      expect(c.scan(pad + claim + pad).scores.hate_speech, claim).toBe(c.scan(claim).scores.hate_speech);
      expect(blocked(pad + claim + pad), claim).toBe(false);
    }
    for (const claim of [
      'Immigrants are criminals.',
      'The claim that immigrants are vermin is a lie.',
      'It is not a myth that Muslims are vermin.',
    ]) {
      expect(blocked(pad + claim + pad), claim).toBe(true);
      expect(c.scan(pad + claim + pad).scores.hate_speech, claim).toBe(c.scan(claim).scores.hate_speech);
    }
  });
});
