// What a cancel verb is cancelling. "Cancel my account" is a customer leaving; "cancel the
// add-on", "cancel the order", "cancel the late fee" are not. The lite model has no parser, so the
// object is read as the short noun phrase after the verb (and a prepositional phrase after that:
// "my subscription to the newsletter", "my contract with Verizon").
import {
  ACCOUNT_OBJECTS,
  NON_DEFECTION_OBJECTS,
  NOUN_PHRASE_LEADERS,
  OBJECT_SEARCH_SKIPS,
  OPEN_OBJECTS,
} from './lexicon';
import type { Utterance, UtteranceToken } from './utterance';

export type ObjectKind =
  /** The account or a service on it: "my account", "the internet", "my contract". */
  | 'account'
  /** Something cancelled without leaving: an order, an add-on, a fee, a newsletter. */
  | 'not_account'
  /** A competitor's service: "cancel my Verizon", "my contract with Comcast". */
  | 'competitor'
  /** A pronoun or catch-all: "cancel it", "cancel everything". */
  | 'open'
  /** Nouns the lexicon does not know: "cancel my Disney", "close the window". */
  | 'unknown'
  /** No object at all: "I want to cancel." */
  | 'none';

export interface ObjectPhrase {
  readonly kind: ObjectKind;
  /** Last token of the object (or of the verb when there is none), to extend the trigger span. */
  readonly last: number;
}

const MAX_PHRASE_TOKENS = 6;
const PHRASE_PREPOSITIONS = new Set(['to', 'for', 'with', 'from', 'on', 'at', 'of']);

/** The object after the word at `verb`, within its clause. */
export function objectAfter(utterance: Utterance, verb: number, isCompetitor: (index: number) => boolean): ObjectPhrase {
  const { tokens, clauses } = utterance;
  const clauseLast = clauses[tokens[verb]!.clause]!.last;
  let i = verb + 1;
  while (i <= clauseLast && OBJECT_SEARCH_SKIPS.has(tokens[i]!.word)) i++;
  const head = tokens[i];
  if (i > clauseLast || head === undefined || head.isPunctuation) return { kind: 'none', last: verb };
  if (OPEN_OBJECTS.has(head.word) && !isNounPhraseWord(tokens[i + 1], i + 1, isCompetitor)) {
    return { kind: antecedentKind(tokens, i, isCompetitor), last: i };
  }
  const phrase = readNounPhrase(tokens, i, clauseLast, isCompetitor);
  if (phrase === null) return { kind: 'none', last: verb };
  let { kind, last } = phrase;
  // One prepositional phrase further: "my subscription to the newsletter" is the newsletter's.
  const preposition = tokens[last + 1];
  if (last + 1 <= clauseLast && preposition !== undefined && PHRASE_PREPOSITIONS.has(preposition.word)) {
    const attached = readNounPhrase(tokens, last + 2, clauseLast, isCompetitor);
    if (attached !== null && (attached.kind === 'competitor' || attached.kind === 'not_account')) {
      kind = attached.kind;
      last = attached.last;
    } else if (attached !== null && kind === 'account' && ['with', 'of', 'to', 'for'].includes(preposition.word)) {
      // "my contract with you", "my subscription for the internet"; not "…at the end of the month".
      last = attached.last;
    }
  }
  return { kind, last };
}

/**
 * The noun phrase that ends just before `index` ("account" in "account cancellation", "my account"
 * in "I want my account cancelled"). `first` is its first content word (the trigger starts there),
 * `phraseStart` its first word including determiners (what precedes it decides the reading).
 */
export function phraseBefore(
  utterance: Utterance,
  index: number,
  isCompetitor: (index: number) => boolean,
): ObjectPhrase & { first: number; phraseStart: number } {
  const { tokens, clauses } = utterance;
  const clauseFirst = clauses[tokens[index]!.clause]!.first;
  let phraseStart = index;
  while (phraseStart - 1 >= clauseFirst && index - phraseStart < 4) {
    const candidate = tokens[phraseStart - 1]!;
    if (!isNounPhraseWord(candidate, phraseStart - 1, isCompetitor) && !NOUN_PHRASE_LEADERS.has(candidate.word)) break;
    phraseStart--;
  }
  let first = phraseStart;
  while (first < index && NOUN_PHRASE_LEADERS.has(tokens[first]!.word)) first++;
  if (first === index) {
    // A pronoun subject: "it needs to be cancelled" — what it stands for decides.
    const pronoun = tokens[index - 1];
    if (pronoun !== undefined && index - 1 >= clauseFirst && OPEN_OBJECTS.has(pronoun.word)) {
      return { kind: antecedentKind(tokens, index - 1, isCompetitor), last: index, first: index - 1, phraseStart: index - 1 };
    }
    return { kind: 'none', last: index, first: index, phraseStart: index };
  }
  return { kind: classify(tokens, first, index - 1, isCompetitor), last: index, first, phraseStart };
}

function readNounPhrase(
  tokens: readonly UtteranceToken[],
  from: number,
  clauseLast: number,
  isCompetitor: (index: number) => boolean,
): { kind: ObjectKind; last: number } | null {
  let i = from;
  let last = -1;
  while (i <= clauseLast && i - from < MAX_PHRASE_TOKENS) {
    const token = tokens[i]!;
    if (NOUN_PHRASE_LEADERS.has(token.word) || isNounPhraseWord(token, i, isCompetitor)) {
      last = i;
      i++;
      continue;
    }
    break;
  }
  if (last === -1) return null;
  return { kind: classify(tokens, from, last, isCompetitor), last };
}

/** "cancel the whole thing": as open as "cancel it". */
const GENERIC_NOUNS = new Set(['thing', 'things', 'stuff', 'lot']);

function classify(tokens: readonly UtteranceToken[], first: number, last: number, isCompetitor: (index: number) => boolean): ObjectKind {
  let sawCompetitor = false;
  let sawExcluded = false;
  let sawAccount = false;
  let sawNoun = false;
  let sawGeneric = false;
  for (let i = first; i <= last; i++) {
    const token = tokens[i]!;
    if (isCompetitor(i)) sawCompetitor = true;
    else if (NON_DEFECTION_OBJECTS.has(token.word) || NON_DEFECTION_OBJECTS.has(token.lemma)) sawExcluded = true;
    else if (ACCOUNT_OBJECTS.has(token.word) || ACCOUNT_OBJECTS.has(token.lemma)) sawAccount = true;
    else if (GENERIC_NOUNS.has(token.word)) sawGeneric = true;
    else if (token.pos === 'NOUN' || token.pos === 'PROPN' || token.pos === 'X') sawNoun = true;
  }
  if (sawCompetitor) return 'competitor';
  if (sawGeneric && !sawExcluded && !sawAccount) return 'open';
  // "the late fee on my account": what is cancelled is the fee, whatever it sits on.
  if (sawExcluded) return 'not_account';
  if (sawAccount) return 'account';
  if (sawNoun) return 'unknown';
  return 'none';
}

/**
 * What "it" stands for: the nearest thing named before it in the utterance. "I never use the
 * account, delete it" closes the account; "I don't want the last purchase, can I cancel it" cancels
 * a purchase. With nothing named, the pronoun stays open (a bare "cancel it" in a support call).
 */
function antecedentKind(tokens: readonly UtteranceToken[], pronoun: number, isCompetitor: (index: number) => boolean): ObjectKind {
  for (let i = pronoun - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if (isCompetitor(i)) return 'competitor';
    if (NON_DEFECTION_OBJECTS.has(token.word) || NON_DEFECTION_OBJECTS.has(token.lemma)) return 'not_account';
    if (ACCOUNT_OBJECTS.has(token.word) || ACCOUNT_OBJECTS.has(token.lemma)) return 'account';
  }
  return 'open';
}

// Angry callers swear inside the object: "cancel my damn account", "close the bloody thing".
const EXPLETIVES = new Set(['damn', 'damned', 'goddamn', 'goddamned', 'bloody', 'fucking', 'freaking', 'friggin', 'frigging', 'stupid', 'stupid', 'crappy', 'useless']);

// "cancel my service today": wink tags "today" a noun; it is when, not what.
const TIME_WORDS = new Set(['today', 'tonight', 'tomorrow', 'now', 'asap', 'immediately', 'please', 'anymore', 'yesterday', 'again', 'soon', 'effective', 'ever', 'early']);

function isNounPhraseWord(token: UtteranceToken | undefined, index: number, isCompetitor: (index: number) => boolean): boolean {
  if (token === undefined || token.isPunctuation || TIME_WORDS.has(token.word)) return false;
  if (isCompetitor(index) || ACCOUNT_OBJECTS.has(token.word) || NON_DEFECTION_OBJECTS.has(token.word) || EXPLETIVES.has(token.word)) return true;
  return ['NOUN', 'PROPN', 'ADJ', 'NUM', 'X', 'DET'].includes(token.pos);
}
