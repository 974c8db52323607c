// The words the defection detectors look for, written from how callers to a US telco or cable
// company talk ("disconnect my service", "port my number out", "early termination fee"), not from
// any data set's phrasings. Words are compared after utterance.ts has lower-cased them, expanded
// contractions and kept hyphenated words whole.

const set = (...words: string[]): ReadonlySet<string> => new Set(words);

// --- clauses ------------------------------------------------------------------------------------

/** Conjunctions that start a new thought; negation and conditions do not reach across them. */
export const CLAUSE_OPENERS = set(
  'but', 'though', 'although', 'however', 'because', 'cause', "'cause", 'cuz', 'since', 'so',
  'if', 'unless', 'whether', 'until', 'otherwise', 'or', 'and', 'whereas', 'while', 'then',
);

/** Openers of a condition. "when" is not one: "when my contract ends I'm leaving" is a plan. */
export const CONDITION_OPENERS = set('if', 'unless', 'whether');

/** The customer (or their household) speaking about themselves. */
export const FIRST_PERSON_SUBJECTS = set(
  'i', 'we', "i'm", 'im', "i've", 'ive', "i'll", "i'd", "we're", "we've", "we'll", "we'd",
);

// --- negation -----------------------------------------------------------------------------------

/** Words that negate what follows them (wink's normal form of "n't" is "not"). */
export const NEGATORS = set('not', 'never', 'no', 'neither', 'nor', 'without', 'nobody', 'none');

/**
 * Words a negation passes through to reach the intent after them: in "I don't want to cancel",
 * "I'm not planning on switching", "no intention of leaving", the negation lands on the cancel.
 * A word outside this list stops it: in "I don't know how to cancel" the negation is about
 * knowing, and the caller still wants to cancel.
 */
export const NEGATION_PASSES_THROUGH = set(
  'want', 'wanna', 'need', 'plan', 'plans', 'planning', 'intend', 'intention', 'intentions', 'interest',
  'interested', 'desire', 'wish', 'mean', 'going', 'gonna', 'go', 'to', 'on', 'about', 'of', 'in',
  'try', 'trying', 'be', 'am', 'is', 'are', 'really', 'even', 'ever', 'actually', 'necessarily',
  'just', 'think', 'thinking', 'consider', 'considering', 'looking', 'like', 'would', 'will', 'ready',
  'any', 'at', 'all', 'i', 'we', 'currently', 'anytime', 'soon', 'complaining', 'have', 'that', 'it',
  "'s", 'call', 'calling', 'say', 'saying', 'reason',
);

/** "no" negates only as a determiner: "no plans to switch", but not "no I want to cancel". */
export const NOUNS_NEGATED_BY_NO = set('plans', 'plan', 'intention', 'intentions', 'interest', 'desire', 'wish', 'need', 'reason');

/** "I can't cancel online" still wants to cancel: a negated ability is not a negated intent. */
export const ABILITY_WORDS = set('can', 'could', 'able');

// --- who is speaking about whom -----------------------------------------------------------------

/** Words skipped when looking left from a verb for its subject: auxiliaries, modals, intent chains. */
export const SUBJECT_SEARCH_SKIPS = set(
  'to', 'want', 'wants', 'wanted', 'wanna', 'gonna', 'going', 'go', 'gotta', 'got', 'need', 'needs',
  'needed', 'have', 'has', 'had', 'will', 'would', "'d", 'shall', 'should', 'can', 'could', 'may', 'might',
  'must', 'do', 'does', 'did', 'not', 'never', 'just', 'really', 'also', 'already', 'finally',
  'definitely', 'totally', 'seriously', 'honestly', 'probably', 'actually', 'even', 'still', 'ever',
  'is', 'am', 'are', 'was', 'were', 'be', 'been', 'being', "'s", 'decided', 'decide', 'deciding',
  'plan', 'plans', 'planning', 'planned', 'trying', 'tried', 'try', 'thinking', 'considering',
  'considered', 'about', 'of', 'like', 'likes', 'liked', 'ready', 'able', 'please', 'pretty', 'much',
  'let', 'make', 'makes', 'made', 'help', 'helps', 'now', 'immediately', 'then', 'so', 'gladly',
  'happily', 'simply', 'officially', 'intend', 'intends', 'hoping', 'hope', 'wish', 'rather', 'sooner',
  'guys', 'all', 'both',
);

/** Relative pronouns: "my friend who cancelled" — the subject is further left. */
export const RELATIVE_PRONOUNS = set('who', 'that', 'which');

export const SECOND_PERSON = set('you', 'u', 'ya', 'y\'all', 'yall', "you're", 'youre', "you've", "you'll");

export const FIRST_PERSON_OBJECTS = set('me', 'us', 'myself', 'ourselves');

/** People who share the account: "my husband wants to cancel" is this account leaving. */
export const HOUSEHOLD_MEMBERS = set(
  'wife', 'husband', 'partner', 'spouse', 'family', 'household', 'boyfriend', 'girlfriend', 'fiance',
  'fiancee', 'son', 'daughter', 'kids', 'kid',
);

/**
 * Someone else whose decision is not this customer's: "my friend cancelled her Verizon",
 * "they cancelled my order" (the company acting), "everyone is switching".
 */
export const THIRD_PARTIES = set(
  'he', 'she', 'friend', 'friends', 'neighbor', 'neighbors', 'neighbour', 'neighbours',
  'coworker', 'coworkers', 'co-worker', 'colleague', 'colleagues', 'cousin', 'brother', 'sister',
  'buddy', 'people', 'everyone', 'everybody', 'someone', 'somebody', 'mom', 'mother', 'dad', 'father',
  'parents', 'aunt', 'uncle', 'boss', 'rep', 'agent', 'representative', 'guy', 'lady', 'customers', 'folks',
);

/**
 * "they", "the company", "the system": usually the company the customer is calling. Its acts are
 * not the customer's intent ("they cancelled my order"), but they are what a complaint is about
 * ("they raised my price again").
 */
export const COMPANY_REFERENCES = set('they', 'them', 'company', 'system', 'website', 'app');

// --- past intentions and their resolution -------------------------------------------------------

/** "almost cancelled", "nearly switched": a counterfactual past, resolved by definition. */
export const COUNTERFACTUAL_MARKERS = set('almost', 'nearly');

/** Words after "was/were" that report a past intention: "I was going to cancel". */
export const PAST_INTENTION_AFTER_BE = set('going', 'gonna', 'about', 'planning', 'thinking', 'considering', 'ready', 'set', 'looking', 'fixing');

/** Past intentions on their own: "I wanted to cancel", "I called to cancel". */
export const PAST_INTENTION_VERBS = set('wanted', 'planned', 'intended', 'considered', 'thought', 'called', 'came', 'phoned', 'meant', 'decided');

/**
 * Words of a later clause that say the reason to leave went away: "but you fixed it",
 * "until you lowered my bill", "but I changed my mind", "but I'm happy now".
 */
export const RESOLUTION_WORDS = set(
  'fixed', 'sorted', 'resolved', 'solved', 'helped', 'refunded', 'credited', 'waived', 'lowered',
  'matched', 'reduced', 'changed', 'stay', 'staying', 'stayed', 'keep', 'keeping', 'talked', 'convinced',
  'glad', 'happy', 'better', 'works', 'working', 'worked', 'good', 'great', 'fine', 'thanks',
);

// --- cancelling the account ---------------------------------------------------------------------

/** Verbs that mean ending the relationship even with no object: "I want to cancel." */
export const CANCEL_VERBS_ALONE = set('cancel', 'terminate', 'discontinue', 'leave');

/**
 * Verbs that mean it only with the account as object: "close my account", "disconnect my
 * service" — but "close the ticket", "my internet keeps disconnecting", "drop the call".
 */
export const CANCEL_VERBS_WITH_OBJECT = set(
  'close', 'delete', 'remove', 'deactivate', 'disconnect', 'end', 'stop', 'drop', 'quit', 'shut',
  'ditch', 'dump', 'kill', 'erase', 'unsubscribe',
);

/** Nouns of cancelling; the first two mean the account even alone ("I'm calling about a cancellation"). */
export const CANCEL_NOUNS_ALONE = set('cancellation', 'termination');
export const CANCEL_NOUNS_WITH_OBJECT = set(
  'closure', 'closing', 'deletion', 'removal', 'disconnection', 'disconnect', 'deactivation', 'discontinuation',
);

/** Things whose cancelling loses the customer (or a line of them): the objects of account defection. */
export const ACCOUNT_OBJECTS = set(
  'account', 'accounts', 'service', 'services', 'subscription', 'membership', 'contract', 'plan',
  'line', 'lines', 'internet', 'wifi', 'wi-fi', 'broadband', 'cable', 'tv', 'television', 'phone',
  'landline', 'fiber', 'wireless', 'cellphone', 'mobile', 'bundle', 'everything', 'profile', 'user',
  'agreement', 'relationship', 'business',
);

/**
 * Things one cancels without leaving: an order, an add-on, a fee, a visit. "How do I cancel the
 * add-on?", "can you cancel the late fee" are not defection. "port" is here because cancelling
 * a port request means the customer is staying.
 */
export const NON_DEFECTION_OBJECTS = set(
  'order', 'orders', 'purchase', 'purchases', 'add-on', 'addon', 'add-ons', 'addons', 'feature',
  'features', 'fee', 'fees', 'charge', 'charges', 'payment', 'payments', 'autopay', 'auto-pay',
  'appointment', 'visit', 'technician', 'tech', 'installation', 'install', 'request', 'ticket', 'claim',
  'return', 'refund', 'upgrade', 'downgrade', 'check', 'card', 'newsletter', 'email', 'emails',
  'e-mail', 'notification', 'notifications', 'alert', 'alerts', 'text', 'texts', 'reservation',
  'booking', 'delivery', 'shipment', 'trade-in', 'channel', 'channels', 'hbo', 'showtime', 'cinemax',
  'starz', 'netflix', 'hulu', 'espn', 'peacock', 'paramount', 'insurance', 'protection', 'warranty',
  'roaming', 'voicemail', 'call', 'callback', 'meeting', 'port', 'transfer', 'promo', 'promotion',
  'trial', 'pre-order', 'preorder', 'item', 'items', 'package', 'shipping', 'paperless', 'ad', 'ads',
  'message', 'review', 'feedback', 'note', 'comment', 'tip', 'house', 'home', 'town', 'work', 'country',
  'state', 'job', 'office', 'store', 'room', 'chat', 'queue', 'hold',
);

/** Pronoun and catch-all objects: "cancel it", "cancel everything" — treated like no object. */
export const OPEN_OBJECTS = set('it', 'this', 'that', 'them', 'all', 'everything');

/** Words that can sit inside a noun phrase before its head: determiners, possessives, quantifiers. */
export const NOUN_PHRASE_LEADERS = set(
  'my', 'our', 'the', 'a', 'an', 'this', 'that', 'these', 'those', 'your', 'his', 'her', 'their',
  'its', 'all', 'both', 'entire', 'whole', 'every', 'any', 'each', 'current', 'existing', 'whole',
  'of', 'y\'all\'s', 'ur', 'some',
);

/** Objects of "leave" that are this company: "leave you guys", "leave this company". */
export const LEAVE_OBJECTS = set('you', 'u', 'ya', 'y\'all', 'guys', 'company', 'provider', 'carrier', 'service', 'network');

/** Particles and adverbs between a verb and its object: "cancel it now", "shut off my service". */
export const OBJECT_SEARCH_SKIPS = set(
  'out', 'off', 'down', 'now', 'today', 'immediately', 'right', 'away', 'please', 'completely',
  'entirely', 'asap', 'altogether', 'effective', 'permanently', 'for', 'me', 'us', 'up',
);

/** "I'm done with you", "we're through with this company". */
export const DONE_WORDS = set('done', 'finished', 'through');

// --- switching provider --------------------------------------------------------------------------

/** Verbs of moving to another provider when followed by one: "switch to", "go with", "move over to". */
export const SWITCH_VERBS = set('switch', 'change', 'move', 'go', 'jump', 'head', 'port', 'transfer', 'sign', 'migrate', 'convert', 'come', 'run');

/** Verbs that mean switching provider even alone: "I'm switching.", "thinking of switching". */
export const SWITCH_VERBS_ALONE = set('switch');

/** Who the customer would move to, after "another / a different / a new". */
export const PROVIDER_NOUNS = set(
  'provider', 'providers', 'carrier', 'carriers', 'company', 'companies', 'isp', 'isps', 'network',
  'networks', 'operator', 'service', 'competitor', 'competitors', 'competition',
);

export const OTHER_WORDS = set('another', 'different', 'other', 'new', 'else', 'cheaper', 'better', 'competing');

/** "switch providers", "change carriers": the plural object alone says it. */
export const PLURAL_PROVIDER_NOUNS = set('providers', 'carriers', 'companies', 'networks', 'isps');

/** "go elsewhere", "take my business somewhere else". */
export const ELSEWHERE_WORDS = set('elsewhere');

/** Verbs that carry a rival offer: "they offered me a better deal", "Verizon has a cheaper plan". */
export const OFFER_VERBS = set('offer', 'give', 'have', 'get', 'find', 'see', 'quote', 'send', 'promise', 'show');
export const BETTER_WORDS = set('better', 'cheaper', 'lower', 'lowest', 'best', 'faster', 'bigger');
export const DEAL_NOUNS = set('deal', 'deals', 'price', 'prices', 'rate', 'rates', 'offer', 'offers', 'plan', 'plans', 'promo', 'promotion', 'package', 'bundle', 'discount', 'speed', 'speeds', 'coverage');

/** "shop around", "looking at other providers". */
export const SHOPPING_VERBS = set('shop', 'shopping', 'look', 'looking', 'check', 'checking', 'compare', 'comparing', 'research');

/** Transfer PINs exist only to leave: US carriers issue them for porting a number out. */
export const PORT_WORDS = set('port', 'porting', 'port-out', 'portout', 'ported');
export const NUMBER_WORDS = set('number', 'numbers', 'line', 'lines', 'phone');

// --- cancellation inquiries -----------------------------------------------------------------------

/** Costs of leaving: "early termination fee", "what would it cost to cancel". */
export const FEE_WORDS = set('fee', 'fees', 'charge', 'charges', 'penalty', 'penalties', 'cost', 'costs', 'etf', 'etfs', 'buyout', 'owe', 'policy', 'terms');

/** Nouns of leaving a contract early that pair with a fee: "exit fee", "early termination". */
export const EXIT_WORDS = set('exit', 'termination', 'cancellation', 'cancel', 'breakup', 'break', 'early');

// --- price complaints -----------------------------------------------------------------------------

export const PRICE_NOUNS = set('price', 'prices', 'bill', 'bills', 'rate', 'rates', 'payment', 'charges', 'cost', 'costs', 'plan', 'fees', 'pricing');
export const PRICE_RISE_NOUNS = set('hike', 'hikes', 'increase', 'increases', 'jump', 'raise');
export const EXPENSIVE_WORDS = set('expensive', 'pricey', 'overpriced', 'costly', 'unaffordable', 'high', 'outrageous', 'ridiculous', 'insane', 'crazy', 'steep');
export const RIP_OFF_WORDS = set('ripoff', 'rip-off', 'scam', 'robbery', 'gouging');
export const OVERCHARGE_WORDS = set('overcharge', 'overcharged', 'overcharging', 'overbilled', 'overbilling');
export const INTENSIFIERS = set('too', 'so', 'way', 'very', 'really', 'crazy', 'ridiculously', 'insanely', 'extremely', 'super', 'absurdly');

// --- escalation -----------------------------------------------------------------------------------

/** Verbs of asking to be put through: "speak to", "transfer me to", "get me your manager". */
export const ESCALATION_VERBS = set('speak', 'talk', 'chat', 'get', 'put', 'transfer', 'connect', 'see', 'want', 'need', 'give', 'bring', 'escalate', 'contact', 'reach', 'call');

export const SUPERVISOR_NOUNS = set('manager', 'managers', 'supervisor', 'supervisors', 'boss', 'superior', 'superiors', 'management', 'higher-up', 'higher-ups', 'lead', 'leader');

/** Asking for a person, not a bot or this agent: "a real person", "a human", "a live agent". */
export const HUMAN_NOUNS = set('human', 'person', 'operator', 'humans', 'being');
export const LIVE_WORDS = set('real', 'live', 'actual', 'human', 'another', 'different', 'other', 'new');
export const AGENT_NOUNS = set('agent', 'rep', 'representative', 'person', 'someone', 'somebody');

// --- complaints -------------------------------------------------------------------------------------

export const COMPLAINT_NOUNS = set('complaint', 'complaints', 'grievance');
export const COMPLAINT_VERBS = set('file', 'make', 'lodge', 'submit', 'log', 'register', 'put', 'raise', 'open', 'report', 'launch', 'start', 'have', 'want', 'need');

/**
 * Regulators and watchdogs a US customer threatens to go to. Each is an escalation past the
 * company: the FCC takes telecom complaints, state utility commissions regulate cable and phone.
 */
export const REGULATORS = set('fcc', 'bbb', 'ftc', 'cfpb', 'puc', 'ombudsman', 'regulator', 'regulators');
export const REGULATOR_PHRASES: readonly (readonly string[])[] = [
  ['better', 'business', 'bureau'],
  ['attorney', 'general'],
  ['public', 'utilities', 'commission'],
  ['public', 'utility', 'commission'],
  ['public', 'service', 'commission'],
  ['consumer', 'protection'],
  ['federal', 'communications', 'commission'],
];
export const LEGAL_WORDS = set('lawyer', 'attorney', 'lawsuit', 'sue', 'suing', 'court');

// --- spelling ------------------------------------------------------------------------------------------

/** Variant spellings wink does not lemmatise: US "cancelation", "cancellations". */
export const SPELLING_VARIANTS: ReadonlyMap<string, { word: string; lemma: string }> = new Map([
  ['cancelation', { word: 'cancellation', lemma: 'cancellation' }],
  ['cancelations', { word: 'cancellation', lemma: 'cancellation' }],
  ['cancellations', { word: 'cancellation', lemma: 'cancellation' }],
  ['terminations', { word: 'termination', lemma: 'termination' }],
  ['cancle', { word: 'cancel', lemma: 'cancel' }],
  ['cancell', { word: 'cancel', lemma: 'cancel' }],
  ['wanna', { word: 'wanna', lemma: 'want' }],
  ['gonna', { word: 'gonna', lemma: 'go' }],
  ['addon', { word: 'add-on', lemma: 'add-on' }],
  ['addons', { word: 'add-ons', lemma: 'add-on' }],
  ['tmobile', { word: 't-mobile', lemma: 't-mobile' }],
  ['supervisior', { word: 'supervisor', lemma: 'supervisor' }],
  ['mgr', { word: 'manager', lemma: 'manager' }],
]);

/** Targets of the one-edit spelling correction: the words whose misspelling would hide a signal. */
export const SPELLING_TARGETS: readonly { word: string; lemma: string }[] = [
  ['cancel', 'cancel'], ['cancels', 'cancel'], ['canceled', 'cancel'], ['cancelled', 'cancel'],
  ['canceling', 'cancel'], ['cancelling', 'cancel'], ['cancellation', 'cancellation'],
  ['terminate', 'terminate'], ['terminating', 'terminate'], ['termination', 'termination'],
  ['disconnect', 'disconnect'], ['discontinue', 'discontinue'], ['account', 'account'],
  ['contract', 'contract'], ['service', 'service'], ['subscription', 'subscription'],
  ['switch', 'switch'], ['switching', 'switch'], ['provider', 'provider'], ['carrier', 'carrier'],
  ['supervisor', 'supervisor'], ['manager', 'manager'], ['expensive', 'expensive'],
  ['overcharged', 'overcharge'], ['complaint', 'complaint'], ['afford', 'afford'], ['delete', 'delete'],
  ['deleting', 'delete'], ['close', 'close'], ['closing', 'close'], ['remove', 'remove'], ['removal', 'removal'],
  ['charge', 'charge'], ['charges', 'charge'], ['penalty', 'penalty'], ['penalties', 'penalty'],
].map(([word, lemma]) => ({ word: word!, lemma: lemma! }));
