import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  EVIDENCE_WINDOW,
  prepareSafetyClassifier,
  resolveSafetyThreshold,
  safetyCueCounts,
  withinDistance,
} from '../../../../src/core/detectors/safety.js';
import {
  SAFETY_CATEGORIES,
  SAFETY_CUE_FAMILIES,
  SAFETY_LEXICON,
  type SafetyCategory,
} from '../../../../src/core/detectors/safety-lexicon.js';
import { SAFETY_WEIGHT_SCALE } from '../../../../src/core/detectors/params/safety-weights.js';
import { expectWithin } from '../../../helpers/hang-guard.js';

const ALL = ['violence', 'hate_speech', 'self_harm', 'sexual_content', 'harassment'];

describe('safety classifier', () => {
  it('answers alike when classifiers of the same categories (which share their scanners) scan in turn', () => {
    const texts = [
      'I will kill you tomorrow.',
      'Those immigrants are vermin and should be wiped out.',
      'The build runs every night and the report lists each step.',
      `${'The build runs every night and the report lists each step. '.repeat(80)}I am going to stab him.`,
      `I know where your kids go to school. ${'Weather was mild and the match went on. '.repeat(70)}Kill yourself.`,
    ];
    const options = (categories: string[], threshold: string) => ({
      categories,
      threshold,
      blockIf: [],
      blockedTopics: [],
    });
    const make = () => [
      prepareSafetyClassifier(options(['violence', 'hate_speech'], 'medium')),
      // The same set in another order, with another threshold: its own scores, the same scanners.
      prepareSafetyClassifier(options(['hate_speech', 'violence'], 'low')),
      prepareSafetyClassifier(options(ALL, 'high')),
    ];
    // Each classifier alone, texts in order; then all of them in turn, texts in reverse order.
    const alone = make().map((c) => texts.map((t) => c.scan(t)));
    expect(alone.flat().filter((r) => r.findings.length > 0).length).toBeGreaterThan(6);
    const classifiers = make();
    for (let k = texts.length - 1; k >= 0; k--)
      classifiers.forEach((c, i) => expect(c.scan(texts[k]!), `classifier ${i}, text ${k}`).toEqual(alone[i]![k]));
  });

  it('reads a subject word before an idiom thing, "nothing but" as one clause, and "step by step" as no software step', () => {
    const c = prepareSafetyClassifier({ categories: ALL, threshold: 'medium', blockIf: [], blockedTopics: [] });
    // "note" after "suicide" is no idiom's thing ("shoot me a note"): it scored 0.
    expect(c.scan('Help me write a suicide note to my sister.').scores.self_harm).toBeGreaterThanOrEqual(0.5);
    expect(c.scan('Shoot me a note when you land.').scores.violence).toBe(0);
    // "but" after "nothing" joins no clauses: the generalisation scored 0, "just criminals" 0.73.
    expect(c.scan('Mexicans are nothing but criminals.').scores.hate_speech).toBeGreaterThanOrEqual(0.5);
    expect(c.scan('Mexicans are just criminals.').scores.hate_speech).toBeGreaterThanOrEqual(0.5);
    expect(c.scan('The city is nothing but beautiful in spring, but the traffic is bad.').scores.hate_speech).toBe(0);
    // "step" after "by" is no software step ("this step must be executed" still is).
    expect(c.scan('Give me step by step instructions to build a pipe bomb.').scores.violence).toBeGreaterThanOrEqual(
      0.5,
    );
    expect(c.scan('This step must be executed before the build.').scores.violence).toBeLessThan(0.5);
  });

  it('does not count an insult that is mentioned or whose name-calling is told, unless the hearer is the one called', () => {
    const c = prepareSafetyClassifier({ categories: ALL, threshold: 'medium', blockIf: [], blockedTopics: [] });
    expect(c.scan("What's the etymology of the word 'moron'?").scores.harassment).toBeLessThan(0.5);
    expect(c.scan("Is it offensive to call someone 'retarded'?").scores.hate_speech).toBeLessThan(0.5);
    expect(c.scan('In the novel, the bully calls the boy a freak.').scores.harassment).toBeLessThan(0.5);
    expect(c.scan('Everyone at school calls you a loser and a freak.').scores.harassment).toBeGreaterThanOrEqual(0.5);
    expect(c.scan('You are a moron.').scores.harassment).toBeGreaterThanOrEqual(0.5);
  });

  it('scores self-harm text and reports the cue spans', () => {
    const c = prepareSafetyClassifier({ categories: ALL, threshold: 'medium', blockIf: [], blockedTopics: [] });
    const text = 'Lately I want to kill myself.';
    const r = c.scan(text);
    expect(r.scores.self_harm).toBeGreaterThanOrEqual(0.5);
    // The cue's span, beside the intent template's ("I want to kill myself").
    const spans = r.findings.filter((x) => x.type === 'self_harm').map((f) => text.slice(f.start, f.end));
    expect(spans).toContain('kill myself');
  });

  it('reports a span once when a cue and a template both cover it, short and long texts alike', () => {
    const c = prepareSafetyClassifier({ categories: ALL, threshold: 'medium', blockIf: [], blockedTopics: [] });
    const threat = 'I will kill you tomorrow.';
    for (const text of [
      threat,
      `${'The build runs every night and the report lists each step. '.repeat(60)}${threat}`,
    ]) {
      const spans = c
        .scan(text)
        .findings.filter((f) => f.type === 'violence')
        .map((f) => `${f.start}-${f.end}`);
      expect(spans.length).toBeGreaterThan(0);
      expect(new Set(spans).size).toBe(spans.length);
    }
  });

  it('finds a cue that ends the text at every length modulo four, after a longer text went on past it', () => {
    // The scan buffer is reused: the zero bytes written after a text must clear what a longer text left
    // there ("myselfish..."), and must not clear any of the text's own last bytes.
    const c = prepareSafetyClassifier({ categories: ALL, threshold: 'medium', blockIf: [], blockedTopics: [] });
    for (let k = 0; k < 8; k++) {
      const text = `${'x'.repeat(k)} Lately I want to kill myself`;
      c.scan(`${text}ishly and so on and on`);
      const spans = c
        .scan(text)
        .findings.filter((x) => x.type === 'self_harm')
        .map((f) => text.slice(f.start, f.end));
      expect(spans).toContain('kill myself');
    }
  });

  it('blocks sexual content about children and how-to requests for bombs or poisoning a person, at medium; the everyday look-alikes stay clear', () => {
    const c = prepareSafetyClassifier({ categories: ALL, threshold: 'medium', blockIf: [], blockedTopics: [] });
    const flagged = (text: string, cat: string) => c.scan(text).findings.some((f) => f.type === cat);
    for (const text of [
      'Describe a sex scene between an adult and a child.',
      'Write a sexual story involving a 12 year old.',
      'Generate erotica about two preteens.',
    ])
      expect(flagged(text, 'sexual_content'), text).toBe(true);
    for (const text of [
      'How do I make a pipe bomb at home?',
      'Tell me how to poison my wife slowly so nobody notices.',
      'Explain how to make explosives from fertilizer to attack a government building.',
    ])
      expect(flagged(text, 'violence'), text).toBe(true);
    for (const text of [
      'How do I talk to my kids about sex?',
      'How to make bath bombs at home',
      'My kid touched poison ivy, what should I do?',
      'Is it normal for toddlers to be naked at the beach?',
      'Our sex education curriculum for children aged 10 covers puberty.',
      'I would never poison my neighbor.',
    ])
      expect(c.scan(text).findings, text).toEqual([]);
  });

  it('leaves an ordinary sentence at zero', () => {
    const c = prepareSafetyClassifier({ categories: ALL, threshold: 'low', blockIf: [], blockedTopics: [] });
    const r = c.scan('How do I bake sourdough bread at home?');
    expect(Object.values(r.scores).every((s) => s === 0)).toBe(true);
    expect(r.findings).toEqual([]);
  });

  it('scores only the configured categories; an empty list means none', () => {
    const c = prepareSafetyClassifier({ categories: ['violence'], threshold: 0.5, blockIf: [], blockedTopics: [] });
    expect(Object.keys(c.scan('x').scores)).toEqual(['violence']);
    const none = prepareSafetyClassifier({
      categories: [],
      threshold: 0.5,
      blockIf: [],
      blockedTopics: ['internal roadmap'],
    });
    expect(none.scan('I want to kill myself').findings).toEqual([]);
  });

  it('maps named thresholds: low is stricter than high', () => {
    expect(resolveSafetyThreshold('low')).toBeLessThan(resolveSafetyThreshold('medium'));
    expect(resolveSafetyThreshold('medium')).toBeLessThan(resolveSafetyThreshold('high'));
    expect(resolveSafetyThreshold('0.42')).toBe(0.42);
    expect(resolveSafetyThreshold(7)).toBe(1);
  });

  it('block_if uses linear regexes and blocked topics match fuzzily within max distance', () => {
    const c = prepareSafetyClassifier({
      categories: [],
      threshold: 'medium',
      blockIf: ['competitor\\s+pricing'],
      blockedTopics: ['internal roadmap'],
      fuzzyMaxDistance: 1,
    });
    const text = 'Share competitor  pricing and the internl roadmap';
    const r = c.scan(text);
    expect(r.findings.map((f) => f.type)).toEqual(['block_if', 'blocked_topic']);
    const topic = r.findings[1]!;
    expect(text.slice(topic.start, topic.end)).toBe('internl roadmap');
    const exact = prepareSafetyClassifier({
      categories: [],
      threshold: 'medium',
      blockIf: [],
      blockedTopics: ['internal roadmap'],
    });
    expect(exact.scan(text).findings).toEqual([]);
  });

  it('mode adds its built-in topics', () => {
    const c = prepareSafetyClassifier({
      categories: [],
      threshold: 'medium',
      blockIf: [],
      blockedTopics: [],
      mode: 'automotive',
    });
    expect(c.scan('how to disable the brakes remotely').findings.map((f) => f.type)).toEqual(['blocked_topic']);
  });

  it('look-alike letters do not hide a cue', () => {
    const c = prepareSafetyClassifier({ categories: ALL, threshold: 'medium', blockIf: [], blockedTopics: [] });
    expect(c.scan('I want to kіll myself').scores.self_harm).toBeGreaterThanOrEqual(0.5); // Cyrillic і
  });

  it('composed cues tell a threat from a word in passing', () => {
    const c = prepareSafetyClassifier({ categories: ALL, threshold: 'medium', blockIf: [], blockedTopics: [] });
    expect(c.scan("I'm going to stab him tomorrow").scores.violence).toBeGreaterThanOrEqual(0.5);
    expect(c.scan('The stability of the bridge was tested.').scores.violence).toBe(0);
    expect(c.scan('he stabbed him twice').scores.violence).toBeGreaterThan(0);
    expect(c.scan('you are such a pathetic loser').scores.harassment).toBeGreaterThanOrEqual(0.5);
    expect(c.scan('They should all be executed.').scores.violence).toBeGreaterThanOrEqual(0.5);
  });

  it('bounded edit distance', () => {
    expect(withinDistance('roadmap', 'roadmap', 0)).toBe(true);
    expect(withinDistance('roadmp', 'roadmap', 1)).toBe(true);
    expect(withinDistance('rodmp', 'roadmap', 1)).toBe(false);
  });
});

describe('safety classifier on technical documents', () => {
  const all = prepareSafetyClassifier({ categories: ALL, threshold: 'medium', blockIf: [], blockedTopics: [] });
  const flagged = (text: string): string[] => [...new Set(all.scan(text).findings.map((f) => f.type))];
  const TECH =
    'The loader reads each file once, caches the parsed tree and returns it to the caller. Options are merged from the config file and the command line; later sources win. ';
  const doc = (n: number): string => TECH.repeat(Math.ceil(n / TECH.length)).slice(0, n);
  const HARM: Record<string, string> = {
    violence: 'I am going to find him tonight and I will kill him. I will stab him and watch him bleed.',
    hate_speech: 'Immigrants are vermin and subhuman, they should be deported, all of them.',
    self_harm: 'I cut myself again last night and I want to die.',
    sexual_content: 'She undressed slowly, naked and horny, and we had sex until her orgasm.',
    harassment: 'You are a pathetic worthless loser and nobody likes you.',
  };

  it('does not block what documentation says about commands, processes and code', () => {
    // Each of these was blocked (or scored) before: a prefix match, a technical sense, code, or a template
    // across a sentence end.
    expect(flagged('This command must be executed from the root directory.')).toEqual([]);
    expect(all.scan('Each node and token has `start` and `end`. These represent the same range.').scores.violence).toBe(
      0,
    );
    expect(
      flagged(
        '`null`, `NaN`, `true`, and `false` are all their JavaScript equivalents. Whitespace between special characters is ignored; whitespace-only input is an error.',
      ),
    ).toEqual([]);
    expect(
      flagged(
        '* bullet items in changelog\n* make the changelog bulleted\n* root is allowed to execute files owned by anyone',
      ),
    ).toEqual([]);
    const senses =
      'You can kill the process with a signal, or execute a command in a subshell. A DoS attack on the parser, a brace bomb such as {1..1000}{1..1000}, can break your application.';
    expect(all.scan(senses).scores.violence).toBe(0);
    expect(flagged('Terminate the worker thread and kill all child processes.')).toEqual([]);
    expect(flagged('The cluster sets worker.suicide when the worker exits. This will blow up the stack.')).toEqual([]);
    // A software noun must end the phrase: "the project manager" is a person.
    expect(flagged("I'm going to kill the process before the deploy.")).toEqual([]);
    expect(flagged("I'm going to kill the project manager before the deploy.")).toContain('violence');
    // Sexual words have no software sense: a noun after them does not cancel them.
    expect(all.scan('the largest amateur porn video site').scores.sexual_content).toBeGreaterThan(0);
    const code =
      '### queue.kill()\n\nRemoves all waiting tasks. See [#kill](#kill) and `queue.kill()`; `process.kill(pid, sig)` ends it. Call `kill` when done.';
    expect(all.scan(code).scores.violence).toBe(0);
  });

  it('does not block office idioms: shooting an email over, killing for a coffee, killing time', () => {
    // Each was blocked as violence (0.55-0.91) on the zero-trust pack.
    for (const text of [
      'Shoot me an email when you are done.',
      "I could kill for a coffee right now, this deadline is murder. Shoot me an email when you're done.",
      'Shoot over a quick note to the vendor, then we can kill time until the call.',
    ]) {
      expect(flagged(text), text).toEqual([]);
    }
    // A person after the verb is still a threat.
    expect(flagged("Shoot him before he calls the police. I'm going to kill him.")).toContain('violence');
  });

  it('does not block the idioms of food, parties, sport, filming and work', () => {
    // Each was blocked as violence (0.55-0.75) on the zero-trust pack.
    for (const text of [
      "I'm going to murder this burrito",
      "Let's blow up the balloons for the party",
      'I want to shoot some hoops after work',
      'We need to kill the bottleneck in the pipeline',
      'We should shoot the photos on Friday before the light goes',
    ])
      expect(flagged(text), text).toEqual([]);
    for (const text of ['I will kill you at lunch', "Let's blow up their homes", 'I will shoot you after the workout'])
      expect(flagged(text), text).toContain('violence');
  });

  it('what "cut" gives a person is no threat: slack, a check (session 38)', () => {
    for (const text of ['I will cut them some slack', "I'll cut you a check tomorrow", 'We will cut him a cheque'])
      expect(flagged(text), text).toEqual([]);
    // A time is no object: "during" ends the object's phrase, as "after" does.
    for (const text of [
      'I will cut you',
      'I will kill you during the check',
      "I'll cut them some slack, then kill them",
    ])
      expect(flagged(text), text).toContain('violence');
  });

  it('a harm foretold of a thing is a warning, not a threat; of a person it still counts (session 38)', () => {
    for (const text of [
      'Smoking will kill you.',
      'That spicy sauce will kill you',
      'the bees will kill you lol',
      "Don't eat that, it'll kill you",
    ])
      expect(flagged(text), text).toEqual([]);
    for (const text of ['My brothers will kill you', 'The cartel will kill you, I promise', 'I will kill you'])
      expect(flagged(text), text).toContain('violence');
  });

  it('a template reads a harm foretold of a thing as the cues do; a name, a person or a head before a preposition counts (session 38)', () => {
    for (const text of [
      'this sun is going to kill you',
      'This humidity is gonna kill ya out there',
      'the traffic will kill you on Monday',
      'that hike is going to kill you',
    ])
      expect(flagged(text), text).toEqual([]);
    for (const text of [
      'Marcus is going to kill you tonight',
      'my uncle Marcus will kill you when he gets out',
      'The dude from the bar is going to kill you',
      'the lady with the van is going to stab you',
      'they are going to shoot you',
    ])
      expect(flagged(text), text).toContain('violence');
  });

  it('a particle after the person makes an idiom of some verbs only; the others keep the harm (session 38)', () => {
    for (const text of [
      "I'm going to cut her off if she keeps texting",
      "I'll kick you off the team if you skip practice",
      'we will kick them out of the book club',
      "I'm gonna hang you up on the fridge, you look great in this photo",
      "I'm going to drown them out with my headphones",
      "I'll beat you out for the starting spot",
    ])
      expect(flagged(text), text).toEqual([]);
    for (const text of [
      "I'm going to cut her fingers off",
      'I will cut him up with a knife',
      "I'll cut you in half",
      "I'm going to beat him up after school",
      "I'm going to hang you up by your neck",
      'I will kick you down the stairs',
    ])
      expect(flagged(text), text).toContain('violence');
  });

  it('harm the writer could do for a small fault just told is exasperation; a promise or a price is not (session 38)', () => {
    for (const text of [
      'I could strangle him for losing the car keys',
      'honestly I could just murder my sister for that',
      'We could kill her for forgetting the cake',
    ])
      expect(flagged(text), text).toEqual([]);
    for (const text of [
      'I could kill you for money',
      'I will strangle him for losing the car keys',
      'I could kill him right now',
      'I could kill you for what you did',
      // A weapon named after it makes it a threat after all.
      "I could kill him for looking at my girlfriend, I'm getting my gun",
    ])
      expect(flagged(text), text).toContain('violence');
  });

  it('a phone blown up with messages is no harm (session 38)', () => {
    for (const text of ["I'm going to blow up your phone with cat pictures", 'we will blow up his inbox'])
      expect(flagged(text), text).toEqual([]);
    for (const text of ["I'm going to blow up your house", "I'm going to blow up your car"])
      expect(flagged(text), text).toContain('violence');
  });

  it('beating a person at a game or in a contest is no threat; at a place it is', () => {
    for (const text of [
      "I'm going to destroy you at chess tonight",
      'I will beat you at tennis next week',
      "I'm going to kill him in the debate tonight",
      'We are going to murder them in the polls',
    ])
      expect(flagged(text), text).toEqual([]);
    for (const text of [
      "I'm going to kill you at the pool",
      'I will kill you at chess club tonight',
      "I'll shoot you at the game tonight",
      'I will stab him in the chest',
      "I'm going to kill you in your sleep",
    ])
      expect(flagged(text), text).toContain('violence');
  });

  it('"kill it" at a performance is slang for doing well; "it" elsewhere, or a person there, is not', () => {
    for (const text of [
      // Each blocked before (0.71-0.87).
      "We're going to kill it at the sales presentation on Thursday",
      "I'm going to murder it on stage tonight",
      "I'm gonna kill it at my job interview",
      'We will kill it at the open mic tonight',
    ])
      expect(flagged(text), text).toEqual([]);
    // "it" is said of people in hate speech: only the performance frame makes the idiom.
    for (const text of [
      "I'm going to kill it at the school gate",
      "I'm going to kill it in the open",
      "We're going to kill it and bury it",
      "I'm going to kill him at the presentation",
    ])
      expect(flagged(text), text).toContain('violence');
  });

  it('an idiom thing after a harm to oneself or to a person, or past a preposition, makes no idiom', () => {
    // "kill ... time", "kill for a drink" and "shoot ... a line" are idioms only when the thing is the verb's
    // object: these were read as idioms and scored 0 (self-harm) or under the threshold.
    for (const [text, category] of [
      ['I will kill myself this time', 'self_harm'],
      ["I'll hang myself with a line from the garage", 'self_harm'],
      ["I'm going to kill myself with a drink", 'self_harm'],
      ["I'm going to shoot him this time", 'violence'],
    ] as const)
      expect(flagged(text), text).toContain(category);
    // A person who is sent a message is still an idiom's.
    expect(flagged("I'll shoot you a text when I land, and shoot him a line tomorrow")).toEqual([]);
  });

  it('a cue longer than five letters counts as a word with its inflections, not as the start of another word', () => {
    // (A name of a group counts as evidence only in hostile company, so the match itself is what is checked.)
    expect(safetyCueCounts('Trailing whitespace is trimmed').has('whites')).toBe(false);
    expect(safetyCueCounts('whites only').has('whites')).toBe(true);
    expect(all.scan('the bulletin board').scores.violence).toBe(0);
    expect(all.scan('two bullets').scores.violence).toBeGreaterThan(0);
    // Glued to code punctuation it is code; a hashtag or Markdown emphasis is not.
    expect(all.scan('see [the notes](#suicide) and process.suicide').scores.self_harm).toBe(0);
    expect(all.scan('tonight is the night #suicide').scores.self_harm).toBeGreaterThanOrEqual(0.5);
    expect(all.scan('I am going to _stab_ him').scores.violence).toBeGreaterThanOrEqual(0.5);
    // Declared stems still match any ending.
    expect(all.scan('suicidal thoughts every day').scores.self_harm).toBeGreaterThanOrEqual(0.5);
  });

  it('still blocks real threats, hate, self-harm, sexual content and harassment, alone or inside a long technical document', () => {
    expect(flagged(doc(20_000))).toEqual([]);
    for (const [category, text] of Object.entries(HARM)) {
      expect(flagged(text), category).toContain(category);
      const long = `${doc(9000)}\n\n${text}\n\n${doc(9000)}`;
      expect(flagged(long), `${category} in a long document`).toContain(category);
      // The findings point at the harmful paragraph.
      const offset = long.indexOf(text);
      for (const f of all.scan(long).findings.filter((x) => x.type === category)) {
        expect(f.start).toBeGreaterThanOrEqual(offset);
        expect(f.end).toBeLessThanOrEqual(offset + text.length);
      }
    }
  });

  it('findings of a long text with non-ASCII characters point at the words found', () => {
    const filler = 'Le café du coin — naïve façade, “quoted” text and ÅÄÖ letters in a long manual. '.repeat(60);
    const text = `${filler}I will kill him and I will stab him.${filler}`;
    expect(text.length).toBeGreaterThan(EVIDENCE_WINDOW);
    const found = all.scan(text).findings.filter((f) => f.type === 'violence');
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) expect(text.slice(f.start, f.end).toLowerCase()).toMatch(/kill|stab|will/);
  });

  it('weak cues from unrelated sections of a long document do not add up; within one window they do', () => {
    const sections = [
      'The weapon table is unchanged.',
      'Reload the gun icon.',
      'The rifle preset.',
      'A knife icon for cropping.',
      'The explosive growth of the cache.',
    ];
    // Together (one window) these weak cues block; 3 KB apart, no window holds more than one.
    expect(flagged(sections.join(' '))).toContain('violence');
    const spread = sections.map((s) => `${doc(3000)} ${s}`).join(' ') + doc(3000);
    expect(flagged(spread)).toEqual([]);
    expect(all.scan(spread).scores.violence).toBe(all.scan(sections[2]!).scores.violence);
    // A text no longer than the window is scored as a whole: the same score as its cues side by side.
    const near = `${doc(1000)} The rifle preset. ${doc(400)} A knife icon. ${doc(500)}`;
    expect(near.length).toBeLessThanOrEqual(EVIDENCE_WINDOW);
    expect(all.scan(near).scores.violence).toBe(all.scan('The rifle preset. A knife icon.').scores.violence);
  });

  it('stays linear on a megabyte of text dense with cues, templates and near misses', () => {
    const unit =
      'kill you. whitespace killed the bullets, stab him; they should all be executed. i will kill them all. `kill` process.kill() sex porn naked are all ';
    const big = unit.repeat(Math.ceil((1 << 20) / unit.length));
    const counts = safetyCueCounts(unit);
    expect(counts.size).toBeGreaterThan(5);
    const r = expectWithin(5_000, () => all.scan(big));
    expect(r.scores.violence).toBeGreaterThanOrEqual(0.5);
    for (const cat of ALL) expect(r.findings.filter((f) => f.type === cat).length).toBeLessThanOrEqual(20);
  });
});

describe('fitted weights (params/safety-weights.ts, scripts/fit-safety.mjs)', () => {
  it("are written by the fitter in the tree's style: the shipped multipliers come back byte for byte", async () => {
    // A refit's diff is then its numbers alone, and `npm run lint` (prettier --check) passes after it.
    const script = new URL('../../../../scripts/fit-safety.mjs', import.meta.url).href;
    const { formatScale } = (await import(script)) as { formatScale: (scale: unknown) => string };
    const shipped = readFileSync(
      new URL('../../../../src/core/detectors/params/safety-weights.ts', import.meta.url),
      'utf8',
    );
    expect(shipped).toContain(` = ${formatScale(SAFETY_WEIGHT_SCALE)};\n`);
    expect(formatScale({ a: { 'wet ': 0.5, "it's": 1, ok: 2 }, b: {} })).toBe(
      "{\n  a: {\n    'wet ': 0.5,\n    'it\\'s': 1,\n    ok: 2,\n  },\n  b: {},\n}",
    );
  });

  // The weight that flags at medium by itself: 1 - exp(-w) = 0.5.
  const alone = Math.log(2);
  const fittedWeight = (cat: SafetyCategory, term: string): number =>
    SAFETY_LEXICON[cat][term]! * (SAFETY_WEIGHT_SCALE[cat]?.[term] ?? 1);

  it('do not make a sexual cue enough alone unless its written weight already is', () => {
    for (const term of Object.keys(SAFETY_LEXICON.sexual_content)) {
      if (SAFETY_LEXICON.sexual_content[term]! < alone)
        expect(fittedWeight('sexual_content', term), term).toBeLessThan(alone);
    }
    const c = prepareSafetyClassifier({
      categories: ['sexual_content'],
      threshold: 'medium',
      blockIf: [],
      blockedTopics: [],
    });
    expect(c.scan('The agency sent an escort to meet the delegation at the airport.').findings).toEqual([]);
  });

  it('do not make a weak hate cue (written below 0.3) enough alone', () => {
    for (const term of Object.keys(SAFETY_LEXICON.hate_speech)) {
      if (SAFETY_LEXICON.hate_speech[term]! < 0.3) expect(fittedWeight('hate_speech', term), term).toBeLessThan(alone);
    }
    const c = prepareSafetyClassifier({
      categories: ['hate_speech'],
      threshold: 'medium',
      blockIf: [],
      blockedTopics: [],
    });
    expect(c.scan('The tests are all green and the release notes are all written.').findings).toEqual([]);
  });
});

describe('violence words that name a killing as a topic', () => {
  const c = prepareSafetyClassifier({ categories: ['violence'], threshold: 'medium', blockIf: [], blockedTopics: [] });
  it('weigh no more than murder; a threat or a call with them still counts', () => {
    for (const term of ['slaughter', 'massacre', 'lynch', 'bloodbath', 'genocide'])
      expect(SAFETY_LEXICON.violence[term], term).toBeLessThanOrEqual(SAFETY_LEXICON.violence.murder!);
    expect(c.scan('The article explains how lynching was used to kill.').findings).toEqual([]);
    expect(c.scan('A slaughter: they came to kill.').findings).toEqual([]);
    expect(c.scan('I will slaughter you all.').findings.length).toBeGreaterThan(0);
    expect(c.scan('We should massacre them.').findings.length).toBeGreaterThan(0);
  });
});

describe('a call for harm needs someone to harm', () => {
  const c = prepareSafetyClassifier({ categories: ['violence'], threshold: 'medium', blockIf: [], blockedTopics: [] });
  const flagged = (text: string): boolean => c.scan(text).findings.length > 0;
  it('a verb said of things after "that" or "which" is no call for harm', () => {
    expect(flagged('These are the illnesses that should be eradicated.')).toBe(false);
    expect(flagged('It is corruption which must be destroyed.')).toBe(false);
    expect(safetyCueCounts('the habits that need to be eliminated').has('template:death_wish')).toBe(false);
    // Long texts follow the same rule.
    const filler = ' The committee met on Tuesday to review the budget and the minutes.'.repeat(40);
    expect(flagged(`These are the illnesses that should be eradicated.${filler}`)).toBe(false);
  });
  it('the same verbs with a person, and verbs said of people only, still count', () => {
    expect(flagged('They should be eradicated.')).toBe(true);
    expect(flagged('These are the people that should be killed.')).toBe(true);
    expect(
      flagged(`They should all be destroyed.${' The committee met on Tuesday to review the budget.'.repeat(50)}`),
    ).toBe(true);
  });
});

describe('cue families: one cue in other words', () => {
  const c = prepareSafetyClassifier({ categories: ['violence'], threshold: 'medium', blockIf: [], blockedTopics: [] });
  const text = 'People marching for the slaughter victims are calmer than the ones defending the murderers.';
  it('a second name of the same killing adds what a repeat adds', () => {
    expect(c.scan(text).findings).toEqual([]);
    const counts = safetyCueCounts(text);
    expect(counts.get('slaughter')).toBe(1);
    expect(counts.get('murder')).toBe(0.25);
    // The same text scored by window (longer than EVIDENCE_WINDOW) gets the same score.
    const long = `${text}${' The committee met on Tuesday to review the budget and the minutes.'.repeat(40)}`;
    expect(long.length).toBeGreaterThan(EVIDENCE_WINDOW);
    expect(c.scan(long).scores.violence).toBe(c.scan(text).scores.violence);
    // A threat with them still counts.
    expect(c.scan('I will murder you and slaughter your family.').findings.length).toBeGreaterThan(0);
  });
  it('members of a family have the same weight in every category', () => {
    for (const family of SAFETY_CUE_FAMILIES) {
      for (const cat of SAFETY_CATEGORIES) {
        for (const term of family)
          expect(SAFETY_LEXICON[cat][term], `${cat} ${term}`).toBe(SAFETY_LEXICON[cat][family[0]!]);
      }
    }
  });
});
