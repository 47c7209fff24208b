import { describe, expect, it } from 'vitest';
import {
  prepareSafetyClassifier,
  safetyCompanyFactor,
  safetyCueCounts,
} from '../../../../src/core/detectors/safety.js';
import { SAFETY_NEEDS_COMPANY } from '../../../../src/core/detectors/safety-lexicon.js';
import {
  HATEFUL_TEMPLATES,
  NEUTRAL_EVENT_TEXTS,
  NEUTRAL_TEMPLATES,
  identityTexts,
} from '../../../fixtures/safety-identity-set.js';

// The seed zero-trust pack's categories (examples/zero-trust-gateway.yaml).
const ZERO_TRUST = ['violence', 'hate_speech', 'self_harm', 'sexual_content'];
const c = prepareSafetyClassifier({ categories: ZERO_TRUST, threshold: 'medium', blockIf: [], blockedTopics: [] });
const hate = (text: string): boolean => c.scan(text).findings.some((f) => f.type === 'hate_speech');

describe('identity terms (hate_speech): a name of a group is not hate on its own', () => {
  it('lets every neutral or positive sentence naming an identity through, at any threshold', () => {
    const low = prepareSafetyClassifier({ categories: ZERO_TRUST, threshold: 'low', blockIf: [], blockedTopics: [] });
    const texts = [...identityTexts(NEUTRAL_TEMPLATES), ...NEUTRAL_EVENT_TEXTS];
    expect(texts.length).toBeGreaterThan(400);
    expect(texts.filter((t) => c.scan(t).findings.length > 0)).toEqual([]);
    expect(texts.filter((t) => low.scan(t).scores.hate_speech! > 0)).toEqual([]);
  });

  it('passes the two sentences the seed pack used to block', () => {
    expect(c.scan('My Jewish grandmother makes the best latkes.').findings).toEqual([]);
    expect(c.scan('The museum has an exhibition about the Holocaust.').findings).toEqual([]);
  });

  it('still flags the same identities in contempt, dehumanisation, threats, generalisations and calls for exclusion', () => {
    const texts = identityTexts(HATEFUL_TEMPLATES);
    expect(texts.length).toBeGreaterThan(300);
    expect(texts.filter((t) => !hate(t))).toEqual([]);
  });

  it('counts a group name beside a hostile cue, a hate template or a call for violence, and not beside talk about hate', () => {
    expect(hate('Those Muslims are a menace and the vermin should leave.')).toBe(true);
    expect(hate('The Holocaust never happened, the Jews made it up.')).toBe(true);
    // A call for violence vouches for the name (it counts), which alone scores nothing.
    expect(c.scan('We should shoot them all, every last one of the immigrants.').scores.hate_speech).toBeGreaterThan(0);
    expect(c.scan('Every last one of the immigrants came to the party.').scores.hate_speech).toBe(0);
    for (const text of [
      'My Muslim colleague faced racist comments at work.',
      'I hate it when people mock my Jewish faith.',
      'The Holocaust is not a myth.',
      'Stop the hate against Asian Americans.',
    ])
      expect(c.scan(text).findings, text).toEqual([]);
  });

  it('needs the company in the same window of a long text', () => {
    const filler = ' The build runs every night and the report lists each step.'.repeat(60);
    const named = 'My Jewish and Muslim neighbours, my gay cousin and my Black colleagues all came to the party.';
    // The far window's hostile word scores as it does alone: the names in the first window add nothing to it.
    expect(c.scan(`${named}${filler} The vermin.`).scores.hate_speech).toBe(c.scan('The vermin.').scores.hate_speech);
    expect(c.scan(`${named} The vermin.`).scores.hate_speech).toBeGreaterThan(
      c.scan('The vermin.').scores.hate_speech!,
    );
    expect(hate(`${filler} ${named} Those filthy Jews are vermin.`)).toBe(true);
  });

  it('tells the fitting script the same rule (safetyCompanyFactor)', () => {
    for (const term of SAFETY_NEEDS_COMPANY.hate_speech!) {
      expect(safetyCompanyFactor(safetyCueCounts(`my ${term} friend`), 'hate_speech', term), term).toBe(0);
    }
    expect(safetyCompanyFactor(safetyCueCounts('the jews are vermin'), 'hate_speech', 'jews')).toBe(1);
  });
});

describe('hostility with no word of contempt in the old lexicon (hate_speech)', () => {
  it('flags coded slurs and slur blends on their own', () => {
    for (const text of [
      'Another musloid moved in next door.',
      'The muzzies are at it again.',
      'Keep blaming whitey for everything.',
    ])
      expect(hate(text), text).toBe(true);
  });

  it('gives a group its weight beside a dehumanising or excluding phrase, which alone does not flag', () => {
    expect(hate('Immigrants are the scum of the earth.')).toBe(true);
    expect(hate('Send the Muslims a one way ticket home.')).toBe(true);
    expect(hate('That man is the scum of the earth.')).toBe(false);
    expect(hate('I bought a one way ticket to Lisbon.')).toBe(false);
  });

  it('flags conspiracy and replacement tropes, with the group before or after', () => {
    for (const text of [
      'Jews and their bankers who control the media.',
      'Muslims are secretly plotting against us.',
      'Refugees are behind it all.',
      'Immigrants breed like rabbits.',
      'Our schools are overrun by immigrants.',
      'We must face the threat of Jews.',
      "Don't believe the jew media.",
    ])
      expect(hate(text), text).toBe(true);
  });

  it('flags denial of rights and of humanity to a group named as a whole', () => {
    for (const text of [
      'Women should not be allowed to vote.',
      "Gay people shouldn't adopt.",
      'Arabs have no culture.',
    ])
      expect(hate(text), text).toBe(true);
  });

  it('does not flag the near misses: a negated trope, suspects in the news, things said of a thing, a religion told', () => {
    for (const text of [
      'Immigrants will not replace us, the study shows; they fill jobs nobody else applies for.',
      "My Chinese aunt's cancer has metastasized.",
      "My Muslim colleague's dog keeps invading our garden.",
      'Two Somali men were charged with plotting to join a militia.',
      'The fort was overrun by Mexican troops in 1836.',
      'The report says refugees face the threat of deportation.',
      'Jews should not go to school on Yom Kippur.',
      'The Mexican food there has no soul.',
      'The Catholic church was behind the new food bank.',
    ])
      expect(c.scan(text).findings, text).toEqual([]);
  });
});

describe('a plural sexist slur as the subject of a generalisation (hate_speech)', () => {
  it("flags what women are said to be or do under the slur; not a breeder's dogs nor garden tools", () => {
    for (const text of [
      "Bitches think they're slick.",
      'Hoes be lying about everything.',
      'Ripped bitches are scary looking.',
    ])
      expect(hate(text), text).toBe(true);
    for (const text of [
      'Our bitches are in season twice a year.',
      'Our bitches are all health tested.',
      'Bitches always come into heat in spring.',
      "Bitches don't have a menopause.",
      'The garden hoes are rusty.',
    ])
      expect(hate(text), text).toBe(false);
  });
});

describe('women sent back to a place, a group the world would be better without (hate_speech)', () => {
  it('flags the trope and the wish; not women in a kitchen, nor a world without an ideology', () => {
    for (const text of [
      'Women belong in the kitchen.',
      "A woman's place is in the kitchen.",
      'The world would be better without Jews.',
    ])
      expect(hate(text), text).toBe(true);
    for (const text of [
      'The women in the kitchen were cooking.',
      'Women belong in leadership roles.',
      'The woman is in the kitchen.',
      'The world would be better without racism.',
    ])
      expect(hate(text), text).toBe(false);
  });
});

describe('a hate phrase that begins with a harassment word', () => {
  it('keeps the harassment word counted ("scum of the earth" is still "scum")', () => {
    const all = prepareSafetyClassifier({
      categories: ['harassment'],
      threshold: 'medium',
      blockIf: [],
      blockedTopics: [],
    });
    expect(all.scan('They are the scum of the earth.').scores.harassment).toBe(
      all.scan('They are scum.').scores.harassment,
    );
  });
});
