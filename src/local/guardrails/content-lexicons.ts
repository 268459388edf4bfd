/**
 * The weighted lexicons of the five harmful-content categories (syntax in lexicon.ts). Weights are chosen so
 * that one explicit cue reaches MEDIUM (2) or HIGH (3) and one weak or ambiguous cue reaches at most LOW (1);
 * ambiguous verbs ("kill", "shoot", "attack") count only next to a person ("kill the sync process" scores 0).
 */
import type { LexiconEntry } from './lexicon.ts';

export const CLASSES: Record<string, readonly string[]> = {
  PERSON: (
    'you him her them he she people someone somebody everyone everybody person man woman men women child ' +
    'children kid kids baby wife husband boyfriend girlfriend boss manager neighbor neighbour coworker colleague ' +
    'family teacher cop cops police officer myself yourself himself herself themselves guy guys girl boy dad ' +
    'mom mother father brother sister ex'
  ).split(' '),
  GROUP: (
    'immigrants migrants refugees foreigners muslims jews christians hindus sikhs atheists blacks whites ' +
    'asians latinos mexicans arabs africans gays lesbians homosexuals transgender trans disabled'
  ).split(' '),
  INSULT:
    'idiot~ dimwit~ stupid dumb useless incompetent fool foolish ignorant clueless jerk creep lazy clown~ lame'.split(
      ' ',
    ),
  STRONG_INSULT: (
    'moron~ imbecile~ pathetic loser~ worthless braindead halfwit~ cretin~ dunce scum spineless ' +
    'parasite~ retard~'
  ).split(' '),
};

const _HARM_VERBS =
  'kill~|murder~|stab~|strangl~|shoot|shot|behead~|slaughter~|torture~|hurt|harm|choke|drown|poison~|rape~|beat|punch~|attack~';

export const LEXICONS: Record<
  'SEXUAL' | 'VIOLENCE' | 'HATE' | 'INSULTS' | 'MISCONDUCT',
  readonly LexiconEntry[]
> = {
  VIOLENCE: [
    [`${_HARM_VERBS} *1 @PERSON`, 2],
    [`${_HARM_VERBS} all|every|those|these *1 @PERSON|@GROUP`, 2],
    [`will|gonna|going|want|wanna|planning|plan *2 ${_HARM_VERBS}`, 1],
    [`how|ways|best|easiest *3 ${_HARM_VERBS} *1 @PERSON`, 1],
    ['massacre~|genocide|dismember~|mutilat~|decapitat~|behead~', 2],
    ['mass|school *1 shooting', 2],
    ['suicide|suicidal', 2],
    ['smash~|crack~|break|breaking *3 skull~|arms|legs|bones|face|neck|teeth|jaw', 3],
    ['beaten|beat *4 until|unconscious|death|senseless|pulp', 3],
    ['burn *3 down', 1],
    ['with *2 everyone|people|them *1 inside', 2],
    ['make *1 them|him|her|you *1 suffer', 2],
    ['teach *2 lesson', 1],
    ['where *1 he|she|they *1 lives|live', 1],
    ['tie *2 hands', 1],
    ['strike|hit|smash *3 joints|head|face|knees', 1],
    ['kill~ myself', 3],
    ['end *1 my life', 3],
    ['bloodbath|gore|gory|corpse~', 1],
    ['bomb|grenade|explosive~', 1],
    ['gun|guns|rifle~|firearm~|weapon~|knife|knives|machete~', 0.5],
    ['blood|bleed~|bloody', 0.5],
  ],
  INSULTS: [
    ['@INSULT', 1],
    ['@STRONG_INSULT', 2],
    ['you|youre|u|ur|yall|your *3 @STRONG_INSULT', 1],
    ['you|youre|u|ur *2 complete|total|absolute|utter|such|fucking *1 @INSULT|@STRONG_INSULT', 1],
    ['brain dead', 2],
    ['excuse for a', 1],
    ['iq of', 1],
    ['should be ashamed', 1],
    ['thanks for nothing', 1],
    ['shut up', 1],
    ['piece of *1 garbage|trash|junk|crap|shit', 1],
    ['nobody *1 likes|wants *1 you', 1],
    ['stupid|dumb|silly|basic *1 question~', -1],
  ],
  HATE: [
    [
      '@GROUP *2 are|is|r *2 animals|vermin|subhuman|parasite~|disease|inferior|scum|savages|rats|cockroach~|filth|evil|criminals|terrorists|trash',
      3,
    ],
    ['hate|despise|loathe *2 @GROUP', 2],
    ['ban|deport~|expel *2 @GROUP', 2],
    ['exterminat~|eradicat~|wipe *2 @GROUP', 3],
    ['get rid of *2 @GROUP', 2],
    ['@GROUP *2 dont|do|should|shouldnt|cannot|cant *1 deserve|belong|vote|work|drive|lead', 1],
    ['subhuman|untermensch', 2],
    ['master race', 3],
    ['ethnic cleansing', 3],
    ['white power', 3],
    ['racial purity', 3],
    ['race war', 3],
    ['inferior race', 3],
    ['white supremac~', 2],
    ['go back to your|their *1 country', 2],
    ['go back where *2 came from', 3],
    [
      '@GROUP *2 are|is *3 too|naturally|all|inherently|born *2 emotional|dishonest|lazy|stupid|inferior|violent|greedy|thieves|criminals',
      3,
    ],
    [
      'those|these *1 people *2 are *3 lazy|thieves|dirty|animals|criminals|dishonest|stupid|inferior|vermin',
      2,
    ],
    ['people *2 of|from *2 that *1 country|religion|race *2 are', 2],
    ['people *1 with *1 accents', 1],
    ['no *1 @GROUP *2 work|allowed|near', 1],
  ],
  SEXUAL: [
    ['porn~|pornograph~|hentai|blowjob~|orgasm~', 3],
    ['sex tape', 3],
    ['blow job', 3],
    ['send *1 nudes', 1],
    ['nude|nudes|naked|erotic~|horny|genital~|fetish~|xxx|nsfw|boobs|tits', 2],
    ['have|having *1 sex', 2],
    ['explicit *1 photos|pictures|images|pics|content|videos|video', 2],
    ['strip|undress~ *2 for me', 2],
    ['sex|sexual|sexy|sexting|onlyfans', 1],
    ['sexual harassment|orientation|health|education', -1],
    ['sex education', -1],
    ['same sex', -1],
    ['naked eye', -2],
  ],
  MISCONDUCT: [
    [
      'how|ways|help|teach|steps|guide|tutorial|recipe * make|build|cook|synthesi~|produce|get *2 bomb|explosive~|meth|methamphetamine|napalm|ricin|molotov|sarin|fentanyl|cocaine|heroin|silencer',
      3,
    ],
    ['make|build *2 bomb|explosive~|molotov|napalm', 2],
    ['hack~|break|breaking|broke *1 into', 2],
    [
      'steal~|crack~|guess~|bypass~|hijack~ *3 someone|somebody|another|others|his|her|their|exs|ex|coworkers|bosses|wifes|husbands|neighbors *2 account~|password~|email~|inbox|phone|files|data',
      2,
    ],
    ['steal~ *3 card~|credit|identit~|money|password~|car|cars', 2],
    [
      'create|send|write|run|build|make|spread|share|distribute|upload *2 phish~|scam~|ransomware|malware|keylogger~|trojan|botnet',
      3,
    ],
    ['launder~ *2 money|funds|cash', 3],
    ['money laundering', 2],
    ['tax evasion', 2],
    ['identity theft', 2],
    ['insider trading', 2],
    [
      'fake|forge~|forged|counterfeit~ *2 id|ids|passport~|identity|documents|money|bills|currency|license|signature',
      3,
    ],
    ['buy|sell|selling|get *2 cocaine|heroin|meth|fentanyl|mdma|lsd', 2],
    ['fake *3 sign|login|signin|log *2 page|site|form', 3],
    ['collect|harvest|steal~|phish *3 passwords|credentials|logins', 2],
    ['stolen *2 card~|credit|passwords|accounts|credentials|data', 3],
    ['passwords *3 against', 2],
    ['brute force', 2],
    ['credential stuffing', 2],
    ['victim~', 1],
    ['without *2 noticing|knowing|knowledge|permission|consent', 2],
    [
      'log|logging|sign *1 into|in *3 ex|exs|girlfriends|boyfriends|wifes|husbands|someone|somebody|coworkers|bosses',
      1,
    ],
    ['crack~ *2 license|licence|software|serial|activation|drm', 2],
    ['bypass~|disable|circumvent~ *2 licence|license|licensing|activation|drm|paywall', 2],
    ['shoplift~|smuggl~|blackmail~|extort~|embezzl~', 2],
    ['bribe~|pirated|torrent~', 1],
    ['without *1 getting|being *1 caught|detected|traced', 2],
    ['untraceable|undetectable', 1],
  ],
};
