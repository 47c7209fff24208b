/**
 * Content-safety lexicon, written for this project: per category, cue terms with a weight. A term is a
 * word stem (matched at a word start, any ending) or a short phrase; weights say how much one occurrence
 * says about the category. Terms are everyday vocabulary of each harm, not text from any corpus.
 * scripts/fit-safety.mjs may rescale these weights from the development corpus (params/safety-weights.ts).
 */
export type SafetyCategory = 'violence' | 'hate_speech' | 'self_harm' | 'sexual_content' | 'harassment';

export const SAFETY_CATEGORIES: readonly SafetyCategory[] = ['violence', 'hate_speech', 'self_harm', 'sexual_content', 'harassment'];

/** term -> weight. Strong cues ~1.0 (one is enough at medium), supporting cues 0.3-0.6. */
export const SAFETY_LEXICON: Readonly<Record<SafetyCategory, Readonly<Record<string, number>>>> = {
  violence: {
    'i will kill': 1.2, "i'll kill": 1.2, 'going to kill': 1.0, 'gonna kill': 1.0, 'want to kill': 0.9, 'shoot you': 1.0, 'shoot them': 1.0, 'beat you': 0.8, 'kill you': 1.0, 'kill them': 0.9, 'kill him': 0.9, 'kill her': 0.9, 'dead bodies': 0.6, 'bodies': 0.25, 'bleeding': 0.4, 'hammer': 0.3, 'stomp': 0.5, 'curb stomp': 1.0, 'gouge': 0.8, 'bludgeon': 1.0, 'maim': 0.9, 'shot dead': 0.9, 'stabbed': 0.9, 'gunned down': 1.0, 'blow your': 0.8, 'burn alive': 1.0, 'burned alive': 1.0, 'eat them': 0.3,
    kill: 0.45, murder: 0.6, 'shoot ': 0.6, shooting: 0.45, stab: 0.7, behead: 1.0, decapitat: 1.0, slaughter: 0.9,
    massacre: 0.9, torture: 0.7, 'blow up': 0.8, bomb: 0.45, explosive: 0.5, strangl: 0.9, choke: 0.5, assault: 0.45,
    'beat up': 0.8, 'beat the': 0.4, punch: 0.4, bloodbath: 1.0, bleed: 0.4, blood: 0.25, gore: 0.6, mutilat: 1.0,
    dismember: 1.0, execute: 0.3, execution: 0.5, 'slit ': 0.8, 'throat': 0.3, gun: 0.3, rifle: 0.4, knife: 0.3,
    machete: 0.6, weapon: 0.3, violent: 0.35, violence: 0.35, attack: 0.25, terroris: 0.5, 'hang them': 1.0,
    lynch: 1.0, 'burn them': 1.0, corpse: 0.4, 'dead body': 0.5, brutal: 0.35, rape: 0.5, 'hurt you': 0.7,
    'hurt them': 0.7, 'i will hurt': 0.9, 'going to hurt': 0.8, smash: 0.3, 'break your': 0.7, 'skull': 0.5,
    bullet: 0.5, 'burn down': 0.7, arson: 0.7, genocide: 0.4, war: 0.1, fight: 0.15, 'deserve to die': 1.0,
  },
  hate_speech: {
    simian: 0.9, monkeys: 0.5, ape: 0.4, apes: 0.5, feral: 0.5, 'should be exterminated': 1.2, 'should be killed': 1.0, 'their kind': 0.6, 'your kind': 0.6, 'your race': 0.8, 'their race': 0.6, 'white people': 0.4, 'black people': 0.4, 'jews': 0.5, 'muslims': 0.5, 'immigrants': 0.4, 'illegals': 0.8, 'being gay': 0.4, atheist: 0.3, religion: 0.15, 'wetbacks': 1.2, 'beaner': 1.0, 'gook': 1.0, 'dyke': 0.8, 'inferior': 0.5, 'invaders': 0.6, 'invasion': 0.4,
    nigger: 1.2, nigga: 0.9, faggot: 1.2, fag: 0.8, kike: 1.2, spic: 1.0, chink: 1.0, wetback: 1.2, raghead: 1.2,
    towelhead: 1.2, tranny: 1.0, retard: 0.6, subhuman: 1.0, vermin: 0.7, 'inferior race': 1.2, 'master race': 1.0,
    'white power': 1.0, 'white supremac': 0.8, 'go back to your country': 1.0, 'go back to where': 0.8,
    'these people': 0.3, 'those people': 0.3, immigrant: 0.35, muslim: 0.35, islam: 0.35, jew: 0.4, jewish: 0.35,
    black: 0.25, blacks: 0.6, 'the blacks': 0.9, whites: 0.4, gay: 0.3, gays: 0.5, homosexual: 0.4, lesbian: 0.3,
    transgender: 0.3, mexican: 0.3, arab: 0.3, asian: 0.2, race: 0.3, racist: 0.4, racial: 0.3, ethnic: 0.3,
    'should be deported': 0.9, 'should be banned': 0.5, 'should not be allowed': 0.5, exterminat: 0.9,
    'are animals': 0.9, 'are all': 0.35, 'all of them': 0.3, disgusting: 0.4, filthy: 0.5, savage: 0.5,
    'third world': 0.3, 'illegal alien': 0.7, hate: 0.35, hatred: 0.4, nazi: 0.5, hitler: 0.5, holocaust: 0.3,
    heathen: 0.5, infidel: 0.6, 'sand n': 1.0, 'ching chong': 1.2, ghetto: 0.4, thug: 0.4,
  },
  self_harm: {
    'cut myself': 1.2, 'i cut': 0.6, 'cuts': 0.4, 'my cuts': 1.0, 'burned myself': 1.0, 'burnt myself': 1.0, 'punish myself': 0.9, 'slicing myself': 1.2, 'harm myself': 1.2, 'hurting myself': 1.0, 'starve myself': 1.2, 'starving myself': 1.2, 'killing oneself': 0.9, 'eating disorder': 0.8, 'wrists': 0.6, 'veins': 0.4, 'scars': 0.4, 'relapse': 0.5, 'relapsed': 0.6, 'thighs': 0.25, 'endorphins': 0.25, myself: 0.2, 'razor blade': 0.8, 'blades': 0.4, 'purge': 0.5, 'numb': 0.3,
    suicid: 1.0, 'kill myself': 1.2, 'end my life': 1.2, 'take my own life': 1.2, 'want to die': 1.0, 'wanna die': 1.0,
    'self harm': 1.0, 'self-harm': 1.0, 'cutting myself': 1.2, 'hurt myself': 1.0, overdos: 0.8,
    'no reason to live': 1.0, 'not worth living': 1.0, 'better off dead': 1.0, 'end it all': 0.9, 'slit my': 1.2,
    'hang myself': 1.2, 'jump off': 0.5, 'sleeping pills': 0.6, razor: 0.4, 'pills': 0.3, anorexi: 0.6, bulimi: 0.6,
    starv: 0.4, purging: 0.5, depress: 0.4, hopeless: 0.5, worthless: 0.5, 'hate myself': 0.7, 'my life': 0.2,
    't want to live': 1.2, 'dont want to live': 1.2, 'no point in living': 1.2, 'painless': 0.5, lethal: 0.5,
  },
  sexual_content: {
    sex: 0.5, sexual: 0.5, sexy: 0.5, porn: 0.9, nude: 0.7, naked: 0.6, nsfw: 0.8, orgasm: 1.0, erotic: 0.8,
    cock: 0.7, dick: 0.6, pussy: 0.8, penis: 0.7, vagina: 0.7, clit: 1.0, breast: 0.4, boobs: 0.7, tits: 0.8,
    nipple: 0.7, cum: 0.6, cumming: 0.9, horny: 0.9, masturbat: 1.0, blowjob: 1.0, 'blow job': 1.0, handjob: 1.0,
    fuck: 0.4, fucked: 0.5, fucking: 0.3, anal: 0.6, dildo: 1.0, vibrator: 0.7, fetish: 0.7, bdsm: 0.9, kink: 0.5,
    slut: 0.7, whore: 0.6, escort: 0.4, hooker: 0.5, stripper: 0.5, lingerie: 0.5, thong: 0.4, aroused: 0.8,
    moan: 0.5, lick: 0.4, suck: 0.4, 'make love': 0.7, intercourse: 0.7, 'oral sex': 1.0, seduc: 0.5, hentai: 1.0,
    'onlyfans': 0.7, 'sext': 0.7, 'hard on': 0.6, erection: 0.8, 'wet ': 0.3, thrust: 0.5, bed: 0.15, kiss: 0.3,
  },
  harassment: {
    shitty: 0.4, 'gives a fuck': 0.5, 'your face': 0.4, 'ugly ass': 0.8, dick: 0.2, redneck: 0.6, dumbass: 0.9, dipshit: 0.9, shithead: 0.9, jackass: 0.8, douche: 0.8, twat: 0.4, prick: 0.7, imbecile: 0.8, 'get a life': 0.8, 'nobody cares': 0.7, 'you people': 0.5, 'go to hell': 0.9, 'eat shit': 1.0, hoe: 0.4, skank: 0.6, incel: 0.6, degenerate: 0.7, scumbag: 0.9, 'your mom': 0.4, 'your mother': 0.3, 'ur mom': 0.5, 'you are so': 0.3, "you're so": 0.3, 'lmao': 0.15,
    idiot: 0.6, stupid: 0.5, moron: 0.7, dumb: 0.5, loser: 0.6, 'shut up': 0.6, ugly: 0.5, 'fat ': 0.2, pathetic: 0.6,
    worthless: 0.5, bitch: 0.5, bastard: 0.7, asshole: 0.8, 'piece of shit': 1.0, 'kill yourself': 1.2, kys: 1.0,
    'go die': 1.0, 'nobody likes you': 0.9, 'no one likes you': 0.9, 'you suck': 0.8, scum: 0.7, trash: 0.4,
    cunt: 0.6, 'fuck you': 0.8, 'fuck off': 0.9, 'screw you': 0.8, retard: 0.7, clown: 0.3, 'i hope you': 0.4,
    'you are a': 0.2, "you're a": 0.2, 'ur a': 0.4, disgusting: 0.4, freak: 0.5, creep: 0.5, 'stalk': 0.6,
    'i know where you live': 1.2, threat: 0.3, humiliat: 0.5, bully: 0.5, dox: 0.8,
  },
};

/**
 * Composed cues: a harm verb aimed at people, a wish for someone's death, insults addressed to the reader.
 * Words alone cannot tell a news report about a killing from a threat; these shapes can. Bounded gaps only.
 */
export const SAFETY_PATTERNS: ReadonlyArray<{ id: string; category: SafetyCategory; weight: number; source: string }> = [
  {
    id: 'threat',
    category: 'violence',
    weight: 1.0,
    source: "\\b(?:i|we)(?:'ll| will| would| am going to|'m going to| are going to|'re going to| gonna| want to| wanna| should)(?: [a-z']+){0,2} (?:kill|shoot|stab|beat|hurt|punch|strangle|murder|slaughter|burn|hang|bomb|rape|choke|slap|saw|behead|torture|gut|skin)\\b",
  },
  {
    id: 'death_wish',
    category: 'violence',
    weight: 1.0,
    source: "\\b(?:should|must|need to|needs to|deserve to|deserves to|ought to|have to|has to)(?: all)? (?:be )?(?:die|killed|shot|hanged|hung|executed|exterminated|eliminated|wiped out|burned|burnt|gassed|put down|beaten|lynched|removed|deported)\\b|\\bdeath to\\b|\\bhang (?:em|them|him|her) all\\b|\\bkill (?:them |em )?all\\b",
  },
  {
    // Harm done to a person, told as an event ("stabbed him", "beat the kid"): the description V labels cover.
    id: 'harm_to_person',
    category: 'violence',
    weight: 0.6,
    source: "\\b(?:shot|shoot|stabbed|stab|beat|beaten|beating|killed|kill|murdered|strangled|strangle|choked|choke|burned|burnt|hanged|hung|tortured|torture|punched|kicked|slapped|raped|butchered|slaughtered|executed|lynched|dismembered|mutilated|beheaded)(?: [a-z']+){0,2} (?:him|her|them|us|me|you|people|civilians|children|kids|women|men|a man|a woman|a child|a kid|the man|the woman|the child|the kid|the guy|the girl|the boy|his|their|my|your)\\b",
  },
  {
    id: 'gore',
    category: 'violence',
    weight: 0.7,
    source: "\\b(?:blood|guts|brains|intestines|organs|entrails|flesh)(?: [a-z']+){0,2} (?:everywhere|spilled|splattered|spattered|poured|pouring|gushing|gushed|oozing|sprayed|spurting|dripping|ripped|torn)\\b",
  },
  {
    id: 'injury',
    category: 'violence',
    weight: 0.5,
    source: "\\b(?:broken|broke|fractured|cracked|shattered|punctured|crushed|severed) (?:[a-z]+ ){0,2}(?:bones?|skull|ribs?|sternum|jaw|nose|neck|spine|vertebrae|legs?|arms?|fingers?|lungs?|eye sockets?|cheek ?bones?|teeth)\\b",
  },
  {
    // A protected group, generalised, with a dehumanising or degrading trait: the template of hate speech.
    id: 'group_generalisation',
    category: 'hate_speech',
    weight: 1.0,
    source: "\\b(?:women|woman|females|girls|men|males|jews|jewish people|muslims|islam|blacks|black people|whites|white people|gays|gay people|lesbians|trans people|transgenders?|immigrants|migrants|refugees|mexicans|arabs|asians|chinese|indians|hindus|sikhs|africans|africa|christians|catholics|atheists|feminists|liberals|foreigners|latinos|hispanics)\\b(?: [a-z']+){0,3} (?:are|r|is|will always be|should be|must be)(?: all| just| so| too| nothing but| simply| basically| naturally| inherently)? (?:lazy|worthless|stupid|animals|vermin|scum|evil|enemies|inferior|subhuman|dangerous|criminals|parasites|disgusting|filthy|savages|trash|garbage|dumb|liars|thieves|rapists|terrorists|whores|sluts|dirty|a disease|a plague|cancer|monkeys|apes|pigs|dogs|rats|cockroaches|not human|less than human|weak|useless|the problem|destroying)\\b",
  },
  {
    id: 'group_exclusion',
    category: 'hate_speech',
    weight: 0.9,
    source: "\\b(?:jews|muslims|blacks|whites|gays|immigrants|migrants|refugees|mexicans|arabs|asians|hindus|sikhs|africans|christians|atheists|foreigners|irish|[a-z]+ people)\\b(?: [a-z']+){0,3} (?:should not (?:even )?exist|should be (?:banned|deported|removed|expelled|sent back|wiped out|gassed)|do not belong|don't belong|go back to|need to go|must go|have no place)\\b",
  },
  {
    id: 'insult_addressed',
    category: 'harassment',
    weight: 0.8,
    source: "\\b(?:you|u|ur|your|you're|youre)(?: [a-z']+){0,3} (?:idiot|stupid|ugly|dumb|pathetic|loser|worthless|disgusting|trash|garbage|clown|joke|failure|fat|moron|retarded|retard|braindead|brain dead|bitch|whore|slut|asshole|pig|cow|freak|creep|scum|waste of space|piece of)\\b",
  },
  {
    id: 'insult_face',
    category: 'harassment',
    weight: 0.6,
    source: "\\b(?:your|ur) (?:face|mom|mother|family|kids|life|existence|body|voice|breath)\\b(?: [a-z']+){0,4} (?:ugly|disgusting|joke|trash|garbage|pathetic|sad|bottom|worst|stinks|sucks)\\b",
  },
];
