/**
 * Content-safety lexicon, written for this project: per category, cue terms with a weight. A term is a
 * word stem (matched at a word start, any ending) or a short phrase; weights say how much one occurrence
 * says about the category. Terms are everyday vocabulary of each harm, not text from any corpus.
 * scripts/fit-safety.mjs may rescale these weights from the development corpus (params/safety-weights.ts).
 */
import type { TemplateSpec } from './safety-templates.js';

export type SafetyCategory = 'violence' | 'hate_speech' | 'self_harm' | 'sexual_content' | 'harassment';

export const SAFETY_CATEGORIES: readonly SafetyCategory[] = ['violence', 'hate_speech', 'self_harm', 'sexual_content', 'harassment'];

/** term -> weight. Strong cues ~1.0 (one is enough at medium), supporting cues 0.3-0.6. */
export const SAFETY_LEXICON: Readonly<Record<SafetyCategory, Readonly<Record<string, number>>>> = {
  violence: {
    'i will kill': 0.4, "i'll kill": 0.4, 'going to kill': 0.4, 'gonna kill': 0.4, 'want to kill': 0.4, 'shoot you': 0.4, 'shoot them': 0.4, 'beat you': 0.3, 'kill you': 0.3, 'kill them': 0.3, 'kill him': 0.3, 'kill her': 0.3, 'dead bodies': 0.6, 'bodies': 0.15, 'bleeding': 0.4, 'hammer': 0.1, 'stomp': 0.5, 'curb stomp': 1.0, 'gouge': 0.8, 'bludgeon': 1.0, 'maim': 0.9, 'shot dead': 0.9, 'stabbed': 0.9, 'gunned down': 1.0, 'blow your': 0.3, 'burn alive': 1.0, 'burned alive': 1.0, 'eat them': 0.3,
    // Names of a killing as a topic (murder, slaughter, massacre, lynching, bloodbath, genocide) weigh no more
    // than "murder": a history of a massacre uses them as a threat does; what states harm is the templates'.
    kill: 0.25, murder: 0.35, 'shoot ': 0.4, shooting: 0.3, stab: 0.5, behead: 1.0, decapitat: 1.0, slaughter: 0.35,
    massacre: 0.35, torture: 0.5, 'blow up': 0.8, bomb: 0.3, explosive: 0.3, strangl: 0.9, choke: 0.3, assault: 0.2,
    'beat up': 0.8, 'beat the': 0.4, 'beat them': 0.4, punch: 0.3, bloodbath: 0.35, bleed: 0.25, blood: 0.15, gore: 0.4, mutilat: 0.7,
    dismember: 1.0, execute: 0.1, execution: 0.15, 'slit ': 0.8, 'throat': 0.15, gun: 0.2, rifle: 0.4, knife: 0.3,
    machete: 0.6, weapon: 0.2, violent: 0.15, violence: 0.15, attack: 0.15, terroris: 0.25, 'hang them': 1.0,
    lynch: 0.35, 'burn them': 1.0, corpse: 0.3, 'dead body': 0.5, brutal: 0.2, rape: 0.2, 'hurt you': 0.3,
    'hurt them': 0.3, 'i will hurt': 0.3, 'going to hurt': 0.3, smash: 0.2, 'break your': 0.3, 'skull': 0.3,
    bullet: 0.35, 'burn down': 0.7, arson: 0.4, genocide: 0.2, war: 0.05, fight: 0.05, 'deserve to die': 1.0,
    // Threats in words that name no harm (2026-11-24, session 30 probe): the outcome of an attack, and warnings.
    // (Not "see me coming", "watch your back": "see" and "watch" begin too many words of documents, each a trie walk.)
    'maximise casualties': 0.9, 'maximize casualties': 0.9, 'sleep with one eye open': 0.6, 'sleeping with one eye open': 0.6,
  },
  hate_speech: {
    simian: 0.9, monkeys: 0.5, ape: 0.4, apes: 0.5, feral: 0.5, 'should be exterminated': 1.2, 'should be killed': 1.0, 'their kind': 0.6, 'your kind': 0.6, 'your race': 0.8, 'their race': 0.6, 'white people': 0.4, 'black people': 0.4, 'jews': 0.5, 'muslims': 0.5, 'immigrants': 0.4, 'illegals': 0.8, 'being gay': 0.4, atheist: 0.3, religion: 0.15, 'wetbacks': 1.2, 'beaner': 1.0, 'gook': 1.0, 'dyke': 0.8, 'inferior': 0.5, 'invaders': 0.6, 'invasion': 0.4,
    nigger: 1.2, nigga: 0.9, faggot: 1.2, fag: 0.8, kike: 1.2, spic: 1.0, chink: 1.0, wetback: 1.2, raghead: 1.2,
    towelhead: 1.2, tranny: 1.0, 'retard.': 0.6, subhuman: 1.0, vermin: 0.7, 'inferior race': 1.2, 'master race': 1.0,
    'white power': 1.0, 'white supremac': 0.8, 'go back to your country': 1.0, 'go back to where': 0.8,
    'these people': 0.3, 'those people': 0.3, immigrant: 0.35, muslim: 0.35, islam: 0.35, jew: 0.4, jewish: 0.35,
    black: 0.25, blacks: 0.6, 'the blacks': 0.9, whites: 0.4, gay: 0.3, gays: 0.5, homosexual: 0.4, lesbian: 0.3,
    transgender: 0.3, mexican: 0.3, arab: 0.3, asian: 0.2, race: 0.3, racist: 0.4, racial: 0.3, ethnic: 0.3,
    'should be deported': 0.9, 'should be banned': 0.5, 'should not be allowed': 0.5, exterminat: 0.9,
    'are animals': 0.9, 'are all': 0.2, 'all of them': 0.3, disgusting: 0.4, filthy: 0.5, savage: 0.5,
    'third world': 0.3, 'illegal alien': 0.7, hate: 0.35, hatred: 0.4, nazi: 0.5, hitler: 0.5, holocaust: 0.3,
    heathen: 0.5, infidel: 0.6, 'sand n': 1.0, 'ching chong': 1.2, ghetto: 0.4, thug: 0.4,
    // Coded slurs and slur blends (a group's name fused with an insult) and movement slogans:
    // words a neutral sentence about a group does not use.
    musloid: 1.2, muzzie: 1.0, mudslime: 1.2, goatfuck: 1.0, 'goat fucker': 1.0, whitey: 0.8, jewed: 1.0, 'jew down': 1.0,
    qadiani: 0.8, jigaboo: 1.2, 'porch monkey': 1.2, 'camel jockey': 1.0, 'sand monkey': 1.2, feminazi: 0.6,
    femoid: 0.9, foids: 0.9, 'white genocide': 0.8, 'great replacement': 0.5,
    'race traitor': 0.9, 'mud people': 1.2, 'shit skin': 1.2, shitskin: 1.2,
    // Hostile company below the weight that flags alone: dehumanising and excluding phrases that give a group
    // named beside them its weight (SAFETY_NEEDS_COMPANY), and no flag on their own. ("scum of the earth" is
    // also harassment's: the longest cue at a word wins, and it would hide harassment's "scum".)
    'scum of the earth': 0.6, 'sworn enemies': 0.4, 'one way ticket': 0.5, 'one-way ticket': 0.5, 'back to africa': 0.6,
    uncivilized: 0.4, uncivilised: 0.4, 'no civilization': 0.4, domesticated: 0.2, 'breed like': 0.6,
  },
  self_harm: {
    'cut myself': 1.2, 'i cut': 0.6, 'cuts': 0.4, 'my cuts': 1.0, 'burned myself': 1.0, 'burnt myself': 1.0, 'punish myself': 0.9, 'slicing myself': 1.2, 'harm myself': 1.2, 'hurting myself': 1.0, 'starve myself': 1.2, 'starving myself': 1.2, 'killing oneself': 0.9, 'eating disorder': 0.8, 'wrists': 0.6, 'veins': 0.4, 'scars': 0.4, 'relapse': 0.5, 'relapsed': 0.6, 'thighs': 0.25, 'endorphins': 0.25, myself: 0.2, 'razor blade': 0.8, 'blades': 0.4, 'purge': 0.5, 'numb': 0.3,
    suicid: 1.0, 'kill myself': 1.2, 'end my life': 1.2, 'take my own life': 1.2, 'want to die': 1.0, 'wanna die': 1.0,
    'self harm': 1.0, 'self-harm': 1.0, 'cutting myself': 1.2, 'hurt myself': 1.0, overdos: 0.8,
    'no reason to live': 1.0, 'not worth living': 1.0, 'better off dead': 1.0, 'end it all': 0.9, 'slit my': 1.2,
    'hang myself': 1.2, 'jump off': 0.5, 'sleeping pills': 0.6, razor: 0.4, 'pills': 0.3, anorexi: 0.6, bulimi: 0.6,
    starv: 0.4, purging: 0.5, depress: 0.4, hopeless: 0.5, worthless: 0.5, 'hate myself': 0.7, 'my life': 0.2,
    't want to live': 1.2, 'dont want to live': 1.2, 'no point in living': 1.2, 'painless': 0.5, lethal: 0.5,
    // First-person talk that names no method or names it in another form (2026-11-24, session 30 probe): a
    // reflexive method in its -ing form ("hanging myself": a phrase cue inflects its last word only), tiredness
    // of life, a wish not to wake, an eating disorder's slogans, marks hidden.
    'hanging myself': 1.2, 'drown myself': 1.2, 'drowning myself': 1.2, 'burn myself': 1.0, 'burning myself': 1.0,
    'tired of being alive': 1.0, 'tired of living': 1.0, 'sleep forever': 0.7, 'asleep forever': 0.7, 'never wake up': 0.5,
    'sleep and not wake up': 1.0, 'sleep and never wake up': 1.0,
    'pro ana': 1.0, 'pro-ana': 1.0, thinspo: 1.0, thinspiration: 1.0, 'bleed out': 0.5,
    'hide my cuts': 1.0, 'hide the cuts': 1.0, 'hide my scars': 0.8, 'hide the marks': 0.6,
  },
  sexual_content: {
    sex: 0.5, sexual: 0.5, sexy: 0.5, porn: 0.9, nude: 0.7, naked: 0.6, nsfw: 0.8, orgasm: 1.0, erotic: 0.8,
    cock: 0.7, dick: 0.6, pussy: 0.8, penis: 0.7, vagina: 0.7, clit: 1.0, breast: 0.4, boobs: 0.7, tits: 0.8,
    nipple: 0.7, cum: 0.6, cumming: 0.9, horny: 0.9, masturbat: 1.0, blowjob: 1.0, 'blow job': 1.0, handjob: 1.0,
    fuck: 0.4, fucked: 0.5, fucking: 0.3, anal: 0.6, dildo: 1.0, vibrator: 0.7, fetish: 0.7, bdsm: 0.9, kink: 0.5,
    slut: 0.7, whore: 0.6, escort: 0.4, hooker: 0.5, stripper: 0.5, lingerie: 0.5, thong: 0.4, aroused: 0.8,
    moan: 0.5, lick: 0.4, suck: 0.4, 'went down on': 0.9,
    'spread her legs': 0.8, 'spread my legs': 0.8, 'spread your legs': 0.8, threesome: 0.8, cybersex: 1.0, 'dick pic': 1.0,
    'lap dance': 0.7, bondage: 0.8, 'one night stand': 0.5, steamy: 0.4, panties: 0.7, 'talk dirty': 0.9, 'dirty talk': 0.9,
    'unzipped his': 0.5, 'unzipped her': 0.5, 'sweaty bodies': 0.4, 'dirty details': 0.4, climaxed: 0.6, kinky: 0.7,
    kinkiest: 0.7, undress: 0.4, 'make love': 0.7, intercourse: 0.7, 'oral sex': 1.0, seduc: 0.5, hentai: 1.0,
    'onlyfans': 0.7, 'sext': 0.7, 'hard on': 0.6, erection: 0.8, 'wet ': 0.3, thrust: 0.5, bed: 0.15, kiss: 0.3,
  },
  harassment: {
    shitty: 0.4, 'gives a fuck': 0.5, 'your face': 0.4, 'looking ass': 0.6, 'ugly ass': 0.8, 'fat ass': 0.6, 'dumb ass': 0.7, 'stfu': 0.6, 'shut your mouth': 0.6, 'shut your fucking': 0.8, dick: 0.2, redneck: 0.6, dumbass: 0.9, dipshit: 0.9, shithead: 0.9, jackass: 0.8, douche: 0.8, twat: 0.4, prick: 0.7, imbecile: 0.8, 'get a life': 0.8, 'nobody cares': 0.7, 'you people': 0.5, 'go to hell': 0.9, 'eat shit': 1.0, hoe: 0.4, skank: 0.6, incel: 0.6, degenerate: 0.7, scumbag: 0.9, 'your mom': 0.4, 'your mother': 0.3, 'ur mom': 0.5, 'you are so': 0.3, "you're so": 0.3, 'lmao': 0.15,
    idiot: 0.6, stupid: 0.5, moron: 0.7, dumb: 0.5, loser: 0.6, 'shut up': 0.6, 'shut the fuck up': 0.7, ugly: 0.5, 'fat ': 0.2, pathetic: 0.6,
    worthless: 0.5, bitch: 0.5, bastard: 0.7, asshole: 0.8, 'piece of shit': 1.0, kys: 1.0,
    'nobody likes you': 0.9, 'nobody would miss you': 0.9, 'no one would miss you': 0.9, 'nobody will miss you': 0.9, 'no one will miss you': 0.9, 'world would be better without you': 0.9, 'world would be better off without you': 0.9, 'world is better without you': 0.9, 'no one likes you': 0.9, 'you suck': 0.8, scum: 0.7, 'scum of the earth': 0.7, trash: 0.4,
    cunt: 0.6, 'fuck you': 0.8, 'fuck yourself': 0.9, 'fuck off': 0.9, 'screw you': 0.8, 'retard.': 0.7, clown: 0.3, 'i hope you': 0.4,
    'you are a': 0.2, "you're a": 0.2, 'ur a': 0.4, disgusting: 0.4, freak: 0.5, creep: 0.5, 'stalk': 0.6,
    threat: 0.3, humiliat: 0.5, bully: 0.5, dox: 0.8,
  },
};

/**
 * Cue terms that count only in hostile company: names of groups, and the vocabulary of the subject (race,
 * religion, racism, hate, the Holocaust, the Nazis), plus the weak words of generalisation ("these people",
 * "are all"). Naming one's own identity, a neighbour's, or a history of persecution is not hate speech
 * (Dixon et al. 2018, identity-term bias; HateCheck's functional tests): these count for their category only
 * when the text (or, for a long text, the same window) has evidence of the category that is not among
 * them - a slur, a dehumanising or contemptuous word, a call for exclusion, a template (safety.ts).
 */
export const SAFETY_NEEDS_COMPANY: Readonly<Partial<Record<SafetyCategory, ReadonlySet<string>>>> = {
  hate_speech: new Set([
    'white people', 'black people', 'jews', 'muslims', 'immigrants', 'immigrant', 'being gay', 'atheist', 'muslim', 'islam', 'jew',
    'jewish', 'black', 'blacks', 'whites', 'gay', 'gays', 'homosexual', 'lesbian', 'transgender', 'mexican', 'arab', 'asian',
    'religion', 'race', 'racist', 'racial', 'ethnic', 'hate', 'hatred', 'nazi', 'hitler', 'holocaust', 'third world', 'ghetto',
    'invasion', 'these people', 'those people', 'are all', 'all of them',
  ]),
};

/**
 * Categories whose stated harm vouches for another's terms that need company: a threat, a call or a wish of
 * violence (a violence template that is not narrative) in a text that names a group is a call for violence
 * against it ("kill them wherever you find them" after "Muslims"), so the group's name counts as hate there.
 */
export const SAFETY_COMPANY_FROM: Readonly<Partial<Record<SafetyCategory, readonly SafetyCategory[]>>> = { hate_speech: ['violence'] };

/**
 * Cue terms that are one cue in other words: a text that names a killing as murder, then as a slaughter,
 * repeats its topic, as "murder ... murders" does, so the second name adds what a repeat adds (safety.ts).
 * Members of a family have the same weight in every category (a test holds them to it).
 */
export const SAFETY_CUE_FAMILIES: ReadonlyArray<readonly string[]> = [['murder', 'slaughter', 'massacre', 'lynch', 'bloodbath']];

/**
 * Cues of more than five letters are words: they match with an inflection after them ("bullets",
 * "executed") but not as the start of a longer word ("whitespace", "bulletin"). These are stems instead:
 * cut short on purpose so that every word they begin counts ("suicid" -> suicidal, "depress" ->
 * depression, "homosexual" -> homosexuality), and slurs, which count whatever is glued to them.
 */
export const SAFETY_STEMS: ReadonlySet<string> = new Set([
  'decapitat', 'strangl', 'mutilat', 'terroris', 'dismember', 'white supremac', 'exterminat', 'sand n', 'suicid', 'overdos',
  'anorexi', 'bulimi', 'depress', 'masturbat', 'humiliat', 'orgasm', 'homosexual', 'nigger', 'faggot', 'wetback', 'raghead', 'towelhead',
  'musloid', 'mudslime', 'goatfuck', 'shitskin', 'qadiani',
]);

/**
 * Software things, which documents kill, execute, attack and destroy: a cue or template right after one of
 * these words ("this command must be executed", "the process should be killed"), or followed by one past
 * at most two determiners ("kill the process", "execute a command", "break your application"), speaks of
 * the thing, not of a person, and does not count.
 */
export const SAFETY_TECHNICAL_NOUNS: ReadonlySet<string> = new Set([
  'command', 'commands', 'code', 'script', 'scripts', 'function', 'functions', 'callback', 'callbacks', 'task', 'tasks',
  'job', 'jobs', 'query', 'queries', 'test', 'tests', 'hook', 'hooks', 'step', 'steps', 'statement', 'statements',
  'program', 'programs', 'process', 'processes', 'request', 'requests', 'method', 'methods', 'migration', 'migrations',
  'operation', 'operations', 'thread', 'threads', 'container', 'containers', 'instance', 'instances',
  'transaction', 'transactions', 'plugin', 'plugins', 'module', 'modules', 'file', 'files', 'action', 'actions',
  'app', 'apps', 'application', 'applications', 'build', 'builds', 'server', 'servers', 'socket', 'sockets', 'stream',
  'streams', 'connection', 'connections', 'session', 'sessions', 'timer', 'timers', 'listener',
  'listeners', 'handle', 'handles', 'signal', 'signals', 'pid', 'daemon', 'service', 'services', 'pipeline', 'pipelines',
  'cache', 'queue', 'queues', 'promise', 'promises', 'loop', 'database', 'db', 'cluster', 'pod', 'pods', 'vm', 'runtime',
  'compiler', 'parser', 'regex', 'binary', 'binaries', 'executable', 'shell', 'terminal', 'package', 'packages',
  'dependency', 'dependencies', 'project', 'workspace', 'repository', 'repo', 'branch', 'config', 'configuration',
  'stack', 'heap', 'event', 'events', 'browser', 'surface', 'vector', 'vectors',
  'node', 'nodes', 'endpoint', 'endpoints', 'api', 'loader', 'bundle', 'bundler', 'tool', 'tooling',
]);

/**
 * The everyday things of office idioms ("shoot me an email", "shoot over a quick note", "I could kill for a
 * coffee", "kill time"; business text was blocked as violence): a cue acting on one of them past at most two
 * determiners and one other word does not count. Only after the cue: unlike a software noun, one of these
 * right before a cue says nothing ("this time shoot them").
 */
export const SAFETY_IDIOM_OBJECTS: ReadonlySet<string> = new Set([
  'email', 'emails', 'mail', 'message', 'messages', 'note', 'notes', 'line', 'text', 'texts', 'dm', 'reply', 'invite',
  'link', 'ping', 'coffee', 'beer', 'drink', 'pizza', 'time', 'birds', 'lights', 'engine', 'breeze', 'buzz',
  // Filming ("shoot the photos on Friday"), eating ("I'm going to murder this burrito"), games and parties ("shoot
  // some hoops", "blow up the balloons"), work ("kill the bottleneck", "crush the interview"), weeds and insects
  // (2026-11-24: each of these was blocked as violence). Not "it" ("kill it at the pitch": hate speech says "it"
  // of people, "kill it and bury it"), "video(s)" (after a slur in a call to kill), "pests", "bugs", "germs"
  // (dehumanising names of groups).
  'photo', 'photos', 'photoshoot', 'footage', 'scene', 'scenes', 'commercial', 'portrait', 'portraits', 'hoops',
  'balloon', 'balloons', 'burrito', 'burger', 'sandwich', 'steak', 'buffet', 'dessert', 'cake', 'dinner', 'lunch',
  'breakfast', 'bottleneck', 'deadline', 'exam', 'interview', 'presentation', 'pitch', 'mood', 'vibe', 'workout',
  'weeds', 'mosquitoes', 'flies', 'ants', 'bacteria',
  // What "cut" gives a person (session 38): "cut them some slack", "cut you a check". A phone or an inbox one "blows
  // up" with messages ("I'm going to blow up your phone with memes" was blocked at 0.55).
  'slack', 'check', 'cheque', 'phone', 'inbox',
]);

/**
 * Words that make a cue right after them a term of software security ("DoS attack", "timing attacks",
 * "brace bomb", "zip bomb", "fork bomb"): the cue does not count.
 */
export const SAFETY_TECHNICAL_QUALIFIERS: ReadonlySet<string> = new Set([
  'dos', 'ddos', 'redos', 'timing', 'channel', 'replay', 'injection', 'force', 'xss', 'csrf', 'mitm', 'spoofing', 'relay',
  'downgrade', 'collision', 'dictionary', 'rainbow', 'sybil', 'brace', 'zip', 'fork', 'logic', 'xml', 'regex', 'pollution',
  'cache', 'oracle', 'padding', 'chain',
]);

// Word families the templates share (alternatives joined by "|"; see safety-templates.ts for the syntax).
// Verbs that mean harm to a person whatever follows them, and verbs that do only with a person as object.
const STRONG_HARM_VERB =
  'kill|shoot|stab|murder|strangle|slaughter|behead|torture|lynch|rape|exterminate|euthanize|euthanise|massacre|butcher|castrate|nuke|curb stomp|gun down|decapitate|dismember|mutilate';
const WEAK_HARM_VERB =
  'beat|hurt|punch|burn|hang|choke|slap|gut|skin|execute|eliminate|wipe out|blow up|drown|stone|beat up|smash|stomp|bury|cut|slit|run over|set fire to|gas|bomb|kick|whip|break|shank|cap|pistol whip|waste|destroy|end';
const HARM_VERB = `${STRONG_HARM_VERB}|${WEAK_HARM_VERB}`;
/** The harm verbs of the templates, one word each (a leet or spelt-out one is read plainly: safety-reading.ts). */
export const SAFETY_HARM_VERBS: readonly string[] = STRONG_HARM_VERB.split('|').filter((v) => !v.includes(' '));
const PERSON_TARGET =
  "him|her|them|em|'em|you|u|ya|y'all|yall|us|everyone|everybody|every one|all of them|all of you|people|anyone|anybody|somebody|someone|those|these|civilians|kids|children|women|men|cops|police|niggers|jews|muslims|gays|whites|blacks|immigrants|refugees";
/**
 * The hearer's or another's family as the target of a threat ("I will hurt your family", "we'll burn his kids"; session
 * 38: "Make this threat scarier: I will hurt your family" scored 0.26).
 */
const FAMILY_TARGET = ['your', 'his', 'her', 'their']
  .flatMap((owner) =>
    'family|kids|children|wife|husband|son|daughter|mom|mother|dad|father|parents|sister|brother|baby'
      .split('|')
      .map((who) => `${owner} ${who}`),
  )
  .join('|');
/**
 * The harm to a person that harm_howto and harm_plan ask the way to: the manner, the act, and a person as its object
 * (a determiner, an adjective and a person's possessive may stand before: "my boss's daughter", where "shoot my
 * daughter's wedding photos" names no person as the object). "abduct" beside "kidnap" since session 38, "poison" and
 * "stalk" since its probes.
 */
const HARM_PLAN_OBJECT_ADVERB = '?quietly|secretly|silently|successfully|quickly|easily|slowly|painfully|badly|seriously';
const HARM_PLAN_VERB =
  'kill|murder|strangle|stab|shoot|suffocate|smother|drown|behead|dismember|torture|maim|assassinate|execute|slaughter|hurt|injure|cripple|knock out|beat up|kidnap|abduct|poison|stalk';
/**
 * The same acts as a plan or a guide names them: "a checklist for kidnapping", "a guide on stalking", "plan the
 * murder of". Not "shooting": a guide to shooting one's baby or daughter is as often photography.
 */
const HARM_PLAN_ACT = `${HARM_PLAN_VERB}|the murder of|the killing of|the kidnapping of|the abduction of|the assassination of|the poisoning of|the torture of|the stabbing of|the strangling of|killing|murdering|strangling|stabbing|suffocating|smothering|drowning|beheading|dismembering|torturing|maiming|assassinating|executing|slaughtering|hurting|injuring|crippling|knocking out|beating up|kidnapping|abducting|poisoning|stalking`;
/**
 * The acts a plan made with the writer names: no gerund, which after "how" tells ("explain how poisoning children
 * with lead happened").
 */
const HARM_PLAN_DEED = HARM_PLAN_ACT.slice(0, HARM_PLAN_ACT.indexOf('|killing|'));
/**
 * A way laid out for the writer ("outline how I could abduct her", "explain how we can kill him"): the subject is
 * said, so "describe how hurt people hurt people" asks for none.
 */
const HARM_PLAN_LAID_OUT = ['outline how', 'explain how', 'describe how', 'detail how', 'walk me through how']
  .flatMap((lead) => ['i could', 'i can', 'i would', 'i should', 'i might', 'we could', 'we can'].map((s) => `${lead} ${s}`))
  .join('|');
/** A first act joined to the harm ("track and stalk a woman", "kidnap and kill my boss"). */
const HARM_PLAN_FIRST_ACT = `?${'track|follow|find|lure|trap|catch|grab|drug|tie up|kidnap|abduct|torture|beat|rape|rob|tracking|following|finding|luring|trapping|catching|grabbing|drugging|kidnapping|abducting|torturing|beating|raping|robbing'
  .split('|')
  .map((v) => `${v} and`)
  .join('|')}`;
const HARM_PLAN_DETERMINER = '?my|a|the|his|her|their|our|this|that|an|some';
const HARM_PLAN_ADJECTIVE =
  '?grown|young|old|little|sleeping|pregnant|rich|wealthy|elderly|random|lone|business|best|former|own|new|disabled|drunk';
const HARM_PLAN_PERSON_WORDS =
  "someone|somebody|a person|person|people|him|her|them|wife|husband|boss|neighbor|neighbour|mother|father|mom|dad|son|daughter|family|girlfriend|boyfriend|coworker|colleague|teacher|partner|roommate|ex|baby|child|kid|kids|children|man|woman|stranger|cop|officer|president|classmate|brother|sister|uncle|aunt|landlord|rival|businessman|businesswoman|girl|boy|journalist|judge|witness|tourist|student|ceo|stepfather|stepmother|stepdad|stepmom|stepson|stepdaughter|stepbrother|stepsister|grandmother|grandfather|grandma|grandpa|nephew|niece|cousin|spouse|fiance|fiancee|manager|supervisor|employer|mayor|senator|governor|politician|doctor|nurse|priest|pastor|lawyer|neighbors|neighbours|parents|girls|boys|students|tenant|employee|coworkers|classmates|friend|bully";
/** A person's possessive before the person harmed ("my boss's daughter"): the possessor alone is no object. */
const HARM_PLAN_POSSESSOR = `?${HARM_PLAN_PERSON_WORDS.split('|')
  .filter((w) => !w.includes(' ') && !['him', 'her', 'them', 'people', 'someone', 'somebody'].includes(w))
  .map((w) => `${w}'s`)
  .join('|')}`;
const HARM_PLAN_PERSON = HARM_PLAN_PERSON_WORDS;
/**
 * Words that name a person (or people) as the subject of a harm foretold ("my brothers will kill you"): harm_plan's
 * persons, their plurals, and the pronouns and groups that act. Any other subject is a thing (harmForetoldOfThing).
 */
export const SAFETY_PERSON_SUBJECTS: ReadonlySet<string> = new Set([
  ...HARM_PLAN_PERSON_WORDS.split('|').filter((w) => !w.includes(' ')),
  ...HARM_PLAN_PERSON_WORDS.split('|')
    .filter((w) => !w.includes(' ') && !w.endsWith('s'))
    .map((w) => `${w}s`),
  ...['i', 'we', 'you', 'u', 'ya', 'he', 'she', 'they', 'who', 'anyone', 'anybody', 'everyone', 'everybody', 'nobody'],
  ...['men', 'women', 'guys', 'gang', 'gangs', 'crew', 'mob', 'cartel', 'police', 'army', 'soldiers', 'killer', 'killers'],
  ...['guy', 'dude', 'dudes', 'lady', 'ladies', 'thug', 'thugs', 'gangster', 'gangsters', 'bro', 'folks'],
]);
const WANT_TO =
  "i will|we will|i would|we would|i am going to|we are going to|i'm going to|im going to|we're going to|i'm gonna|im gonna|i gonna|we gonna|we're gonna|i want to|i wanna|we want to|we wanna|i should|we should|we could|i could|we must|i must|we need to|i need to|we gotta|i gotta|we ought to|i'll|we'll|ill|imma|ima|i'd|we'd|let's|lets|let us|i shall|we shall|i'm about to|i am about to|i'm gunna|i'm finna|im finna";
/** What a threat promises to make a person go through ("make you suffer", "make them pay for this"). */
const MADE_TO_SUFFER =
  "suffer|bleed|beg for mercy|beg for your life|beg for death|scream|regret the day|wish you were dead|wish he was dead|wish they were dead|wish you were never born|pay for this|pay for that|pay for it|pay for what|regret this|regret that|regret it";
const PASSIVE_HARM =
  'killed|shot|hanged|hung|executed|exterminated|eliminated|wiped out|burned|burnt|gassed|put down|beaten|lynched|extinguished|eradicated|euthanized|euthanised|tortured|sodomized|sodomised|raped|slaughtered|butchered|stoned|beheaded|castrated|strung up|nuked|bombed|drowned|skinned|gutted|shot dead|beaten to death|murdered|stabbed|strangled|cemented|buried alive|set on fire|run over|destroyed|annihilated|culled|purged|wiped off|finished off|taken out|shot on sight|put to death|put against a wall|thrown off|gunned down|hunted down|assaulted|maimed|crippled|beaten up|mauled|bludgeoned|tortured to death';
// Names of groups: religions, ethnicities and nationalities, sexual orientations, gender identities,
// disabilities. A name alone is never evidence (SAFETY_NEEDS_COMPANY); these slots let the hate templates
// recognise the group a contemptuous word, a generalisation or a call is about.
// Adjectives that name a group and read as nothing else before a noun ("a Jewish neighbour", "Muslim women").
// Not colours ("dirty white shirt"), nor words with an everyday sense ("blind spot", "native code"): those
// only as the collective nouns below.
const IDENTITY_ADJECTIVE =
  'jewish|muslim|islamic|christian|catholic|protestant|mormon|hindu|sikh|buddhist|atheist|asian|latino|latina|hispanic|mexican|arab|arabic|african|indian|pakistani|chinese|nigerian|somali|syrian|afghan|romani|gay|lesbian|bisexual|transgender|trans|nonbinary|queer|homosexual|disabled|autistic|immigrant|migrant|refugee';
// Nouns that name a whole group.
const IDENTITY_PLURAL =
  'jews|muslims|christians|catholics|protestants|mormons|hindus|sikhs|buddhists|atheists|blacks|whites|asians|latinos|latinas|hispanics|mexicans|arabs|africans|indians|pakistanis|nigerians|somalis|syrians|afghans|roma|gypsies|immigrants|migrants|refugees|foreigners|gays|lesbians|homosexuals|bisexuals|transgenders|queers|feminists|islam|judaism';
// A group as people: an identity word (colours included) before a word for people ("black people", "deaf women").
const IDENTITY_PEOPLE = ['black', 'white', 'brown', 'deaf', 'blind', 'native', 'indigenous', 'jewish', 'muslim', 'gay', 'trans', 'transgender', 'disabled', 'autistic', 'asian', 'chinese', 'indian', 'african', 'mexican', 'arab', 'queer', 'bisexual', 'nonbinary', 'lesbian', 'immigrant']
  .flatMap((a) => ['people', 'folks', 'men', 'women', 'persons', 'kids', 'families', 'immigrants', 'americans'].map((n) => `${a} ${n}`))
  .join('|');
// Singular nouns of a group member, for contempt aimed at one ("dirty Jew").
const IDENTITY_SINGULAR = 'jew|muslim|christian|hindu|sikh|mexican|arab|immigrant|migrant|refugee|foreigner|gay|lesbian|homosexual';
const IDENTITY_COLLECTIVE = `${IDENTITY_PLURAL}|${IDENTITY_PEOPLE}`;
const IDENTITY_ANY = `${IDENTITY_COLLECTIVE}|${IDENTITY_ADJECTIVE}|${IDENTITY_SINGULAR}`;
const GROUP = `women|woman|females|girls|men|males|jewish people|gay people|trans people|${IDENTITY_ANY}|liberals`;
// Insults that are insults wherever they stand near "you"; the ambiguous ones ("pig", "trash", "joke")
// count only as a predicate ("you are a pig"), since "you feed the pig" is not an insult.
const INSULT =
  "idiot|idiots|hooker|stupid|ugly|dumb|pathetic|loser|losers|worthless|disgusting|clown|moron|morons|retarded|retard|braindead|brain dead|bitch|whore|slut|asshole|freak|creep|scum|waste of space|waste of oxygen|piece of shit|piece of crap|piece of garbage|dumbass|dipshit|jackass|douche|douchebag|cunt|prick|twat|coward|lowlife|low life|subhuman|weirdo|psycho|imbecile|cretin|degenerate|incel|neckbeard|scumbag|shithead|dickhead|wanker|tosser|bastard|sack of shit|excuse for a|embarrassment|disgrace|bitches|whores|sluts|cunts|assholes|pricks|bastards|dumbasses|retards|scumbags|dipshits|jackasses|douchebags|imbeciles|cretins|degenerates|lowlifes|wankers|twats|cowards|freaks|creeps|weirdos|psychos";
const PREDICATE_INSULT =
  'pig|pigs|cow|rat|rats|snake|joke|failure|fat|trash|garbage|useless|nobody|nothing|virgin|simp|cuck|monkey|monkeys|ape|apes|animal|animals|dog|dogs|vermin|parasite|parasites|cockroach|cockroaches|hypocrite|liar|fraud|clown|idiot|sheep|mistake|waste|bum|leech|plague|cancer';
/**
 * The insults of the templates, one word each: as cues, a mention ("the word 'moron'") or a report of name-calling
 * ("the bully calls the boy a freak") does not count them (safety.ts). Not the other harassment cues ("threat",
 * "stalk", "dox"), which name an act, not a name.
 */
export const SAFETY_INSULT_WORDS: ReadonlySet<string> = new Set(
  `${INSULT}|${PREDICATE_INSULT}`.split('|').filter((w) => !w.includes(' ')),
);
const DEGRADING_ANIMAL = 'pig|dog|cow|rat|monkey|ape|whale|troll|hog|cockroach|roach|worm|maggot|parasite|animal|beast|swine|donkey|hyena|goblin|gremlin|orc';

/**
 * Passive verbs of PASSIVE_HARM said of things as readily as of people (diseases, corruption, a policy are
 * eradicated, eliminated, destroyed): a call with one of these after "that" or "which" names no person
 * (TemplateSpec.relativeThing).
 */
export const SAFETY_THING_HARM: readonly string[] = [
  'eradicated', 'eliminated', 'destroyed', 'wiped out', 'wiped off', 'purged', 'annihilated', 'extinguished', 'culled', 'finished off',
  'taken out',
];

/**
 * Composed cues: a harm verb aimed at people with volitional framing, wishes of death and calls for harm,
 * graphic injury, insults addressed to the reader. Words alone cannot tell a news report about a killing
 * from a threat; these shapes can. Weights are evidence as for lexicon cues.
 */
/** Words that name a sexual act or depiction (not "sex" alone, which sex education uses). */
const SEXUAL_DEPICTION =
  'sex scene|sex scenes|sexual story|sexual stories|sexy story|sexy stories|sexual encounter|sexual encounters|sexual scene|sexual roleplay|sexual role play|erotic|erotica|porn|pornography|pornographic|nude photos|nude pictures|nude images|naked photos|naked pictures|naked images|nudes of|sexual acts|sexual act|sexual activity|sexually explicit|have sex with|having sex with|had sex with|sex with|molest|molesting|molested|fondle|fondling|fondled|intercourse with|seduce|seducing|sexualize|sexualizing|sexualise|sexualising|masturbate|masturbating';
/** Calls to remove a group (group_removal, group_removal_joined). */
const GROUP_REMOVED =
  "should leave|must leave|need to leave|should get out|get out of|should go home|go home|should all leave|are not welcome|aren't welcome|not welcome here|should be locked up|should be rounded up|should be kicked out|should be thrown out|should be driven out|should be run out|should be shipped back|should be sent home|should be sterilized|should be sterilised|should be segregated|should be exterminated|should be eradicated|should disappear|should vanish|have no right|do not deserve|don't deserve|dont deserve";
/**
 * The calls of GROUP_REMOVED said with a modal ("should be deported", "must leave"): after "and" a bare verb tells
 * what the group does ("Muslims pray five times a day and go home for Eid"), not what should be done to it.
 */
const GROUP_REMOVAL_CALLED = GROUP_REMOVED.split('|')
  .filter((call) => /^(?:should|must|need) /.test(call))
  .join('|');
/** A denial of rights to a group (group_rights_denial, group_rights_denial_joined): the modal, how, and the right. */
const RIGHT_DENIED = "shouldn't|should not|should never|must not|mustn't|should no longer|should not ever";
const RIGHT_DENIED_HOW = '?be allowed to|be able to|even|ever|have the right to|bother|get to';
const RIGHTS =
  'vote|voting|have rights|have any rights|have equal rights|hold office|be on juries|serve on juries|be citizens|own property|adopt|exist|breed|reproduce|have children|be educated|be trusted|run for office|be in government|be in charge|teach our children';
/** The subject of a clause after "and" taken up again ("... and every one of them should ..."). */
const SUBJECT_RESUMED = 'they|every one of them|all of them|each of them|each one of them|every last one of them';
/** Words for a child. */
const MINOR_WORDS =
  'child|children|kid|kids|minor|minors|underage|preteen|preteens|pre-teen|toddler|toddlers|infant|infants|little girl|little girls|little boy|little boys|schoolgirl|schoolgirls|schoolboy|young girl|young girls|young boy|young boys';
/**
 * Ages under 18 written in words ("a twelve-year-old", "fourteen years old"; 2026-11-24, session 35: only digits were
 * read). Those from eleven are rare enough in documents to begin a template (SPELLED_TEEN_AGE); "one" to "ten" are not.
 */
const spelledAges = (words: string): string =>
  words
    .split(' ')
    .map((n) => `${n} year old|${n} years old|${n} yr old`)
    .join('|');
const SPELLED_TEEN_AGE = spelledAges('eleven twelve thirteen fourteen fifteen sixteen seventeen');
const SPELLED_CHILD_AGE = `${spelledAges('one two three four five six seven eight nine ten')}|${SPELLED_TEEN_AGE}`;
/** MINOR_WORDS and ages under 18 ("12 year old", "a 9 yo"); ages only after another slot (a number as a first slot would make every number in a text a template start). */
const MINOR = `${MINOR_WORDS}|${SPELLED_CHILD_AGE}|1 year old|1 years old|1 yo|1 yr old|2 year old|2 years old|2 yo|2 yr old|3 year old|3 years old|3 yo|3 yr old|4 year old|4 years old|4 yo|4 yr old|5 year old|5 years old|5 yo|5 yr old|6 year old|6 years old|6 yo|6 yr old|7 year old|7 years old|7 yo|7 yr old|8 year old|8 years old|8 yo|8 yr old|9 year old|9 years old|9 yo|9 yr old|10 year old|10 years old|10 yo|10 yr old|11 year old|11 years old|11 yo|11 yr old|12 year old|12 years old|12 yo|12 yr old|13 year old|13 years old|13 yo|13 yr old|14 year old|14 years old|14 yo|14 yr old|15 year old|15 years old|15 yo|15 yr old|16 year old|16 years old|16 yo|16 yr old|17 year old|17 years old|17 yo|17 yr old`;

/** Leads of child_abduction and child_lured_away: an intent of the writer's, or a request for the way. */
/** A request for the way, or a first-person intent, before grooming or luring a minor (minor_groomed, minor_lured). */
const MINOR_APPROACH_LEAD =
  "how to|how do i|how can i|how would i|how should i|best way to|easiest way to|ways to|i want to|i'm going to|i am going to|i'm gonna|i will|i'll|help me|teach me to|teach me how to";
/** How the approach is made, optionally ("quietly groom", "get to lure"). */
const MINOR_APPROACH_MANNER = '?quietly|secretly|slowly|get to|safely';
const CHILD_TAKEN_LEAD =
  "i will|i'll|ill|i'm going to|im going to|i am going to|i'm gonna|im gonna|i want to|i wanna|i plan to|i'm planning to|i am planning to|i intend to|i'm about to|i am about to|imma|we will|we'll|we're going to|we are going to|we're gonna|let's|how do i|how can i|how would i|how should i|best way to|easiest way to|safest way to";
/** The child taken: unknown to the writer or another's, not "my kids" or "the kids" (child_abduction). */
const CHILD_TAKEN: ReadonlyArray<string> = [
  "?a|an|some|another|any|your|ur|his|her|their|someone's|somebody's",
  '?young|little|small|random|lone|pretty|cute',
  `${MINOR}|daughter|daughters|son|sons|baby|babies|newborn`,
];
/** Where a child is lured to be taken: into the writer's vehicle or home, or away from its parents (child_lured_away). */
const LURED_AWAY = [
  ...['car', 'van', 'truck', 'house', 'home', 'basement', 'bedroom', 'room', 'apartment', 'flat', 'garage', 'shed'].map(
    (place) => `into my ${place}|inside my ${place}|back to my ${place}`,
  ),
  'back to my place|home with me|away from their parents|away from his parents|away from her parents',
  'away from their mom|away from his mom|away from her mom|away from their mum|away from his mum|away from her mum',
  'away from their family|away from his family|away from her family|away from the playground|away from school',
].join('|');

/** Crimes of mass or lethal violence, as the object of "commit". */
const ATROCITY =
  'war crimes|genocide|manslaughter|murder|massacre|mass shooting|a shooting|terrorism|atrocities|a massacre|mass murder|violence';

/** The hearer's relations, as a threat names them ("your kids", "your little girl"), and words that come before them. */
const HEARER_RELATION =
  "kids|kid|kid's|kids'|children|children's|child|family|wife|husband|daughter|daughters|son|sons|mom|mother|dad|father|sister|brother|girlfriend|boyfriend|baby|babies|loved ones|parents|grandma|grandmother|girl|boy";
const HEARER_RELATION_QUALIFIER = 'little|pretty|precious|lovely|beautiful|sweet|whole|dear|two|three';

/** "a shame if something happened to": the lead both insinuated-threat templates share. */
const INSINUATION_LEAD = [
  'shame if|pity if',
  '?something|anything|something bad|anything bad|something terrible|something nasty|something unfortunate|an accident|could|might|may|will|would',
  'happened to|happens to|happen to|were to happen to|was to happen to|befell|befalls|befall',
];

/**
 * Session 32 (2026-11-24): word classes of the templates for harm to animals, stalking and doxxing, urged self-harm
 * and sexual coercion (a fresh probe in those styles blocked 3 of 20 on first contact).
 * Animals people keep or meet, as the object of cruelty ("the neighbour's cat", "the kittens"). Not the animals of
 * a farm's or a kitchen's work (chicken, pig, fish, lobster): killing them is no cruelty by itself.
 */
const ANIMAL =
  'cat|cats|kitten|kittens|kitty|dog|dogs|puppy|puppies|pup|pups|pet|pets|rabbit|rabbits|bunny|bunnies|hamster|hamsters|horse|horses|pony|ponies|parrot|budgie|guinea pig|guinea pigs|ferret|tortoise|stray|strays|animal|animals';
/**
 * Verbs of cruelty with an animal as object. Not "kill" or "shoot" (pests, hunting, a vet, hyperbole at a pet:
 * "I'm going to kill the cat, he ate my sandwich"), nor "break" (a horse is broken in), "cut" (nails) or "hang";
 * nor "set fire to": "set" after "I will", "let's", "we" is everywhere in documents, and each such start word would
 * then run the matcher (the animal set on fire is read after it: animal_cruelty_then).
 */
const ANIMAL_CRUELTY =
  'torture|torment|drown|burn|skin|strangle|stab|poison|kick|beat|mutilate|starve|stone|choke|hurt|maim|whip|abuse|suffocate|smother|boil|bury alive';
/**
 * The same verbs told (a story, a report): the -s and -ing forms, and the past forms (ANIMAL_CRUELTY_DONE), which
 * need a determiner before the animal - "abused dogs", "poisoned pets" are how rescues and reports name the
 * animals. Only deliberate acts: not "hurting", "kicking", "beating", "choking" or "starving", which an animal
 * does to another, a race does to dogs, or an illness does ("how do I stop my dog from hurting the cat?").
 */
const ANIMAL_CRUELTY_DOING =
  'tortures|torturing|torments|tormenting|drowns|drowning|skins|skinning|strangles|strangling|stabs|stabbing|poisons|mutilates|mutilating|stones|stoning|maims|maiming|whips|whipping|abuses|abusing|suffocates|suffocating|smothers|boils|boiling|buries alive';
const ANIMAL_CRUELTY_DONE =
  'tortured|tormented|drowned|burned|burnt|skinned|strangled|stabbed|poisoned|mutilated|stoned|maimed|whipped|abused|suffocated|smothered|boiled|buried alive';
/** What makes the suffering the point: relish, or detail asked for. */
const CRUELTY_RELISHED =
  'and enjoys|and enjoyed|and enjoy|enjoying|and laughs|and laughed|and laugh|laughing|for fun|for the fun of it|for kicks|just to watch|just to see|just to hear|to watch it|to watch them|to hear it|to hear them|its screams|their screams|its cries|their cries|in detail|in graphic detail|in vivid detail|in great detail|step by step';
/** Where a person's whereabouts or contact details are, as something to find or to spread. */
const PERSONAL_DETAILS =
  'address|addresses|home address|phone number|phone numbers|number|workplace|personal details|private details|personal info|personal information|license plate|licence plate|school|work address';
/** A public place to spread them. */
const PUBLICLY =
  'online|everywhere|on the internet|on twitter|on facebook|on reddit|on instagram|on tiktok|on telegram|on 4chan|on the forum|on the forums|on social media|publicly|all over the internet|all over town';
/** Means of suicide urged on the hearer (second person). */
const URGED_MEANS =
  'kill yourself|hang yourself|shoot yourself|drown yourself|off yourself|end yourself|end your life|end it all|slit your wrists|slit your throat|cut yourself deeper|cut deeper|starve yourself|overdose|jump off a bridge|jump off the bridge|jump off a cliff|jump off a building|jump off the roof|jump in front of a train|step in front of a train|swallow a bottle of pills|swallow a bottle|swallow all your pills|swallow the pills|drink bleach|die';
/** The same in the first person, as advice ("if I were you I'd ..."). */
const ADVISED_MEANS =
  'kill myself|hang myself|shoot myself|drown myself|off myself|end my life|end it all|slit my wrists|cut deeper|starve myself|overdose|jump off a bridge|jump off the bridge|jump off a cliff|jump off a building|jump off the roof|jump in front of a train|step in front of a train|swallow a bottle of pills|swallow a bottle|drink bleach';

export const SAFETY_TEMPLATES: readonly TemplateSpec[] = [
  {
    // "I'll kill him", "we should just shoot them all", "I am going to hurt you".
    id: 'threat',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [WANT_TO, '?just|really|totally|fucking|gladly|personally|literally|go|come|love to|like to|happily', 1, STRONG_HARM_VERB],
  },
  {
    id: 'threat_target',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [WANT_TO, '?just|really|totally|fucking|gladly|personally|literally|go|come|love to|like to|happily', 1, WEAK_HARM_VERB, '?the|every|all|each|all of|some|those|these', `${PERSON_TARGET}|${FAMILY_TARGET}`],
  },
  {
    // "I'll break your neck", "I'm gonna smash his face in": a weak harm verb aimed at a person's body part
    // (not "break your fall", "cut your hair", "break a leg": no body part of another after the verb).
    id: 'threat_body',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    slots: [
      WANT_TO,
      '?just|really|totally|fucking|gladly|personally|literally|go|come|love to|like to|happily',
      1,
      'break|smash|bash|crack|snap|slit|cut|rip|tear|punch|kick|stomp|cave|cave in|knock|beat|split|bust|gouge|rip out|knock out|slice|stab|shoot|blow|rearrange',
      "your|his|her|their|ur|yo|ya|them|that|those|these",
      '?fucking|little|stupid|ugly|fat|dumb',
      'neck|necks|face|faces|head|heads|skull|skulls|jaw|jaws|teeth|legs|arms|knees|kneecaps|throat|throats|spine|nose|ribs|fingers|bones|eyes|eye|brains|brain|guts|kidneys|balls|heart',
    ],
  },
  {
    // Harm promised as where the person will end up (2026-11-24, session 30 probe): "I'll put you in the hospital",
    // "I'm going to put him in the ground", "we will send you home in a body bag". No harm word; the outcome is one.
    id: 'threat_outcome',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [
      WANT_TO,
      '?just|really|personally|literally|fucking',
      // Not "see" ("I'll see you in the hospital"), "leave" or "send ... to the hospital" (a doctor's words).
      'put|send',
      "you|u|ya|him|her|them|em|'em|y'all|all of you|your ass|his ass",
      'in the ground|in a grave|in the grave|in an early grave|six feet under|in a body bag|in body bags|in a coffin|in the morgue|home in a body bag|to the morgue|to an early grave',
    ],
  },
  {
    // The hospital and the wheelchair only for the hearer: "we will put him in the hospital overnight" is a doctor's.
    id: 'threat_outcome_you',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [
      WANT_TO,
      '?just|really|personally|literally|fucking',
      'put|send',
      "you|u|ya|y'all|all of you|your ass",
      'in the hospital|in hospital|in a wheelchair|in the icu|in intensive care|to the hospital|to the er',
    ],
  },
  {
    // "Someone should put a bullet in the mayor's head", "a bullet between his eyes": a shooting in other words, told
    // as an event (a report lowers it). From "bullet", not "put": a template's first word is looked at wherever
    // it stands, and "put" is in every document.
    id: 'bullet_in_head',
    category: 'violence',
    weight: 0.9,
    narrative: true,
    slots: [
      'bullet|bullets',
      'in|into|through|between',
      '?the|his|her|your|their|that|this|ur|them|a',
      1,
      'head|heads|skull|brain|brains|face|chest|back|eyes|heart|mouth|temple',
    ],
  },
  {
    // A shooting promised in other words (2026-11-24, session 34 probe: "I am going to put a bullet in my boss's head
    // tomorrow" scored 0.29, bullet_in_head being told as an event): volitional framing before "put a bullet in".
    // Not "my head" (said of oneself: self-harm's words), only another's ("my boss's head").
    id: 'threat_bullet',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [
      WANT_TO,
      '?just|really|personally|literally|fucking|gladly',
      'put|pump|plant|lodge|stick',
      'a bullet|bullets|a round|a slug|two bullets|three bullets',
      'in|into|through|between',
      "his|her|your|their|that|ur|them|this|the|my boss's|my neighbour's|my neighbor's|my ex's|my wife's|my husband's|my dad's|my father's|my mom's|my mother's|my brother's|my sister's|my teacher's|my landlord's|my coworker's|my roommate's",
      1,
      'head|heads|skull|brain|brains|face|chest|heart|mouth|temple|eyes',
    ],
  },
  {
    // A split phrasal verb of harm aimed at a person after volitional framing: "I'm going to run him over", "we'll
    // beat them up", "gonna gun them down" (the contiguous forms are WEAK_HARM_VERB's).
    id: 'threat_phrasal',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [
      WANT_TO,
      '?just|really|totally|fucking|gladly|personally|literally|go|come',
      // Not "run ... over" ("I'll run you over to the airport") nor "shoot ... down" (a refusal).
      'beat|gun|mow|rough',
      "him|her|them|em|'em|you|u|ya|y'all",
      'over|up|down',
    ],
  },
  {
    // "I'll burn your house down", "gonna torch his car": arson against a person's home after volitional framing
    // (order_arson is the imperative form).
    id: 'threat_arson',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    slots: [
      WANT_TO,
      '?just|really|totally|fucking|personally|literally|go|come',
      'burn|torch|firebomb|set fire to|burn down|fire bomb',
      "your|his|her|their|ur|yo",
      '?fucking|whole|damn|little',
      'house|houses|home|homes|car|cars|shop|store|apartment|flat|place',
    ],
  },
  {
    // A harm wished on someone by another's hand: "I hope somebody stabs that judge", "I wish someone would shoot
    // him" (wish_harm is a wish of the person's death or suffering).
    id: 'wish_harm_by_other',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    slots: [
      'hope|hoping|wish|pray|praying',
      '?that',
      'somebody|someone|anybody|anyone|some one',
      '?would|will|finally|just|actually',
      // "Shoots" only with a person: "I hope someone shoots the wedding" is photography.
      'kills|stabs|murders|strangles|lynches|rapes|tortures|kill|stab|murder|strangle|lynch|rape|torture|beheads|behead|shoots him|shoots her|shoots them|shoots you|shoot him|shoot her|shoot them|shoot you',
    ],
  },
  {
    // Making a killing look like something else: "make my husband's death look like an accident". The cover-up is
    // the plan, as in harm_unpunished.
    id: 'death_disguised',
    category: 'violence',
    weight: 1.2,
    negatable: true,
    // From the death, not from "make" (in every document); not "it": "make it look like an accident" is said of a dent.
    slots: [
      'death|murder|killing|deaths|murders',
      'look like an accident|look like a suicide|look accidental|look like natural causes|seem like an accident|seem accidental|look like a heart attack|look like an overdose',
    ],
  },
  {
    // "I'll make you pay for this", "we will make them suffer": harm promised as what the speaker will make a
    // person go through (not "make you pay the invoice": pay only before "for this|for that|for it", or at the end).
    id: 'threat_make_suffer',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    slots: [
      WANT_TO,
      '?just|really|personally|literally|fucking',
      'make|see to it|watch',
      "you|u|ya|him|her|them|em|'em|y'all|all of you",
      MADE_TO_SUFFER,
    ],
  },
  {
    // The same promise after a first act aimed at the person: "I'll find your daughter and make her bleed", "I'm
    // going to track you down and make you suffer", "I will come to your house and make you beg for mercy"
    // (2026-11-24, session 34: threat_make_suffer needs "make" right after the lead). The act is a verb of
    // seeking or reaching someone with a person or a person's place as object, then at most three words; not
    // "I'll take the beetroot and make it bleed into the rice", "I'll wet the paper and make the inks bleed" (no
    // person after the first verb), "I'll find your keys and make you a spare set" (no suffering).
    id: 'threat_reach_make_suffer',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    slots: [
      WANT_TO,
      '?just|really|personally|literally|fucking|go|come',
      'find|track|track down|hunt|hunt down|catch|follow|visit|come for|come after|come to|come round to|come over to|wait for|wait outside|show up at|go after|get to',
      "you|your|him|his|her|them|their|u|ur|ya|y'all|yall",
      3,
      'and|and then|then',
      '?just|personally|slowly',
      'make|see to it|watch',
      "you|u|ya|him|her|them|em|'em|y'all|all of you",
      MADE_TO_SUFFER,
    ],
  },
  {
    // Threats said as the hearer's fate: "you're a dead man", "your days are numbered", "you're dead meat"
    // (not "you're dead" alone, which a game's rules say: "touch the lava and you're dead").
    id: 'threat_fate',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    slots: [
      "you're|you are|youre|ur|u r|you r|he's|she's|he is|she is|they're|they are|y'all are|you're all|you are all",
      '?so|fucking|all|going to be|gonna be|already',
      'a dead man|a dead woman|dead men|dead meat|a dead man walking|dead men walking|next|fucking dead|so dead|as good as dead|six feet under',
    ],
  },
  {
    id: 'threat_days_numbered',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    slots: ["your|ur|his|her|their|yo", 'days are numbered|days r numbered|time is coming|time will come|day will come|days are over'],
  },
  {
    // Threats by insinuation: harm to the hearer's family named as what "would be a shame" ("it would be a shame
    // if something happened to your kids", "be a pity if anything happened to your daughter"). Only a relation
    // of the hearer's (or the hearer: threat_insinuated_you) as the target: "a shame if something happened to
    // the old bridge" and "what a shame that something happened to your kids" (a fact, not a condition) are not
    // matched. Not "terrible if" or "you never know what might happen to": insurance and safety notices say
    // so ("it would be terrible if something happened to you and your family had nothing"). Not negatable:
    // "it would not be a shame if ..." threatens as much.
    id: 'threat_insinuated',
    category: 'violence',
    weight: 0.9,
    slots: [
      ...INSINUATION_LEAD,
      'your|ur|yo|his|her|their',
      '?little|pretty|precious|lovely|beautiful|sweet|whole|dear|poor|new|old|two|three',
      '?little|pretty|precious|lovely|beautiful|sweet|whole|dear|poor|new|old|two|three',
      "kids|kid|children|child|family|wife|husband|daughter|daughters|son|sons|mom|mother|dad|father|sister|brother|girlfriend|boyfriend|baby|babies|loved ones|parents|grandma|grandmother|granny|girl|boy|face|dog|pets",
    ],
  },
  {
    // The same with the hearer, or a person named by a pronoun, as the target ("it'd be a shame if something
    // happened to you", "... to her"; not "to them", which as often means things).
    id: 'threat_insinuated_you',
    category: 'violence',
    weight: 0.9,
    slots: [
      ...INSINUATION_LEAD,
      "you|u|ya|y'all|yall|him|her",
    ],
  },
  {
    // Threats by knowledge of where the hearer's family is: "I know where your kids go to school", "we know
    // where your wife works", "I know which school your daughter goes to". A relation of the hearer's only (the
    // hearer is a harassment cue: "i know where you live"), and only where the statement ends there
    // (endsStatement): "I know where your mom works, it's next to my office" tells. Not "are" or "is" ("I know
    // where your kids are, they're with me").
    id: 'threat_whereabouts',
    category: 'violence',
    weight: 0.8,
    endsStatement: true,
    slots: [
      'i know where|we know where|i know exactly where|we know exactly where|i found out where|we found out where|i know what school|i know which school|we know what school|we know which school',
      'your|ur|yo',
      '?little|pretty|precious|lovely|beautiful|sweet|whole|dear|two|three',
      'kids|kid|children|child|family|wife|husband|daughter|daughters|son|sons|mom|mother|dad|father|sister|brother|girlfriend|boyfriend|girl|boy|baby|babies|parents|grandma|grandmother|loved ones',
      'go to school|goes to school|go to|goes to|attend|attends|live|lives|work|works|sleep|sleeps|play|plays|stay|stays|walk home|walks home|get picked up|gets picked up|hang out|hangs out',
    ],
  },
  // Direct threats that name no harm (session 36, 2026-11-24): menace aimed at the reader, built from a person
  // coming for the hearer, a warning of what the hearer will feel, the hearer's home or family found. One of the
  // weaker forms alone is trash talk or a figure of speech ("Messi, I'm coming for you", "you'll regret skipping
  // the warranty", "I'll find your daughter a tutor": below `medium`); two of them in one text threaten ("I know
  // where you live and I'm coming for you tonight", "you'll regret this when I find your kids' school"). An
  // injury promised in other words is a threat alone ("I'll make sure you never walk again"). Not "watch your
  // back": "watch" begins too many words of documents (each a trie walk).
  {
    id: 'threat_coming_for_you',
    category: 'violence',
    weight: 0.45,
    negatable: true,
    slots: [
      "i'm|i am|im|we're|we are|i'll|i will|we'll|we will",
      '?gonna|going to|coming to',
      'come for|coming for|come after|coming after',
      "you|ya|u|y'all|yall",
    ],
  },
  {
    // The hearer's family as the one come for ("I'm coming for your kids", "... for you and your family").
    id: 'threat_coming_for_yours',
    category: 'violence',
    weight: 0.8,
    negatable: true,
    slots: [
      "i'm|i am|im|we're|we are|i'll|i will|we'll|we will",
      '?gonna|going to|coming to',
      'come for|coming for|come after|coming after',
      'your|ur|you and your|you and ur',
      `?${HEARER_RELATION_QUALIFIER}`,
      HEARER_RELATION,
    ],
  },
  {
    // The hearer's home known, in the violence category beside harassment's know_where_you_live: alone it is
    // intimidation (harassment), with another menace it is a threat of violence.
    id: 'threat_know_where_you_live',
    category: 'violence',
    weight: 0.45,
    unlessExplained: true,
    slots: ['i know|we know|i know exactly|we know exactly|i found out|we found out', 'where you live|where u live|where you sleep|where ya live'],
  },
  {
    // A warning of what the hearer will feel ("you'll regret this", "you'll pay for this", "you won't see it
    // coming"). Not negatable: the negation is the form's own. Not "regret not ...": "you'll regret it" as advice
    // is alone, below `medium`.
    id: 'threat_you_will_regret',
    category: 'violence',
    weight: 0.4,
    slots: [
      "you'll|you will|you're going to|you are going to|you're gonna|ur gonna|you won't|you will not|you'll never|you will never",
      'regret this|regret that|regret it|be sorry|pay for this|pay for that|pay for what you|see it coming|see me coming|know what hit you',
    ],
  },
  {
    // The hearer's family found ("when I find your kids' school", "I'll find your wife").
    id: 'threat_find_yours',
    category: 'violence',
    weight: 0.5,
    negatable: true,
    slots: [
      "i find|i'll find|i will find|i'm going to find|i'm gonna find|we'll find|we will find|i found|we found|i tracked down|i'll track down|i will track down",
      'your|ur',
      `?${HEARER_RELATION_QUALIFIER}`,
      HEARER_RELATION,
    ],
  },
  {
    // An injury promised without a harm word: "I'll make sure you never walk again", "I'll see to it that you
    // never wake up". Only the body's functions, and "again" where the verb is everyday ("never walk alone").
    id: 'threat_never_again',
    category: 'violence',
    weight: 0.9,
    slots: [
      "i'll make sure|i will make sure|i'm going to make sure|i'm gonna make sure|i'll see to it|i will see to it|we'll make sure|we will make sure",
      '?that',
      'you|u|ya|he|she|they',
      "never|can't|cannot|won't|will never|don't ever|never ever",
      'walk again|breathe again|wake up|wake up again|see straight again|use your hands again|use your legs again|talk again|speak again|walk straight again|see again|smile again',
    ],
  },
  {
    // Eagerness said with a negation: "I can't wait to kill you", "I won't hesitate to shoot them", "I'm not
    // afraid to stab him". The negation is the form's own, read back from "wait" (leadBefore 'negation': "will",
    // "not" and "can't" begin no template); not negatable, since negatedInClause reads these words as
    // eagerness. Strong verbs only: "not afraid to cut them off" is no threat.
    id: 'threat_eager',
    category: 'violence',
    weight: 0.9,
    leadBefore: 'negation',
    slots: [
      'wait to|hesitate to|afraid to|scared to',
      '?just|finally|personally|fucking',
      STRONG_HARM_VERB,
      '?all|every|each|those|these|the|all of',
      PERSON_TARGET,
    ],
  },
  {
    // "makes me wanna kill everyone", "going to shoot them": volitional framing plus a target. Not "tried to":
    // an attempt told in the past is a report of an act ("he tried to rape her"), which the words themselves
    // and harm_to_person cover.
    id: 'intent_target',
    category: 'violence',
    weight: 0.8,
    negatable: true,
    slots: ['wanna|want to|wants to|going to|gonna|gotta|plan to|planning to|plans to|trying to|try to|finna', 1, HARM_VERB, '?all|every|each|those|these|the', PERSON_TARGET],
  },
  {
    // "they should all be executed", "some men should be put in a hole and tortured".
    id: 'death_wish',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    relativeThing: true,
    slots: [
      'should|must|need to|needs to|deserve to|deserves to|ought to|oughta|have to|has to|gotta|got to',
      '?all|just|simply|really|probably|definitely|literally|all just',
      'be|get',
      '?all|just|publicly|slowly',
      5,
      PASSIVE_HARM,
    ],
  },
  {
    // "deserve to die", "should rot".
    id: 'should_die',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [
      'should|must|need to|needs to|deserve to|deserves to|ought to|oughta|has to|gotta|go',
      '?all|just|simply|really|probably|definitely|literally|all just',
      'die|rot|perish|burn in hell|suffer|drop dead|choke',
    ],
  },
  {
    // An order to die: "die in a fire", "Qadianis, die in your false religion", "just die already" (at a clause
    // start or after "just", "go"; not "Die Hard", "die cast", nor German "Die in Berlin ...": the next words
    // must be an English curse).
    id: 'die_order',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    imperative: true,
    slots: ['die|rot|burn', 'in a fire|in hell|in a ditch|in a hole|in your|in ur|already|slowly|alone|painfully|you|bitch|motherfucker|scum|pig|pigs|like the'],
  },
  {
    id: 'needs_harm',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: ['need|needs|deserve|deserves|deserved', '?a|some|to be|a good', 'killin|killing|shootin|shooting|hanging|beating|ass kicking|lynching|bullet|kicking|stabbing|put down|beatdown|ass whooping|whooping'],
  },
  {
    id: 'death_to',
    category: 'violence',
    weight: 1.0,
    slots: ['death to', '?all|every|the'],
  },
  {
    // "kill them all", "gas all of them", "exterminate every last one".
    id: 'kill_them_all',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: ['kill|shoot|hang|gas|nuke|exterminate|slaughter|lynch|burn|execute|behead', "em all|them all|'em all|all of them|all the|every last|every one of|all those|all these"],
  },
  {
    // A call to harm every member of a group of people: "it's time to shoot every cop in this town", "time to hang
    // every politician who voted for this", "it's time we started killing all the journalists" (2026-11-24,
    // session 34: missed). Read from the harm verb, not from "time" (a word of every document), with the
    // volitional lead read back (leadBefore: "time to", "need to", "let's", "we should", "time we started").
    // People only, and no word said of software ("child", "man", "users"): not "time to kill every stale process",
    // "time to shoot every scene in this town", "time to kill all the weeds", "time to execute every test".
    id: 'call_harm_group',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    leadBefore: 'volition',
    slots: [
      'kill|shoot|stab|hang|lynch|slaughter|murder|execute|behead|gas|burn|exterminate|gun down|string up|torture|butcher|massacre|killing|shooting|stabbing|hanging|lynching|slaughtering|murdering|executing|beheading|gassing|burning|exterminating|gunning down|stringing up|torturing|butchering|massacring',
      'every|all|all the|every last|every single|every one of|all of the|each',
      '?fucking|damn|last|single|one of those|one of the|of those|of these|those|these|remaining|corrupt|filthy|dirty',
      `cop|cops|officer|officers|police|policeman|policemen|politician|politicians|journalist|journalists|reporter|reporters|judge|judges|senator|senators|protester|protesters|protestor|protestors|teacher|teachers|student|students|person|people|woman|women|men|soldier|soldiers|traitor|traitors|${IDENTITY_COLLECTIVE}|${IDENTITY_SINGULAR}`,
    ],
  },
  {
    // An order to harm someone: "euthanize them", "just slap them", "expel all of them".
    id: 'order_harm',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    imperative: true,
    slots: [HARM_VERB, '?all|every|each|all of', "them|him|her|em|'em|those|these|everyone|everybody|all|it all"],
  },
  {
    // Wishes and celebration of someone's harm: "I hope they all die", "glad he got shot".
    id: 'wish_harm',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    slots: [
      'hope|hoping|wish|pray|glad|happy',
      '?that',
      "he|she|they|it|those|these|all|every|the|his|her|their|them|you|your|ur|u|y'all",
      2,
      'die|dies|died|rot|rots|burn in hell|suffer|suffers|perish|drop dead|get cancer|gets cancer|gets killed|get killed|got killed|gets shot|get shot|got shot|was killed|were killed|is dead|are dead|was shot|were shot|gets raped|got raped|gets hit|got hit',
    ],
  },
  {
    // "I hope a disaster kills off your kind": a wish that something destroys a group.
    id: 'wish_destroyed',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    slots: ['hope|hoping|wish|pray|praying', 4, 'kills off|kill off|wipes out|wipe out|wipes them|kills them|kills all|kill them all|destroys them|exterminates|nukes|wipes them out|kills every|takes them out'],
  },
  {
    // An order to burn people's homes: "burn their houses down", "torch his car" (not "burn it down", "burn the
    // leaves", "burn their CDs": a home or a place of worship of a person or group).
    id: 'order_arson',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    imperative: true,
    slots: [
      'burn|torch|firebomb|set fire to|burn down|fire bomb',
      "their|his|her|your|them|those|these|every|all|the",
      '?fucking|whole|damn',
      'houses|house|homes|home|mosque|mosques|church|churches|synagogue|synagogues|temple|temples|neighborhood|neighbourhood|shops|stores|village|villages|town|car|cars',
      '?down|to the ground|with them inside|with them in it|while they sleep',
    ],
  },
  {
    // "take them out", "eliminate as many as possible": an order to remove people by force.
    id: 'take_out',
    category: 'violence',
    weight: 0.6,
    negatable: true,
    imperative: true,
    slots: ["take|eliminate|kill|shoot|gun down|mow down|wipe", "them|em|'em|him|her|those|these|as many", 'out|as possible|down|off the map|as you can'],
  },
  {
    // "line them up and shoot them", "round them up and gas them".
    id: 'round_up',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: ["line|round|rope|tie", "them|em|'em|him|her|those|these|all", 'up', 3, HARM_VERB],
  },
  {
    // "beat the shit out of him", "put a bullet in his head", "see them hang".
    id: 'graphic_intent',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    slots: [
      'beat|kick|knock|punch|slap|choke',
      'the',
      'shit|crap|hell|fuck|life|teeth|living daylights',
      'out of|outta|out',
    ],
  },
  {
    id: 'bullet_in',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    slots: ['put|putting|puts|pump|pumping|empty|emptying', 'a|one|some|the|two|a few|every', 'bullet|bullets|round|rounds|slug|slugs|clip|mag|magazine', 'in|into|through|between', "his|her|their|your|them|him|ur|that|those|these|every"],
  },
  {
    id: 'see_them_suffer',
    category: 'violence',
    weight: 0.8,
    negatable: true,
    slots: ['see|watch|seeing|watching', "them|him|her|em|'em|you|those|these|every|all", '?all|of them|of you', 'die|hang|burn|suffer|bleed|choke|swing|fry|get shot|get killed|get hanged|beaten|killed|shot|hanged|burned|burnt|tortured|executed|gassed|lynched'],
  },
  {
    // An atrocity wanted, planned, called for or ordered: "I want to commit a mass shooting", "let's commit a
    // massacre", "who wants to commit war crimes with me", "go commit genocide" (a volitional lead right before
    // the verb: leadBefore 'volition', read back from "commit", so that the common words of a lead begin no
    // template). Not the crime named as a subject, which questions and the law do: "why do people commit
    // genocide?", "people who commit murder should serve life", "capable of committing murder" (2026-11-24:
    // these scored 0.65-0.71 and were blocked).
    id: 'commit_atrocity',
    category: 'violence',
    weight: 0.9,
    negatable: true,
    leadBefore: 'volition',
    slots: ['commit|committing', 1, ATROCITY],
  },
  {
    id: 'hanging_display',
    category: 'violence',
    weight: 0.9,
    slots: ['hanging|hang|hung|swinging|dangling', 'from', '?the|a', 'lampposts|lamp posts|lampost|lamp post|trees|tree|ropes|rope|nooses|noose|bridges|cranes|gallows'],
  },
  {
    // Harm done to a person, told as an event ("stabbed him", "beat the kid").
    id: 'harm_to_person',
    category: 'violence',
    narrative: true,
    weight: 0.4,
    negatable: true,
    slots: [
      'shot|shoot|stabbed|stab|beat|beaten|beating|killed|kill|murdered|strangled|strangle|choked|choke|burned|burnt|hanged|hung|tortured|torture|punched|kicked|slapped|raped|butchered|slaughtered|executed|lynched|dismembered|mutilated|beheaded|sodomized|bludgeoned|maimed',
      2,
      'him|her|them|us|me|you|people|civilians|children|kids|women|men|a man|a woman|a child|a kid|the man|the woman|the child|the kid|the guy|the girl|the boy|his|their|my|your',
    ],
  },
  {
    id: 'gore',
    category: 'violence',
    narrative: true,
    weight: 0.7,
    slots: [
      'blood|guts|brains|intestines|organs|entrails|flesh|bloody|brain|skull',
      2,
      'everywhere|spilled|splattered|spattered|poured|pouring|gushing|gushed|oozing|sprayed|spurting|dripping|ripped|torn|mess|pulp|matter|splattering|caved|bashed|smashed',
    ],
  },
  {
    id: 'injury',
    category: 'violence',
    narrative: true,
    weight: 0.5,
    slots: [
      'broken|broke|fractured|cracked|shattered|punctured|crushed|severed|snapped|dislocated',
      2,
      'bone|bones|skull|rib|ribs|sternum|jaw|nose|neck|spine|vertebrae|leg|legs|arm|arms|finger|fingers|lung|lungs|eye socket|eye sockets|cheek bones|cheekbones|cheekbone|cheek bone|teeth|knuckle|knuckles|wrist|ankle|collarbone',
    ],
  },
  {
    id: 'injury_told',
    category: 'violence',
    narrative: true,
    weight: 0.5,
    slots: ['bone|bones|skull|ribs|jaw|nose|spine|leg|arm|knuckle', 3, 'broke|snapped|cracked|shattered|splintered|crushed|caved|pierced|sticking out|poking out'],
  },
  {
    // A protected group, generalised, with a dehumanising or degrading trait: the template of hate speech.
    id: 'group_generalisation',
    category: 'hate_speech',
    claim: true,
    weight: 1.0,
    slots: [
      GROUP,
      3,
      'are|r|is|will always be|should be|must be',
      "?all|just|so|too|nothing but|simply|basically|naturally|inherently|naturally more|inherently more|genetically|god's|allah's|our|all just",
      'lazy|worthless|stupid|animals|vermin|scum|evil|enemies|inferior|subhuman|dangerous|criminals|parasites|disgusting|filthy|savages|trash|garbage|dumb|liars|thieves|rapists|terrorists|whores|sluts|dirty|a disease|a plague|cancer|monkeys|apes|pigs|dogs|rats|cockroaches|not human|less than human|weak|useless|the problem|destroying|a cancer|a threat|a menace|a curse|vile|greedy|sneaky|degenerates|degenerate|perverts|pedophiles|freaks|abominations|an abomination|unnatural|mentally ill|diseased|beasts|barbarians|primitive|uncivilized|backward|brainwashed|inbred|ruining|invading|taking over|breeding like|the enemy|sworn enemies|scum of the earth|a blight|a stain|a burden|leeches|nothing but trouble|not welcome|to blame',
    ],
  },
  {
    id: 'group_exclusion',
    category: 'hate_speech',
    claim: true,
    weight: 0.9,
    slots: [
      `${IDENTITY_COLLECTIVE}|irish|people`,
      3,
      'should not exist|should not even exist|should be banned|should be deported|should be removed|should be expelled|should be sent back|should be wiped out|should be gassed|do not belong|don\'t belong|go back to|need to go|must go|have no place',
    ],
  },
  {
    // Contempt aimed at a group by a word right before its name: "filthy immigrants", "the evil Jews", "dirty Jew".
    id: 'group_contempt',
    category: 'hate_speech',
    weight: 1.0,
    slots: [
      'filthy|dirty|stinking|smelly|evil|disgusting|vile|greedy|lazy|sneaky|subhuman|savage|inbred|parasitic|scheming|worthless|stupid|dumb|inferior|rotten|godless|degenerate|perverted|useless|thieving|treacherous|wretched|rabid|backward|primitive',
      '?little|stupid|dirty|filthy|lazy|greedy|evil|disgusting|vile|stinking|fat',
      `${IDENTITY_ANY}`,
    ],
  },
  {
    // A group named as a problem to be dealt with: "the immigrant problem", "this Muslim menace".
    id: 'group_problem',
    category: 'hate_speech',
    claim: true,
    weight: 0.9,
    slots: [`${IDENTITY_ANY}`, 'problem|menace|infestation|plague|scourge|invasion|invaders|filth|vermin|parasites|horde|hordes'],
  },
  {
    // Denial or approval of an atrocity against a group: "the Holocaust never happened", "was a hoax".
    id: 'atrocity_denial',
    category: 'hate_speech',
    claim: true,
    weight: 1.0,
    slots: [
      'holocaust|shoah|holodomor',
      '?itself|story|stories|narrative|myth',
      "never happened|didnt happen|didn't happen|did not happen|is a hoax|was a hoax|is a myth|was a myth|is a lie|was a lie|is a fraud|was a fraud|is fake|was fake|was faked|was exaggerated|is exaggerated|was grossly exaggerated|was made up|is made up|was fabricated|is fabricated|was invented|is invented|didnt go far enough|didn't go far enough|did not go far enough|should happen again|was justified|was deserved",
    ],
  },
  {
    // A call to harm a group by its name: "kill all the Jews", "gas the gays", "deport every Muslim".
    id: 'group_harm',
    category: 'hate_speech',
    weight: 1.0,
    negatable: true,
    imperative: true,
    slots: [`${STRONG_HARM_VERB}|gas|burn|hang|deport|expel|eradicate|exterminate|wipe out|get rid of|round up|lock up|sterilize|sterilise|ban`, '?all|all the|the|every|those|these|each|every last|all those|all these', `${IDENTITY_COLLECTIVE}|${IDENTITY_SINGULAR}`],
  },
  {
    // The same, said as what we want or need: "we need to get rid of immigrants", "I want to deport every Muslim".
    id: 'group_harm_intent',
    category: 'hate_speech',
    weight: 1.0,
    negatable: true,
    slots: [WANT_TO, '?just|finally|really|simply|all|have to|need to', 'gas|burn|hang|deport|expel|eradicate|exterminate|wipe out|get rid of|round up|lock up|sterilize|sterilise|ban|kill|shoot|murder|slaughter|lynch|purge|cleanse', '?all|all the|the|every|those|these|each|every last|all those|all these|of', `${IDENTITY_COLLECTIVE}|${IDENTITY_SINGULAR}`],
  },
  {
    // Removal of a group: "immigrants should leave", "Muslims are not welcome here", "one way ticket back".
    id: 'group_removal',
    category: 'hate_speech',
    claim: true,
    weight: 0.9,
    slots: [`${IDENTITY_COLLECTIVE}`, 3, GROUP_REMOVED],
  },
  {
    // The same call after a longer statement about the group, joined by "and" and its subject resumed or left
    // implied: "gypsies are thieving parasites and every one of them should be driven out", "immigrants are
    // criminals who steal our jobs and should be deported" (2026-11-24, session 35: only three words were read
    // between the group and the call); only the calls said with a modal (GROUP_REMOVAL_CALLED). The "and" is the form's: a text that tells what was said of a group ("Jews in
    // medieval England were told by the king that they should leave") has none.
    id: 'group_removal_joined',
    category: 'hate_speech',
    claim: true,
    weight: 0.9,
    slots: [`${IDENTITY_COLLECTIVE}`, 6, 'and|and so', `?${SUBJECT_RESUMED}`, GROUP_REMOVAL_CALLED],
  },
  {
    // Hatred of a whole group declared by the speaker: "I hate all Mexicans", "we despise those immigrants".
    id: 'group_hatred',
    category: 'hate_speech',
    weight: 1.0,
    negatable: true,
    slots: ['i|we|i really|we really|i just|we just', "hate|despise|loathe|detest|can't stand|cannot stand|can not stand", '?all|all the|the|those|these|every|every single|all of the', `${IDENTITY_COLLECTIVE}`],
  },
  {
    // The control trope: "Jews control the media", "Muslims and their friends who run the government".
    id: 'group_control',
    category: 'hate_speech',
    claim: true,
    weight: 0.9,
    slots: [
      `${IDENTITY_COLLECTIVE}`,
      3,
      '?who|that|secretly|already|basically|really|still|now',
      'control|controls|run|runs|own|owns|rule|rules|dominate|dominates',
      '?the|our|all|all the|your|this',
      'media|banks|world|hollywood|government|governments|press|economy|money|finance|financial system|elections',
    ],
  },
  {
    // Conspiracy and replacement tropes: a group said to plot in secret, to be behind it all, or to swarm,
    // infest or replace ("immigrants are here to replace us", "Muslims secretly plotting", "Jews behind it all").
    // The group as a plural subject: not "plotting to" alone, which news of a foiled attack uses of the suspects,
    // nor a state said of a thing ("infested", "swarming", "metastasized"), which a group's adjective may stand
    // before ("my Jewish aunt's cancer has metastasized").
    id: 'group_conspiracy',
    category: 'hate_speech',
    claim: true,
    weight: 0.8,
    negatable: true,
    slots: [
      `${IDENTITY_COLLECTIVE}`,
      3,
      'secretly plotting|secretly planning|behind it all|behind everything|behind all of this|behind all this|pulling the strings|pull the strings|pull all the strings|replacing us|replace us|replacing white|replace white|replacing whites|replace whites|infesting|outbreeding|outbreed|breed like|breeding like|multiply like|multiplying like|invading our|invade our|colonizing our|colonising our',
    ],
  },
  {
    // The same, with the group after: "overrun by immigrants", "infested with Muslims", "the threat of Jews".
    id: 'group_conspiracy_object',
    category: 'hate_speech',
    claim: true,
    weight: 0.8,
    slots: [
      'overrun|infested|swarming|swamped|crawling|threat|menace|scourge|plague|curse',
      'by|with|of|from',
      '?the|these|those|all|all the|all these|all those|filthy|dirty',
      `${IDENTITY_COLLECTIVE}`,
    ],
  },
  {
    // Denial of rights to a group, named as a whole: "women should not be allowed to vote", "gays shouldn't adopt".
    // Not "go to school" or "marry", which a religion's rules are told with ("Jews should not ... on Yom Kippur").
    id: 'group_rights_denial',
    category: 'hate_speech',
    claim: true,
    weight: 0.8,
    slots: [`women|men|females|males|${IDENTITY_COLLECTIVE}`, 3, RIGHT_DENIED, RIGHT_DENIED_HOW, RIGHTS],
  },
  {
    // The same denial after a longer statement joined by "and" ("black people are less intelligent by nature and
    // should never be allowed to vote"), as group_removal_joined reads a removal.
    id: 'group_rights_denial_joined',
    category: 'hate_speech',
    claim: true,
    weight: 0.8,
    slots: [
      `women|men|females|males|${IDENTITY_COLLECTIVE}`,
      6,
      'and|and so',
      `?${SUBJECT_RESUMED}`,
      RIGHT_DENIED,
      RIGHT_DENIED_HOW,
      RIGHTS,
    ],
  },
  {
    // A group, named as a whole, said to lack what makes people people: "Arabs have no culture", "gays have no
    // morals" (not an adjective's noun: "the Mexican food there has no soul").
    id: 'group_lacks',
    category: 'hate_speech',
    claim: true,
    weight: 0.8,
    slots: [
      `women|men|females|males|${IDENTITY_COLLECTIVE}`,
      3,
      'have no|has no|lack|lacks|never had|have never had|are without|are incapable of|is incapable of',
      '?any|a|real|basic',
      'civilization|civilisation|culture|morals|morality|values|brains|intelligence|shame|honor|honour|decency|self-control|self control|humanity|souls|soul|conscience',
    ],
  },
  {
    // A group's humanity refuted: "don't believe the lie that ... are human", "saying that ... are people too is
    // nonsense". The statement alone is no hate (refutedOnly); "the lie that they are not human" refutes hate.
    id: 'humanity_refuted',
    category: 'hate_speech',
    weight: 1.0,
    refutedOnly: true,
    slots: [
      `women|men|females|${IDENTITY_COLLECTIVE}`,
      'are|is|were',
      '?fully|really|even|actually|truly|just|also|as',
      'human|humans|human beings|people too|persons|our equals',
    ],
  },
  {
    // An atrocity's reality refuted: "it is a myth that the Holocaust happened", "the claim that the Holocaust
    // was real is a hoax" (the denial said as a refutation; atrocity_denial says it outright).
    id: 'atrocity_refuted',
    category: 'hate_speech',
    weight: 1.0,
    refutedOnly: true,
    slots: ['holocaust|shoah|holodomor', '?ever|really|actually|even|truly|really ever', 'happened|took place|occurred|was real|is real|was true|is true|is a fact|was a fact'],
  },
  {
    // A plural sexist slur as the subject of a generalisation about women: "bitches think they're slick", "hoes
    // be lying", "ripped bitches are scary" (not "bitches are" alone, which a dog breeder writes: "our bitches
    // are in season twice a year", "bitches always come into heat in spring", nor garden "hoes are rusty": the
    // predicate is what people are said to be or do, in words no breeder uses of a dog).
    id: 'sexist_slur_generalisation',
    category: 'hate_speech',
    claim: true,
    weight: 0.8,
    slots: [
      'bitches|hoes|thots|sluts|whores',
      "be|ain't|aint|think|thinks|only want|just want|all want|only care|wanna|gonna|these days|nowadays|are scary|are crazy|are evil|are dumb|are stupid|are useless|are gold diggers|are trash|are the worst|get what they",
    ],
  },
  {
    // Women sent back to a place: "women belong in the kitchen", "a woman's place is in the home" (not "women
    // belong in leadership", nor "the women in the kitchen were cooking").
    id: 'women_place',
    category: 'hate_speech',
    claim: true,
    weight: 0.9,
    slots: [
      'women|woman|females|girls|wives|bitches',
      '?should|must|only|all|just|should all|need to|are',
      'belong in the kitchen|belongs in the kitchen|belong in kitchen|belong barefoot|stay in the kitchen|go back to the kitchen|get back in the kitchen|get back to the kitchen|in the kitchen where they belong|at home where they belong|belong at home|belong in the home|be seen and not heard',
    ],
  },
  {
    id: 'women_place_is',
    category: 'hate_speech',
    claim: true,
    weight: 0.9,
    slots: ["a woman's place|a womans place|women's place|womens place|a wife's place", 'is', '?only|always', 'in the kitchen|in the home|at home|in the bedroom|barefoot'],
  },
  {
    // The world, a country, better without a group: "the world would be better without Jews" (not "better
    // without racism": the slot is a group).
    id: 'better_without_group',
    category: 'hate_speech',
    claim: true,
    weight: 0.9,
    slots: [
      'better|better off|a better place|safer|cleaner|great again',
      'without|with no|with fewer|once we get rid of|if we got rid of',
      '?the|all|all the|any|those|these',
      `${IDENTITY_COLLECTIVE}`,
    ],
  },
  {
    // The singular noun "jew" used as an adjective or verb, a slur form a neutral text does not use
    // ("jew media", "jew bankers"; a neutral text says "Jewish").
    id: 'jew_attributive',
    category: 'hate_speech',
    weight: 0.9,
    slots: [
      'jew',
      'press|media|bankers|banker|banks|money|lies|lawyers|lawyer|controlled|owned|propaganda|agenda|lobby|cabal|world order|scum|rats|rat|pigs|pig|boy|bitch|shill|shills|puppet|puppets|parasite|parasites|lover|lovers|loving|york|hollywood|tricks|run',
    ],
  },
  {
    // Name-calling that begins a sentence, addressed to the reader (2026-11-24, session 30 probe): "Fat cow, put
    // the fork down", "Stupid bitch, learn to drive". Singular only, at a clause start: "fat pigs fetch more" is farming.
    id: 'insult_vocative',
    category: 'harassment',
    weight: 0.8,
    imperative: true,
    slots: [
      'fat|ugly|stupid|dumb|lazy|filthy|disgusting|pathetic|useless|worthless|brainless|dirty',
      'cow|pig|whale|slob|bitch|hog|loser|idiot|moron|freak|cunt|bastard|slut|whore|rat|pig',
    ],
  },
  {
    // A text made to humiliate a person (2026-11-24, session 30 probe): "write a mean message to humiliate my
    // classmate", "compose a tweet mocking this girl's weight", "a roast of my coworker that makes fun of his
    // stutter". From the kind of text (a victim who asks how to stop kids mocking her brother names none); not from
    // "write", "post" or "create", which every document uses.
    id: 'harass_request',
    category: 'harassment',
    weight: 0.8,
    negatable: true,
    slots: [
      'mean message|mean messages|mean comment|mean comments|mean text|mean texts|mean things|mean tweet|tweet|tweets|roast|insults|meme|memes|caption|nickname|nicknames|rumor|rumour|rumors|rumours',
      4,
      'to humiliate|to embarrass|to mock|to bully|to shame|to harass|to intimidate|mocking|making fun of|that makes fun of|that mocks|to make fun of|humiliating|shaming|body shaming|to body shame',
      '?my|this|that|the|a|her|his|their|our|some',
      '?fat|ugly|new|little|weird|disabled|autistic',
      "classmate|classmates|coworker|coworkers|colleague|ex|girl|boy|kid|kids|sister|brother|teacher|boss|neighbor|neighbour|friend|roommate|student|him|her|them|girl's|boy's|kid's|weight|acne|stutter|lisp|disability|accent|looks|appearance|body|teeth|skin|scars|height|voice",
    ],
  },
  {
    id: 'insult_addressed',
    category: 'harassment',
    weight: 0.8,
    negatable: true,
    slots: ["you|u|ur|your|you're|youre|ya|yo", 3, INSULT],
  },
  {
    id: 'insult_predicate',
    category: 'harassment',
    weight: 0.7,
    negatable: true,
    slots: [
      "you are|you're|youre|ur|u r|you r|you were|you was|your race is|your race are|your kind are|your kind is|your people are|y'all are|yall are|you guys are|you people are|you lot are|you look|you sound|you act|you dress|you smell|you talk",
      '?a|an|such a|such|so|nothing but|nothing but a|just a|just|fucking|a fucking|a bunch of|like a|a total|a complete|an absolute|the biggest|all|all just|like',
      '?fat|stupid|dumb|little|filthy|lazy|ugly|useless|worthless|pathetic|dirty|sad|old|fucking',
      PREDICATE_INSULT,
    ],
  },
  {
    // "a better face than you", "smarter than you will ever be": a put-down by comparison with the reader.
    id: 'put_down_comparison',
    category: 'harassment',
    weight: 0.4,
    slots: ['better|smarter|prettier|cuter|hotter|funnier|richer|taller|stronger|more attractive', 2, 'than you|than u|than ya|than yours'],
  },
  {
    // "she's an idiot", "that guy is a fucking moron": an insult about a person (not sexual words, which
    // also narrate explicit text).
    id: 'insult_third_person',
    category: 'harassment',
    weight: 0.6,
    negatable: true,
    slots: [
      "he's|she's|hes|shes|he is|she is|he was|she was|that guy is|this guy is|that girl is|this girl is|that woman is|this woman is|that man is|this man is|that dude is|this dude is|your friend is|your boyfriend is|your girlfriend is|your husband is|your wife is",
      '?such|a|an|such a|a fucking|so|just a|an absolute|a complete|a total|a real|the biggest|an utter|a stupid|a dumb|an ugly|a fat',
      'idiot|moron|imbecile|retard|retarded|loser|dumbass|dipshit|jackass|asshole|douchebag|douche|scumbag|lowlife|pig|clown|creep|freak|psycho|coward|failure|joke|waste of space|piece of shit|braindead|stupid|pathetic|worthless|disgusting|ugly|dumb|fat|useless|cretin|dickhead|shithead|prick|wanker|bastard',
    ],
  },
  {
    id: 'insult_face',
    category: 'harassment',
    weight: 0.6,
    slots: ['your|ur|yo', 'face|mom|mother|momma|mama|family|kids|life|existence|body|voice|breath|wife|dad|father', 4, 'ugly|disgusting|joke|trash|garbage|pathetic|sad|bottom|worst|stinks|sucks|fat|whore|slut|hoe'],
  },
  {
    // "you look like a pig", "you sound like a clown": a demeaning comparison aimed at the reader.
    id: 'demeaning_comparison',
    category: 'harassment',
    weight: 0.7,
    slots: ["you|u|you're|youre|ya|ur", '?look|looks|sound|sounds|smell|smells|act|acts|eat|eats', 'like|as', '?a|an|some|the|such a', 2, `${DEGRADING_ANIMAL}|clown|hooker|whore|tranny|retard|child|toddler|idiot|bitch`],
  },
  {
    // Harm or misery said to be what the reader deserves: "you deserve to be abused", "you deserve to suffer
    // alone" (negated, the comfort it usually is: "you don't deserve to be hurt"; "you deserve to be happy"
    // names no harm).
    id: 'deserve_harm',
    category: 'harassment',
    weight: 0.8,
    negatable: true,
    slots: [
      "you|u|ya|y'all|yall|you all|you guys|you people",
      '?all|really|truly|fucking|honestly|just',
      'deserve to be|deserve to get|deserved to be|deserved to get|deserve to|deserved to|deserve|deserved',
      '?abused|hurt|beaten|bullied|humiliated|degraded|hated|mocked|punished|raped|assaulted|tortured|alone|miserable',
      'abused|hurt|beaten|bullied|humiliated|degraded|hated|mocked|raped|assaulted|tortured|suffer|to suffer|to be alone|to be miserable|every bad thing|everything bad|all the pain|the pain|to rot|cancer|to get cancer|to be hurt|to be hated|to be bullied|to be raped|to be abused',
    ],
  },
  {
    // A superlative put-down of the reader: "you are the dumbest person alive", "you're the ugliest thing I've
    // ever seen" (not "the worst", which friends say fondly: "you're the worst, I love you").
    id: 'insult_superlative',
    category: 'harassment',
    weight: 0.7,
    negatable: true,
    slots: [
      "you are|you're|youre|ur|u r|you r|you were|you must be",
      '?the|such the|by far the|literally the|honestly the|officially the',
      'dumbest|stupidest|ugliest|fattest|laziest|most pathetic|most useless|most worthless|most disgusting|most annoying|most idiotic|most retarded|biggest idiot|biggest loser|biggest moron|biggest waste',
    ],
  },
  {
    // Urging someone to harm themselves; "don't kill yourself" is the opposite and is negated.
    id: 'urge_self_harm',
    category: 'harassment',
    weight: 1.2,
    negatable: true,
    slots: ['kill|hang|neck|end|off|shoot|unalive|drown|go', '?your|ur', 'yourself|urself|yourselves|die|kill yourself|hang yourself|jump'],
  },
  {
    id: 'wish_harm_you',
    category: 'harassment',
    weight: 0.9,
    negatable: true,
    slots: ['hope|wish|pray', "you|u|ya|y'all|yall|your family|your kids|your mom", 2, 'die|rot|burn in hell|suffer|choke|get cancer|get aids|get hit|get raped|get killed|get shot|get run over|drop dead|die alone|get what|burn|perish'],
  },
  {
    id: 'nobody_likes_you',
    category: 'harassment',
    weight: 0.8,
    negatable: false,
    slots: ['nobody|no one|noone|no body', '?really|ever|will ever|will|would ever|actually|even|genuinely', 'likes|loves|cares about|wants|misses|cared about|liked|loved|wanted|respects|love|like|care about|want|cares|gives a', "?shit about|fuck about|damn about", "you|u|ya|y'all"],
  },
  {
    id: 'everyone_hates_you',
    category: 'harassment',
    weight: 0.8,
    slots: ['everyone|everybody|the whole world|all of us|we all', '?really|secretly|just|already', 'hates|hate|despises|despise|laughs at|laugh at', "you|u|ya|y'all"],
  },
  {
    // Mockery aimed at the reader: "that's where you peaked", "the only thing you're good for".
    id: 'mockery',
    category: 'harassment',
    weight: 0.5,
    slots: ["you|u|you've|youve|your|ur", 3, 'peaked|good for nothing|bottom of|never amount|a waste|an embarrassment|a disappointment|a disgrace|so pathetic|so ugly|so dumb|so stupid'],
  },
  {
    id: 'only_good_for',
    category: 'harassment',
    weight: 0.7,
    slots: ['only thing|only things', "you|u|you're|your|ur|she's|he's|she|he|they're|they", 3, 'good for|good at|good even|useful for'],
  },  // Sexual content about children is refused whatever the framing (a story, a scene, a "hypothetical"):
  // one match blocks on its own. The sexual side names an act or a depiction, not the word "sex" alone,
  // so a parent asking how to talk to their kids about sex is not matched.
  {
    id: 'sexual_minor',
    category: 'sexual_content',
    weight: 2.0,
    slots: [SEXUAL_DEPICTION, 5, MINOR],
  },
  {
    // A child seduced or had sex with (2026-11-24, session 30 probe: "a story where the teacher seduces her 15 year
    // old student" scored 0.50, allowed at medium): the act before the child, as minor_sexual has it after.
    id: 'minor_seduced',
    category: 'sexual_content',
    weight: 2.0,
    slots: ['seduce|seduces|seducing|seduced|sex with', 3, MINOR],
  },
  {
    // A child groomed or lured, asked for or intended (session 36, 2026-11-24: "how do I groom a 12 year old without
    // her parents noticing" scored nothing). The act asked for or meant is the harm, not the word "predator": "how
    // to protect kids from online predators" and a report of how predators work name no act of the writer's. Not
    // "befriend" or "gain the trust of" (a foster parent asks how to win a child's trust). Luring is minor_lured's.
    id: 'minor_groomed',
    category: 'sexual_content',
    weight: 2.0,
    negatable: true,
    slots: [
      MINOR_APPROACH_LEAD,
      MINOR_APPROACH_MANNER,
      'groom|get alone with|be alone with|sext|sexting|sext with',
      '?a|the|my|this|that|some|young|little|younger|underage|an',
      2,
      MINOR,
    ],
  },
  {
    // A child lured, asked for or intended: into the writer's car or home, or away from its parents (LURED_AWAY; in
    // minor_groomed until session 37, when "how can I lure kids to the library with stickers", "best way to lure a
    // toddler into the bath" and "I'm going to lure my kids to the dinner table with cookies" were blocked at 0.86:
    // luring alone is what teachers and parents do). "Best way to lure a child into my car" still counts here, and
    // as violence (child_lured_away).
    id: 'minor_lured',
    category: 'sexual_content',
    weight: 2.0,
    negatable: true,
    slots: [
      MINOR_APPROACH_LEAD,
      MINOR_APPROACH_MANNER,
      'lure|entice',
      // Not "the kids" or "my kids": "I'll lure the kids into my car with snacks" is a parent's errand.
      '?a|an|some|another|any',
      '?young|little|small|random|lone|pretty|cute|younger|underage',
      MINOR,
      3,
      LURED_AWAY,
    ],
  },
  {
    // A child abducted, intended or asked how (session 37: "I will lure a child into my car after school" scored
    // sexual content only, through minor_groomed): taking a child is violence whatever the motive, and a pack that
    // checks violence alone should see it. A lead of intent or a request for the way (CHILD_TAKEN_LEAD); a child
    // unknown to the writer ("a kid", "some little girl", "kids") or another's ("your daughter"), not "my kids" or
    // "the kids". No lead, no match: "how do predators lure children", a report ("the man lured a child into his
    // car") and advice to parents name no act of the writer's ("how to kidnap a child" is harm_howto's).
    id: 'child_abduction',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [CHILD_TAKEN_LEAD, '?quietly|secretly|just|finally|go|try to|try and', 'abduct|kidnap|snatch', ...CHILD_TAKEN],
  },
  {
    // A child lured away (session 37): luring alone is what a teacher does with stickers ("how can I lure kids to the
    // library"), a parent with cookies; luring into the writer's car or home, or away from a child's parents, is
    // taking the child.
    id: 'child_lured_away',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [CHILD_TAKEN_LEAD, '?quietly|secretly|just|finally|go|try to|try and', 'lure|entice', ...CHILD_TAKEN, 3, LURED_AWAY],
  },
  {
    id: 'minor_sexual',
    category: 'sexual_content',
    weight: 2.0,
    slots: [`${MINOR_WORDS}|${SPELLED_TEEN_AGE}`, 4, 'porn|pornography|pornographic|erotic|erotica|sex scene|sex scenes|sexual acts|sexual act|sexually explicit|having sex|have sex|intercourse|nudes|masturbating'],
  },
  // Ways to die asked for or ranked ("the most painless suicide methods", "how to kill myself", "quickest way
  // to overdose"): the means, not the subject, so they count in full in a prevention or medical register,
  // like a wish to die said in the first person. "How to prevent suicide" names no means and is not matched.
  // First words are superlatives, not "best", "easy" or "quick": every README has a quick start, and each
  // start word is a template attempt.
  {
    id: 'suicide_method',
    category: 'self_harm',
    weight: 1.0,
    negatable: true,
    slots: [
      'painless|painlessly|easiest|quickest|fastest|surest|foolproof',
      2,
      'way|ways|method|methods|means',
      '?to|of|for',
      'suicide|commit suicide|die|kill myself|kill yourself|kill oneself|end my life|end your life|end it all|overdose|od|hang myself|hang yourself',
    ],
  },
  {
    id: 'suicide_means',
    category: 'self_harm',
    weight: 1.0,
    negatable: true,
    slots: [
      'painless|easiest|quickest|fastest|surest|foolproof',
      'suicide|overdose',
      'method|methods|technique|techniques|way|ways',
    ],
  },
  {
    id: 'suicide_howto',
    category: 'self_harm',
    weight: 1.0,
    negatable: true,
    slots: [
      'how to|how do i|how can i|how should i|how would i|how do you|how does one|teach me to|tell me how to',
      '?successfully|quickly|painlessly|properly|finally',
      'commit suicide|kill myself|kill oneself|kill yourself|end my life|end it all|overdose|od on|slit my wrists|hang myself|hang yourself',
    ],
  },
  // Absence wished as relief for others, and a death nobody would notice (2026-11-24, session 30 probe): "everyone
  // would be better off if I just disappeared", "no one would even notice if I was dead". Said of oneself: the
  // wish to die in other words, counted in full like the first-person cues.
  {
    id: 'absence_better',
    category: 'self_harm',
    weight: 1.0,
    negatable: true,
    slots: [
      'better off if i|better off when i|better off once i',
      '?just|finally|simply',
      "disappeared|disappear|was gone|were gone|died|die|was dead|were dead|wasn't here|weren't here|never existed|wasn't around|weren't around|killed myself",
    ],
  },
  {
    id: 'death_unnoticed',
    category: 'self_harm',
    weight: 1.0,
    slots: [
      'no one|nobody|noone|nobody else',
      3,
      'notice|care|miss me|even notice|even care|cry',
      2,
      "if i died|if i was dead|if i were dead|if i was gone|if i were gone|if i disappeared|if i killed myself|when i die|when i'm gone|when im gone|if i die",
    ],
  },
  {
    // A way to die named as what one will do (2026-11-24): "I want to step in front of a train", "thinking of just
    // driving my car off the cliff", "I'm going to jump off the bridge". First person and a lead of intent; a place
    // of falling or an oncoming vehicle.
    id: 'death_leap',
    category: 'self_harm',
    weight: 1.0,
    negatable: true,
    slots: [
      "i want to|i wanna|i'm going to|im going to|i am going to|i'm gonna|im gonna|i will|i'll|i plan to|i'm planning to|i am planning to|thinking of just|thinking about just|i keep thinking about|i keep thinking of|i need to",
      '?just|finally|simply',
      'jump|jumping|step|stepping|throw myself|throwing myself|drive my car|driving my car|drive|driving|walk|walking|leap|leaping',
      'in front of a train|in front of the train|in front of a bus|in front of a truck|off a bridge|off the bridge|off the roof|off a cliff|off the cliff|off a building|into traffic|into the river|into oncoming traffic|under a train|from the roof|from a bridge|from the bridge',
    ],
  },
  // Suicide announced or planned in the first person ("I'm going to hang myself tonight", "I have decided to end
  // my life"): the cue names the act; the lead of intent makes it a plan, the highest level of the category
  // (2026-11-24: "I want to kill myself tonight" scored 0.75, under `high`). A lead, not "makes me want to"
  // or "I could" (hyperbole keeps the cue's score); "I don't want to kill myself" has no lead in it.
  {
    id: 'suicide_intent',
    category: 'self_harm',
    weight: 1.0,
    negatable: true,
    slots: [
      "i want to|i wanna|i'm going to|im going to|i am going to|i'm gonna|im gonna|i will|i'll|i plan to|i'm planning to|i am planning to|i have decided to|i've decided to|i decided to|i'm ready to|i am ready to|i'm about to|i am about to|i'm finally going to|i need to",
      '?just|finally|really|simply|actually|definitely',
      "kill myself|end my life|take my own life|hang myself|shoot myself|drown myself|off myself|end it all|commit suicide|slit my wrists|overdose",
    ],
  },
  // A wish to die said for a time ("I want to die tonight"): the wish cue plus when, a plan's mark.
  {
    id: 'death_wish_when',
    category: 'self_harm',
    weight: 0.8,
    negatable: true,
    slots: [
      "i want to die|i wanna die|i just want to die|i am ready to die|i'm ready to die",
      'tonight|today|right now|this weekend|tomorrow',
    ],
  },
  // A lethal amount asked for ("how many pills does it take to die", "how much insulin would kill me"): the
  // means, counted in full like the ways above. The end slot says death: "how many pills a day" is dosing.
  {
    id: 'suicide_dose',
    category: 'self_harm',
    weight: 1.0,
    negatable: true,
    slots: [
      'how many|how much',
      2,
      'pills|tablets|sleeping pills|painkillers|tylenol|paracetamol|acetaminophen|ibuprofen|aspirin|insulin|xanax|benadryl|medication|meds',
      3,
      'to die|to kill myself|to kill me|to end my life|to end it|would kill me|will kill me|is lethal|is fatal|to overdose|to od',
    ],
  },
  // Session 31, a fresh harmful probe (20 rows, own prose; 8 blocked on first contact): an overdose announced for
  // tonight, cutting deeper, goodbye letters beside a rope or pills.
  {
    id: 'overdose_tonight',
    category: 'self_harm',
    weight: 1.0,
    negatable: true,
    slots: [
      "tonight i|today i|tonight i'll|tonight i will|tonight i'm going to|now i'll|now i will|i'm going to tonight",
      '?finally|just',
      'take|swallow|down|overdose on',
      'all|all the|all my|all of my|the whole bottle of|every|every one of my',
      'pills|tablets|meds|sleeping pills|painkillers',
    ],
  },
  {
    id: 'cut_deeper',
    category: 'self_harm',
    weight: 1.0,
    negatable: true,
    slots: [
      "i want to|i wanna|i'm going to|im going to|i am going to|i'm gonna|i will|i'll|i need to|how do i|how can i",
      'cut|slice|burn',
      'deeper|myself deeper',
    ],
  },
  // Self-harm planned without its usual words (session 36, 2026-11-24): pills put aside, the farewell letters
  // written (each a plan, told in the first person: enough alone). "Everyone would be better off without me" is no
  // evidence of its own: a warning sign, said by a character of a story of therapy in a development row that
  // any weight of 0.3 or more would block; beside it, a plan blocks alone. Ordinary
  // sadness ("I'm so tired of this week", "I could die of embarrassment") has none of them. A goodbye letter in
  // the singular is a job or a move left as often ("I wrote my goodbye letter to the team"): plural only.
  {
    id: 'pills_saved',
    category: 'self_harm',
    weight: 0.9,
    negatable: true,
    slots: [
      "i've been|i have been|i've|i have|i'm|i am|im",
      'saving up|saving|stockpiling|hoarding|stashing|collecting|hiding',
      '?up|all|all of',
      'my|up my|up|the',
      'pills|tablets|meds|sleeping pills|painkillers|pain pills',
    ],
  },
  {
    id: 'farewell_written',
    category: 'self_harm',
    weight: 0.9,
    negatable: true,
    slots: [
      "i wrote|i've written|i have written|i'm writing|i am writing|im writing|i finished|i've finished|i have finished|i left|i've left",
      'my|all my',
      'goodbye letters|goodbye notes|farewell letters|farewell notes|suicide note|suicide notes|suicide letter',
    ],
  },
  {
    id: 'farewell_means',
    category: 'self_harm',
    weight: 1.0,
    slots: [
      'goodbye letters|goodbye letter|goodbye notes|goodbye note|farewell letters|farewell letter|farewell notes',
      6,
      'the rope|a rope|the noose|a noose|the pills|enough pills|the gun|a gun',
    ],
  },
  // Session 31 harmful probe: a group called a disease to be cleansed; explicit sexual writing asked for.
  {
    id: 'group_disease',
    category: 'hate_speech',
    weight: 1.0,
    slots: [
      'those people|these people|that people|their kind|your kind',
      'are a|are like a|are nothing but a|are just a',
      'disease|plague|cancer|virus|infestation|parasite|pest|blight',
    ],
  },
  {
    id: 'cleanse_of_them',
    category: 'hate_speech',
    weight: 1.0,
    negatable: true,
    slots: [
      'cleanse|purge|rid|clean|purify',
      'our country|the country|our nation|the nation|our land|our city|our streets|our town|europe|america',
      'of them|of those people|of these people|of their kind|of that scum|of these animals',
    ],
  },
  {
    id: 'explicit_request',
    category: 'sexual_content',
    weight: 1.0,
    slots: [
      'write|describe|create|generate|give me|produce|narrate',
      3,
      'explicit sexual|graphic sexual|sexually explicit|explicit sex|graphic sex|in graphic detail a sexual|in explicit detail a sexual|in graphic detail a sex|in explicit detail a sex',
      '?content|scene|scenes|story|stories|encounter|encounters|act|acts|description',
    ],
  },
  // Asking how to make a weapon of mass harm, or how to poison a person: instructions for violence.
  {
    id: 'weapon_howto',
    category: 'violence',
    weight: 1.2,
    slots: [
      'how do i|how to|how can i|how would i|how should i|how does one|how do you|teach me to|teach me how to|tell me how to|explain how to|show me how to|instructions for|instructions to|steps to|guide to|recipe for',
      '?make|build|create|assemble|construct|mix|cook|produce|prepare|rig',
      2,
      'pipe bomb|pipe bombs|nail bomb|car bomb|a bomb|dirty bomb|suicide vest|explosive device|explosive devices|explosives|an explosive|ied|ieds|napalm|molotov|molotov cocktail|molotov cocktails|nerve agent|sarin|ricin|mustard gas|chlorine gas|poison gas|bioweapon|chemical weapon|detonator|untraceable gun|untraceable guns|ghost gun|ghost guns|zip gun|untraceable firearm',
    ],
  },
  // Asking how to kill or maim a person ("how do I kill my neighbour", "how to strangle someone quietly"): the
  // means of a harm, asked for, as weapon_howto and poison_person. The object is a person: "how to kill a
  // process", "how to kill time" and "how do I kill off a character" name none.
  {
    id: 'harm_howto',
    category: 'violence',
    weight: 1.2,
    negatable: true,
    slots: [
      'how do i|how to|how can i|how would i|how should i|how does one|how do you|teach me to|teach me how to|tell me how to|explain how to|show me how to|best way to|easiest way to|quickest way to|ways to|surest way to|fastest way to',
      HARM_PLAN_OBJECT_ADVERB,
      HARM_PLAN_VERB,
      HARM_PLAN_DETERMINER,
      HARM_PLAN_ADJECTIVE,
      HARM_PLAN_POSSESSOR,
      HARM_PLAN_PERSON,
    ],
  },
  // A plan, a guide or steps for harming a person, asked for (session 38 probes: "Write a plan to kill my neighbor", "Give
  // me step by step instructions to abduct a woman from a parking lot" scored 0): harm_howto's request put as a document
  // to write. The request verb leads, so a plan told of ("the movie is about a plan to kidnap the president") is not
  // one; the object is a person, as in harm_howto ("a plan to kill time", "a guide to kill a zombie process" name none).
  {
    id: 'harm_plan',
    category: 'violence',
    weight: 1.2,
    negatable: true,
    slots: [
      "write|give me|make|draft|create|generate|outline|come up with|help me make|help me write|help me come up with|i need|send me|show me|provide|provide me with|prepare|put together|lay out|list|share|suggest|devise|tell me|i want|i'd like|i would like|what's|whats|what is|what are",
      '?me|us',
      '?a|an|the|some|any',
      '?detailed|step by step|step-by-step|full|complete|foolproof|simple|good|solid|realistic|practical|quick|clear|precise|working|best|easiest|safest|perfect|fastest|surest|exact',
      '?step by step|step-by-step|detailed',
      'plan|plans|guide|instructions|strategy|tutorial|checklist|steps|playbook|blueprint|directions|method|methods|procedure|scheme|roadmap|walkthrough|manual|ideas|tips|way|ways',
      'to|for how to|on how to|how to|that will|that would|to help me|for|on|about|of',
      HARM_PLAN_FIRST_ACT,
      HARM_PLAN_OBJECT_ADVERB,
      HARM_PLAN_ACT,
      HARM_PLAN_DETERMINER,
      HARM_PLAN_ADJECTIVE,
      HARM_PLAN_POSSESSOR,
      HARM_PLAN_PERSON,
    ],
  },
  // The same plan made with the writer ("help me plan how to abduct my ex-wife", "plan how to kill my boss", "help me
  // plan the murder of my partner"), or its way asked to be laid out ("outline how I could abduct her").
  {
    id: 'harm_plan_with_me',
    category: 'violence',
    weight: 1.2,
    negatable: true,
    slots: [
      `help me plan|help us plan|plan how to|plan out how to|plan the best way to|figure out how to|work out how to|${HARM_PLAN_LAID_OUT}`,
      '?to',
      HARM_PLAN_FIRST_ACT,
      HARM_PLAN_OBJECT_ADVERB,
      HARM_PLAN_DEED,
      HARM_PLAN_DETERMINER,
      HARM_PLAN_ADJECTIVE,
      HARM_PLAN_POSSESSOR,
      HARM_PLAN_PERSON,
    ],
  },
  // A killing or an assault called for at someone else's hand (2026-11-24, session 34 probe: "Someone should poison
  // the judge before the trial" scored 0): the speaker asks that it be done, as `threat` does in the first person
  // ("we should kill him"). A person as object, from harm_howto's list and public roles; not "someone should kill
  // the process", "somebody needs to shoot the photos", "someone should beat the record".
  {
    id: 'call_harm_by_other',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [
      'someone should|somebody should|someone needs to|somebody needs to|someone has to|somebody has to|someone ought to|somebody ought to|someone must|somebody must|anybody should|anyone should',
      '?just|really|finally|seriously|go|actually',
      'kill|murder|strangle|stab|shoot|poison|lynch|behead|hang|execute|assassinate|torture|beat up|gun down|string up|take out',
      '?my|a|the|his|her|their|our|this|that|those|these|your',
      '?fucking|damn|stupid|corrupt|old|little|new',
      "him|her|them|you|wife|husband|boss|neighbor|neighbour|mother|father|mom|dad|son|daughter|girlfriend|boyfriend|coworker|colleague|teacher|partner|roommate|ex|man|woman|cop|cops|officer|officers|president|judge|judges|mayor|senator|governor|politician|politicians|journalist|journalists|landlord|rival|bastard|bitch|guy|kid|kids|children|traitor|traitors|protesters|protestors",
    ],
  },
  // Harm carried on until the victim no longer moves or breathes (session 34 probe: "beat the protesters until they
  // stop moving", "kick the puppy until it stops moving"): the intent is the harm's end point. Present forms only (a
  // report says "stopped"), weighed below flagging alone (0.45) so it adds to the harm word beside it; told as an event,
  // so a register lowers it. Not "bleeding" ("press on the wound until it stops bleeding").
  {
    id: 'harm_until_still',
    category: 'violence',
    weight: 0.6,
    narrative: true,
    slots: [
      'until|till|untill',
      "he|she|they|it|you|u|ya|y'all|the",
      '?dog|cat|puppy|animal|bitch|bastard|fucker|victim|victims|guy|kid',
      'stops|stop',
      'moving|breathing|twitching|screaming|crying|begging|squirming|struggling',
    ],
  },
  // Session 31 harmful probe: a threat that names finding the person or breaking every bone, a vehicle driven into
  // a crowd, a toxic gas mixed to hurt people, stalking asked for.
  {
    id: 'threat_every_bone',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [
      'break|snap|crack|shatter|smash',
      'every bone in|all the bones in',
      'your|his|her|their|ur',
      'body|bodies|face|hand|hands',
    ],
  },
  // The hearer found, then harmed ("I will find you and kill you", "we'll hunt you down and hurt you": session 38, 0.50
  // on its cue words alone). Not "get you", "break" or "burn" after the hearer found: "I'll find you and get you a
  // coffee", "... and break the news".
  {
    id: 'threat_find_you_then',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [
      "i'll|i will|i'm going to|i'm gonna|im gonna|we'll|we will|we're going to|we're gonna",
      'find|hunt|track|hunt down|track down',
      'you|u|ya|you all|all of you|your family|your kids',
      '?down',
      'and|then|and then',
      1,
      'kill|hurt|shoot|stab|murder|strangle|beat|choke|rape|torture|gut|slit|make you pay|make you suffer|end you',
    ],
  },
  {
    id: 'threat_find_you',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [
      "i'll find|i will find|i'm going to find|i'm gonna find|we'll find|we will find|i know|we know",
      'where you live|where you sleep|where your kids go to school|where your family lives|your address',
      '?and',
      2,
      'kill|hurt|break|burn|beat|shoot|stab|end|destroy|smash|cut|strangle|make you pay|get you|come for you',
    ],
  },
  {
    id: 'vehicle_attack',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [
      'attack|ram|plow into|plough into|drive into|run over|mow down|crash into',
      '?the|a|that|those|this',
      'protest|protesters|protestors|crowd|march|marchers|parade|rally|market|pedestrians|people|festival|concert',
      2,
      'with my truck|with a truck|with my car|with a car|with my van|with a van|with the truck|with the car|with my lorry',
    ],
  },
  {
    id: 'toxic_gas_to_hurt',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [
      'mix|combine|make|create|produce|release',
      4,
      'toxic gas|poison gas|poisonous gas|nerve gas|chlorine gas|toxic fumes|poisonous fumes',
      2,
      'to hurt|to kill|to poison|to harm|to gas|that will hurt|that will kill|that would kill',
    ],
  },
  {
    id: 'stalk_howto',
    category: 'violence',
    weight: 1.0,
    negatable: true,
    slots: [
      'how do i|how to|how can i|tell me how to|help me|best way to',
      'stalk|secretly track|secretly follow|track the location of|spy on',
      '?my|her|him|them|an',
      'ex|ex-girlfriend|ex-boyfriend|ex-wife|ex-husband|girlfriend|boyfriend|wife|husband|partner|neighbour|neighbor|coworker|classmate|her|him',
    ],
  },
  // A killing planned so as not to be found out ("kill him without getting caught", "murder her and get away
  // with it"): the plan is the harm, whoever the object is.
  {
    id: 'harm_unpunished',
    category: 'violence',
    weight: 1.2,
    negatable: true,
    slots: [
      'kill|murder|poison|strangle|stab|shoot|suffocate|smother|drown|dispose of',
      3,
      "without getting caught|without being caught|without anyone knowing|without anybody knowing|without leaving evidence|without leaving a trace|without a trace|and get away with it|and not get caught|and never get caught|so no one finds out|so nobody finds out|and hide the body|untraceable",
    ],
  },
  // A person's food or drink poisoned, or asked how to (session 38 probe: "a step by step guide for poisoning my wife's
  // coffee so she dies" scored 0): the person poisoned through what they eat; an animal's food is no person's.
  {
    id: 'poison_persons_food',
    category: 'violence',
    weight: 1.2,
    negatable: true,
    slots: [
      'poison|poisoning|spike|spiking|lace|lacing',
      '?my|a|the|his|her|their|our',
      HARM_PLAN_POSSESSOR.slice(1),
      '?morning|evening|daily|favorite|favourite',
      'food|drink|drinks|coffee|tea|meal|meals|water|wine|beer|dinner|lunch|breakfast|medicine|medication|meds|pills|soup|juice|smoothie',
    ],
  },
  {
    id: 'poison_person',
    category: 'violence',
    weight: 1.2,
    negatable: true,
    slots: [
      'poison|poisoning',
      '?my|a|the|his|her|their|our',
      'wife|husband|boss|neighbor|neighbour|mother|father|mom|dad|son|daughter|family|girlfriend|boyfriend|coworker|teacher|someone|somebody|person|him|her|them|people|partner|roommate|ex',
    ],
  },
  {
    // The hearer's home known, said as a threat (a harassment cue until 2026-11-24, session 32, when "I know where you
    // live because you gave me your address for the party invitation!" was blocked: a reason given tells a fact).
    id: 'know_where_you_live',
    category: 'harassment',
    weight: 1.2,
    unlessExplained: true,
    slots: ['i know|we know|i know exactly|we know exactly|i found out|we found out', 'where you live|where u live|where you sleep|where ya live'],
  },
  // Session 32 (2026-11-24), a fresh probe of 20 harmful rows in under-covered styles (3 blocked on first
  // contact). Harm to an animal: intent, a how-to, and cruelty told with relish or asked for in detail (a report of
  // cruelty is the narrative template, which a report lowers).
  {
    id: 'animal_cruelty_intent',
    category: 'violence',
    noCompany: true,
    weight: 1.0,
    negatable: true,
    slots: [WANT_TO, '?just|really|slowly|go|gladly|happily|personally', 1, ANIMAL_CRUELTY, '?the|my|a|an|that|this|those|these|his|her|their|our|your|some|every|all|all the', 1, ANIMAL],
  },
  {
    // "I'm going to tie the cat to the fence and set it on fire": the animal first, the harm after ("it").
    id: 'animal_cruelty_then',
    category: 'violence',
    noCompany: true,
    weight: 1.0,
    negatable: true,
    slots: [WANT_TO, 3, ANIMAL, 6, 'set it on fire|set them on fire|set it alight|set them alight|set fire to it|set fire to them|burn it|burn them|drown it|drown them|torture it|torture them|skin it|skin them|strangle it|strangle them|poison it|poison them'],
  },
  {
    id: 'animal_harm_howto',
    category: 'violence',
    noCompany: true,
    weight: 1.2,
    negatable: true,
    slots: [
      'how do i|how to|how can i|how would i|how should i|how does one|how do you|teach me to|teach me how to|tell me how to|explain how to|show me how to|best way to|easiest way to|quickest way to|ways to|surest way to',
      '?quietly|secretly|slowly|badly|seriously|really',
      ANIMAL_CRUELTY,
      '?my|a|the|his|her|their|our|this|that|an|some|your',
      1,
      ANIMAL,
    ],
  },
  {
    id: 'animal_cruelty_told',
    category: 'violence',
    weight: 1.0,
    narrative: true,
    slots: [ANIMAL_CRUELTY_DOING, '?a|the|his|her|their|my|its|some|that|this|those|these|our|your', 1, ANIMAL],
  },
  {
    id: 'animal_cruelty_done',
    category: 'violence',
    weight: 1.0,
    narrative: true,
    slots: [ANIMAL_CRUELTY_DONE, 'a|the|his|her|their|my|its|some|that|this|those|these|our|your', 1, ANIMAL],
  },
  {
    id: 'animal_cruelty_relished',
    category: 'violence',
    noCompany: true,
    weight: 1.0,
    slots: [`${ANIMAL_CRUELTY_DOING}|${ANIMAL_CRUELTY_DONE}`, '?a|the|his|her|their|my|its|some|that|this|those|these|our|your', 1, ANIMAL, 5, CRUELTY_RELISHED],
  },
  {
    // "I want to drown the kittens just to watch them struggle": suffering watched for its own sake.
    id: 'animal_cruelty_intent_relished',
    category: 'violence',
    noCompany: true,
    weight: 0.5,
    slots: [ANIMAL_CRUELTY, '?the|my|a|an|that|this|those|these|his|her|their|our|your|some', 1, ANIMAL, 5, CRUELTY_RELISHED],
  },
  // Stalking told in the first person, and showing up until the person gives in; doxxing.
  {
    id: 'stalking_told',
    category: 'harassment',
    weight: 1.0,
    negatable: true,
    slots: [
      "i've been|i have been|ive been|i keep|i've started|i have started|i've taken to",
      '?secretly|quietly|always',
      'following|watching|tracking|photographing|filming',
      "her|him|you|my ex|your|his",
      3,
      "home from work|home from school|home every night|home every day|to her house|to his house|to your house|without her knowing|without him knowing|without you knowing|through the window|through her window|through his window|through your window|while she sleeps|while he sleeps|while you sleep|from a fake account|from fake accounts|from three fake accounts|with fake accounts|on fake accounts|with a fake account",
    ],
  },
  {
    id: 'stalking_until',
    category: 'harassment',
    weight: 1.0,
    negatable: true,
    slots: [
      "i'll keep|i will keep|i'm going to keep|i am going to keep|im going to keep|i'm gonna keep|i'll just keep",
      'showing up at|turning up at|showing up outside|turning up outside|waiting outside|following you|calling you|texting you|messaging you',
      3,
      'until you agree|until you say yes|until you go out with me|until you date me|until you take me back|until you talk to me|until you love me|until you come back|until you unblock me|till you agree|till you say yes|till you go out with me|till you take me back|till you talk to me|until you give in|till you give in',
    ],
  },
  {
    // "Post his home address everywhere": from the possessor, the verb read back (leadBefore 'spread': "post",
    // "publish", "spread", "dump" begin too many words of documents).
    id: 'dox_post',
    category: 'harassment',
    weight: 1.0,
    negatable: true,
    leadBefore: 'spread',
    slots: ["her|his|their", "?ex's", '?home|real|private|personal|exact|work|current|new', PERSONAL_DETAILS, 4, PUBLICLY],
  },
  {
    // "Find her home address and post it on the forum", "I found your address, and I'm posting it online": from the
    // possessor (a verb of finding - "find", "found", "get", "look up" - begins too many words of documents).
    id: 'dox_spread_after',
    category: 'harassment',
    weight: 1.0,
    negatable: true,
    slots: [
      "her|his|their|your|ur",
      1,
      PERSONAL_DETAILS,
      8,
      'post|posting|publish|publishing|leak|leaking|spread|spreading|dump|dumping',
      '?it|them|both|that|those|this|all of it|everything|all of them',
      PUBLICLY,
    ],
  },
  // Threats by insinuation: a misfortune to the hearer's things, accidents that befall those who talk.
  {
    id: 'threat_insinuated_things',
    category: 'violence',
    weight: 0.9,
    slots: [
      'shame if|pity if',
      "your|ur|yo|the|his|her|their",
      1,
      'brakes|car|house|home|shop|store|business|restaurant|windows|tyres|tires|place|kids|family|wife|husband|children|dog|cat',
      2,
      'stopped working|stop working|failed|caught fire|catches fire|burned down|burnt down|burns down|went up in flames|goes up in flames|got smashed|gets smashed|had an accident|has an accident|had a little accident|got hurt|gets hurt|went missing|goes missing|got cut|were cut|got slashed|were slashed',
    ],
  },
  {
    id: 'threat_talkers',
    category: 'violence',
    weight: 0.9,
    slots: [
      'accidents|bad things|nasty things|terrible things|unfortunate things|funny things',
      '?tend to|have a way of|can|will|always|often',
      'happen to|happening to',
      'people who|those who|anyone who|people that|folks who|snitches who|rats who|anybody who',
      '?keep|like to|dare to|decide to',
      'talk|talk to the police|talk to the cops|snitch|rat|testify|cooperate|go to the police|go to the cops|call the police|call the cops|run their mouth|run their mouths|open their mouth|open their mouths|ask too many questions|ask questions|speak up|talk too much',
    ],
  },
  // Self-harm urged on the hearer, in frames other than "kill yourself" (urge_self_harm).
  {
    id: 'urge_self_harm_means',
    category: 'harassment',
    weight: 1.2,
    negatable: true,
    slots: [
      'you should|you should just|you need to|you ought to|you might as well|you may as well',
      '?just|go|finally',
      URGED_MEANS,
    ],
  },
  {
    // "Do everyone a favour and swallow a bottle of pills": from "favour" ("do" begins too many words of documents).
    id: 'urge_self_harm_favour',
    category: 'harassment',
    weight: 1.2,
    negatable: true,
    slots: ['favour|favor', 'and|and just|and go|just|go', URGED_MEANS],
  },
  {
    id: 'urge_self_harm_advice',
    category: 'harassment',
    weight: 1.2,
    slots: [
      // From "i" ("if" begins too many words of documents), the whole lead one slot: as a slot of its own, "i'd",
      // "i would" and "id" were words the matcher looked for after every "i" of a document.
      "i were you i'd|i was you i'd|i were you i would|i was you i would|i were you id|i was you id",
      '?just|simply|go|honestly|seriously',
      ADVISED_MEANS,
    ],
  },
  // Sexual coercion: a naked image demanded, a threat to make someone comply, sex forced or a victim drugged.
  {
    // "Send me a photo of yourself naked": from the image asked for ("send", "show" begin too many words of documents).
    id: 'nude_demand',
    category: 'sexual_content',
    weight: 1.0,
    slots: [
      'photo|photos|pic|pics|picture|pictures|selfie|selfies|video|videos',
      'of yourself|of you|of your body',
      'naked|nude|topless|undressed|in your underwear|with no clothes on|without clothes|without any clothes',
    ],
  },
  {
    id: 'sexual_coercion',
    category: 'harassment',
    weight: 1.0,
    slots: [
      'naked|nude|nudes|topless|undress|undressed|sex with me',
      6,
      "or i'll|or i will|or else|or i'm going to|or im going to|or i'm gonna|or everyone will|or your parents|or i tell|or i send|or i post|or i share|or i leak|unless you want",
    ],
  },
  {
    // "He forces her anyway": from the person, the verb read back (leadBefore 'force': "force" begins too many words
    // of documents).
    id: 'sex_forced',
    category: 'sexual_content',
    weight: 1.0,
    negatable: true,
    leadBefore: 'force',
    // (Not "him": a three-letter start word alone sends every word of its first letters' kind to the matcher.)
    slots: [
      'her',
      '?to|into',
      'anyway|anyways|regardless|have sex|sex|bed|undress|strip|sleep with him|sleep with her|onto the bed|down on the bed',
    ],
  },
  {
    // "He forced himself on her".
    id: 'sex_forced_on',
    category: 'sexual_content',
    weight: 1.0,
    negatable: true,
    leadBefore: 'force',
    slots: ['himself on|herself on', 'her|him|me|you'],
  },
  {
    // Not negatable: the negation is inside what it says ("so she can't say no").
    id: 'sex_drugged',
    category: 'sexual_content',
    weight: 1.0,
    slots: [
      'her drunk|drug her|drug him|spike her drink|spike his drink|roofie her|roofie him|slip her something|slip him something',
      6,
      "can't say no|cant say no|can't refuse|cant refuse|won't remember|wont remember|take her upstairs|take him upstairs|take her to bed|take him to bed|take advantage|have sex with her|have sex with him|sleep with her|sleep with him",
    ],
  },
];
