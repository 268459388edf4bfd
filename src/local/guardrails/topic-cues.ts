/**
 * Key-phrase cues of denied topics. A topic's own cues are the light-stemmed content words of its name,
 * definition and examples (weight 0.5 each; GENERIC words and proper nouns weigh 0). On top, a small built-in
 * thesaurus of common denied-topic domains: a domain whose words occur in the topic's own text is switched on
 * for that topic, and its words become cues too — anchors (unambiguous: "lawsuit", "dividend") weigh 2, the
 * others 1 or 0.5. So "Can I sue Acme?" is legal advice without sharing an example's wording.
 */

/** Words that carry no topic on their own (support-chat vocabulary, question scaffolding). */
export const GENERIC: ReadonlySet<string> = new Set(
  (
    'user users own situation such someone something thing things way apply applies applied use using get make ' +
    'want need help good best question questions advice advise recommendation recommendations recommend ' +
    'information about like know tell please their how can should would could which what whether any one ' +
    'people person account plan service app file files data work'
  ).split(' '),
);

/** A domain: cue stem → weight. */
export type Domain = Readonly<Record<string, number>>;

function _domain(anchors: string, normal: string, weak = ''): Domain {
  const out: Record<string, number> = {};
  for (const w of weak.split(/\s+/).filter(Boolean)) out[w] = 0.5;
  for (const w of normal.split(/\s+/).filter(Boolean)) out[w] = 1;
  for (const w of anchors.split(/\s+/).filter(Boolean)) out[w] = 2;
  return out;
}

export const DOMAINS: Readonly<Record<string, Domain>> = {
  investing: _domain(
    'invest investing investment investor portfolio dividend crypto cryptocurrency bitcoin ethereum etf nasdaq forex',
    'stock stocks shares fund funds bond bonds trading trader securities retirement retiree pension 401k ira ticker earnings hedge yield',
    'buy sell price prices market markets savings money share',
  ),
  legal: _domain(
    'sue suing sued lawsuit lawyer attorney litigation custody immigration visa divorce cease desist inherit prosecute',
    'legal legally law laws court contract contracts liable liability enforceable landlord tenant copyright compete employer kin estate',
    'rights claim claims charges',
  ),
  medical: _domain(
    'diagnosis diagnose medication medicine dose dosage symptom symptoms prescription prescribe ibuprofen paracetamol acetaminophen antibiotic antibiotics pill pills cancer diabetes statin statins cholesterol antidepressant antidepressants melatonin carpal',
    'doctor treatment pain pains headache fever illness disease sick therapy pregnant infection anxiety heart chest wrist',
    'health hurts blood',
  ),
  politics: _domain(
    'election elections democrat democrats republican republicans senator parliament political politics',
    'vote voting candidate president government party campaign',
  ),
};
