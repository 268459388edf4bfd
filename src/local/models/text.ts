/**
 * Text tools of the extractive engine: sentence splitting, tokenising, stopwords, two stemmers and a small
 * synonym table. All deterministic and documented in src/local/MODELS.md.
 */

/** Split a context into candidate sentences: one per line, lines split again at `. `/`! `/`? `. */
export function splitSentences(context: string): string[] {
  const out: string[] = [];
  for (const raw of context.split(/\r?\n/)) {
    const line = raw
      .trim()
      .replace(/^([-*+]|\d+[.)])\s+/, '')
      .trim();
    if (!line || line.startsWith('#') || /^[-=*_|`]+$/.test(line)) continue;
    for (const s of line.split(/(?<=[.!?])\s+(?=[A-Z0-9$"'(<])/)) {
      const t = s.trim();
      if (t) out.push(t);
    }
  }
  return out;
}

/** Lower-case word tokens: runs of letters/digits (apostrophes dropped, so `don't` → `dont`). */
export function tokenize(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/['’]/g, '')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again all am an and any are as at be been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers ' +
    'how i if in into is it its itself just me more most my myself no nor not of on once only or other ' +
    'our ours out over own same she should so some such than that the their theirs them then there these ' +
    'they this those through to too under until up very was we were what when where which while who whom ' +
    'why will with would you your yours yourself yourselves get got also may might must shall us let lets ' +
    'im ive id youre dont doesnt didnt cant wont isnt arent please tell know want need like much many'
  ).split(' '),
);

/** Light stemmer (nova-lite): plural and -ing/-ed endings only. */
export function stemLight(word: string): string {
  if (word.length <= 3 || /^\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 5) return word.slice(0, -2);
  return word;
}

const _STRONG_SUFFIXES: Array<[string, string]> = [
  ['ational', 'ate'],
  ['ization', 'ize'],
  ['fulness', 'ful'],
  ['iveness', 'ive'],
  ['ations', ''],
  ['ation', ''],
  ['ition', ''],
  ['tion', 't'],
  ['sion', 's'],
  ['ments', ''],
  ['ment', ''],
  ['ness', ''],
  ['ably', ''],
  ['ibly', ''],
  ['able', ''],
  ['ible', ''],
  ['ally', 'al'],
  ['ers', ''],
  ['er', ''],
  ['ly', ''],
];

/**
 * Stronger stemmer (nova-pro): the light rules, then one derivational suffix (-ation, -tion, -ment, -able,
 * -er, -ly, …), then a trailing `e` and a doubled final consonant are dropped.
 */
export function stemStrong(word: string): string {
  if (word.length <= 3 || /^\d/.test(word)) return word;
  let w = stemLight(word);
  if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  for (const [suffix, repl] of _STRONG_SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length) + repl;
      break;
    }
  }
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ss|zz)$/.test(w)) w = w.slice(0, -1);
  return w;
}

/**
 * Synonym groups for nova-pro's query expansion: a question word expands to the other words of its group.
 * General customer-support vocabulary, not tuned to single questions.
 */
export const SYNONYM_GROUPS: readonly string[][] = [
  ['refund', 'reimburse', 'money', 'repay', 'chargeback'],
  ['cancel', 'terminate', 'end', 'stop', 'close', 'quit'],
  ['delete', 'remove', 'erase', 'purge', 'wipe'],
  ['price', 'cost', 'fee', 'charge', 'pay', 'bill', 'expensive', 'cheap'],
  ['ship', 'deliver', 'dispatch', 'send', 'arrive', 'shipping', 'delivery'],
  ['storage', 'space', 'capacity', 'quota'],
  ['file', 'document', 'upload', 'object'],
  ['limit', 'maximum', 'max', 'cap', 'largest', 'biggest'],
  ['minimum', 'least', 'smallest'],
  ['password', 'passphrase', 'credential'],
  ['login', 'signin', 'sign', 'log'],
  ['encrypt', 'encryption', 'encrypted', 'cipher', 'secure', 'protect'],
  ['uptime', 'availability', 'available', 'downtime', 'outage', 'sla'],
  ['support', 'help', 'assistance', 'agent', 'contact'],
  ['phone', 'call', 'telephone'],
  ['email', 'mail', 'message', 'sent'],
  ['team', 'member', 'seat', 'user', 'colleague', 'people'],
  ['plan', 'tier', 'subscription', 'package'],
  ['free', 'complimentary'],
  ['trial', 'try', 'test'],
  ['discount', 'reduction', 'saving', 'save', 'cheaper', 'off'],
  ['student', 'education', 'academic', 'university', 'school'],
  ['nonprofit', 'charity', 'ngo'],
  ['backup', 'copy', 'snapshot', 'version', 'restore', 'recover', 'undo'],
  ['trash', 'bin', 'deleted', 'recycle'],
  ['hardware', 'device', 'drive', 'disk', 'appliance', 'box'],
  ['return', 'exchange', 'replace', 'replacement'],
  ['broken', 'damaged', 'defective', 'faulty', 'dead'],
  ['warranty', 'guarantee', 'repair'],
  ['country', 'international', 'abroad', 'overseas', 'region', 'location'],
  ['data', 'information', 'content'],
  ['long', 'duration', 'period', 'day', 'week', 'month', 'hour', 'minute', 'year'],
  ['month', 'monthly'],
  ['year', 'annual', 'annually', 'yearly'],
  ['speed', 'bandwidth', 'fast', 'throughput', 'slow'],
  ['share', 'link', 'public', 'collaborate'],
  ['child', 'kid', 'minor', 'age', 'old'],
  ['inactive', 'dormant', 'unused', 'abandoned'],
  ['credit', 'compensation', 'compensate', 'reimbursement'],
  ['invoice', 'receipt', 'statement'],
  ['card', 'paypal', 'payment', 'method', 'wire'],
  ['staff', 'employee', 'personnel', 'worker'],
  ['read', 'look', 'view', 'see', 'access'],
  ['wrong', 'fail', 'incorrect', 'invalid'],
  ['attempt', 'times', 'tries'],
  ['export', 'download', 'archive'],
  ['notice', 'announce', 'notify', 'warn', 'warning'],
  ['guarantee', 'promise', 'target', 'commit', 'commitment'],
];
