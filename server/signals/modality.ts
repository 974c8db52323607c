// Whether words that look like a defection signal mean one: is the intent negated ("I don't want
// to cancel"), whose is it ("my friend cancelled her Verizon"), and is it a past intention that
// went away ("I was going to cancel but you fixed it")? Conditions are handled by clause roles
// (utterance.ts); these are the other three questions.
import {
  ABILITY_WORDS,
  CLAUSE_OPENERS,
  COMPANY_REFERENCES,
  COUNTERFACTUAL_MARKERS,
  FIRST_PERSON_OBJECTS,
  FIRST_PERSON_SUBJECTS,
  HOUSEHOLD_MEMBERS,
  NEGATION_PASSES_THROUGH,
  NEGATORS,
  NOUNS_NEGATED_BY_NO,
  PAST_INTENTION_AFTER_BE,
  PAST_INTENTION_VERBS,
  RELATIVE_PRONOUNS,
  RESOLUTION_WORDS,
  SECOND_PERSON,
  SUBJECT_SEARCH_SKIPS,
  THIRD_PARTIES,
} from './lexicon';
import type { Utterance, UtteranceToken } from './utterance';

/**
 * True when a negation governs the words starting at `first`. wink-nlp says whether they sit in
 * a negation's scope (from the negation word to the next punctuation); that scope is too wide
 * for intent ("I don't know how to cancel" puts "cancel" in scope, yet the caller wants to
 * cancel), so the words between the negation and the trigger must all be ones a negation passes
 * through ("want", "going to", "planning on"...). A negated ability ("I can't cancel online") is
 * not a negated intent.
 */
export function isNegated(utterance: Utterance, first: number): boolean {
  const { tokens } = utterance;
  const trigger = tokens[first];
  if (trigger === undefined) return false;
  if (isRhetoricalWhy(utterance, first)) return true;
  if (!trigger.inNegationScope) return false;
  let negator = first - 1;
  while (negator >= 0 && tokens[negator]!.sentence === trigger.sentence && !NEGATORS.has(tokens[negator]!.word)) {
    negator--;
  }
  const negation = tokens[negator];
  if (negation === undefined || negation.sentence !== trigger.sentence) return false;
  if (negation.word === 'no' && !NOUNS_NEGATED_BY_NO.has(tokens[negator + 1]?.word ?? '')) return false;
  const before = tokens[negator - 1]?.word ?? '';
  if (ABILITY_WORDS.has(before) || tokens[negator + 1]?.word === 'able') return false;
  for (let i = negator + 1; i < first; i++) {
    if (!NEGATION_PASSES_THROUGH.has(tokens[i]!.word) && !NEGATION_PASSES_THROUGH.has(tokens[i]!.lemma)) return false;
  }
  return true;
}

/** "Why would I cancel?" denies it: a rhetorical "why would/should I" opening the clause. */
function isRhetoricalWhy(utterance: Utterance, first: number): boolean {
  const { tokens, clauses } = utterance;
  const clause = clauses[tokens[first]!.clause]!;
  const words = [0, 1, 2].map((k) => (clause.first + k < first ? tokens[clause.first + k]!.word : ''));
  return words[0] === 'why' && ['would', 'should', "'d"].includes(words[1] ?? '') && ['i', 'we'].includes(words[2] ?? '');
}

export type SubjectKind =
  /** The customer or their household: "I", "we", "my husband", or no subject (a request). */
  | 'customer'
  /** The agent or the company being addressed: "can you cancel…", "you cancelled my…". */
  | 'addressee'
  /** Someone else: "my friend", "she", a competitor. */
  | 'third_party'
  /** "they", "the company", "the system": most often the company being called. */
  | 'company';

/**
 * The subject of the verb at `head`, found by walking left inside its clause past auxiliaries,
 * modals and intent verbs ("my friend who was going to cancel" → friend). There is no dependency
 * parse in wink's lite model; this covers the short sentences of a support conversation. Words
 * not recognised as a person count as the customer, so an unusual subject never hides a signal.
 */
export function subjectOf(utterance: Utterance, head: number, isCompetitor: (index: number) => boolean): SubjectKind {
  const { tokens, clauses } = utterance;
  const token = tokens[head];
  if (token === undefined) return 'customer';
  const clause = clauses[token.clause]!;
  for (let i = head - 1; i >= clause.first; i--) {
    const candidate = tokens[i]!;
    const word = candidate.word;
    if (candidate.isPunctuation || SUBJECT_SEARCH_SKIPS.has(word) || NEGATORS.has(word) || RELATIVE_PRONOUNS.has(word)) {
      continue;
    }
    if (candidate.pos === 'ADV' && !THIRD_PARTIES.has(word)) continue;
    if (FIRST_PERSON_SUBJECTS.has(word) || FIRST_PERSON_OBJECTS.has(word) || HOUSEHOLD_MEMBERS.has(word)) return 'customer';
    if (SECOND_PERSON.has(word)) return 'addressee';
    if (THIRD_PARTIES.has(word) || isCompetitor(i)) return 'third_party';
    if (COMPANY_REFERENCES.has(word)) return 'company';
    return 'customer';
  }
  return 'customer';
}

const IRREGULAR_PAST = new Set([
  'went', 'gone', 'left', 'spoke', 'spoken', 'got', 'gotten', 'gave', 'given', 'took', 'taken',
  'told', 'said', 'came', 'did', 'done', 'had', 'was', 'were', 'been', 'rose', 'risen', 'shot', 'found',
]);

/** "cancelled", "went", "spoken": a past form, from wink's lemma differing from the word. */
export function isPastForm(token: UtteranceToken): boolean {
  if (IRREGULAR_PAST.has(token.word)) return true;
  return token.word !== token.lemma && token.word.endsWith('ed');
}

export type PastIntention = 'none' | 'counterfactual' | 'reported';

/**
 * Whether the trigger is reported as a past intention: "I almost cancelled" (counterfactual: it
 * did not happen) or "I was going to cancel", "I called to cancel" (reported: it may still hold).
 * Only words before the trigger in its own clause count.
 */
export function pastIntentionOf(utterance: Utterance, first: number): PastIntention {
  const { tokens, clauses } = utterance;
  const trigger = tokens[first];
  if (trigger === undefined) return 'none';
  const clause = clauses[trigger.clause]!;
  let reported = false;
  for (let i = clause.first; i < first; i++) {
    const word = tokens[i]!.word;
    if (COUNTERFACTUAL_MARKERS.has(word)) return 'counterfactual';
    if ((word === 'was' || word === 'were') && PAST_INTENTION_AFTER_BE.has(tokens[i + 1]?.word ?? '')) reported = true;
    if (PAST_INTENTION_VERBS.has(word)) reported = true;
  }
  return reported ? 'reported' : 'none';
}

const CONTRAST_OPENERS = new Set(['but', 'until', 'though', 'although', 'however', 'then', 'so']);

/**
 * True when a later clause of the utterance, opened by a contrast ("but", "until", "then"...),
 * says the reason went away: "…but you fixed it", "…until you lowered my bill", "…but I changed
 * my mind". A negated resolution word ("but it's still not fixed") does not count.
 */
export function laterClauseResolves(utterance: Utterance, triggerIndex: number): boolean {
  const { tokens, clauses } = utterance;
  const trigger = tokens[triggerIndex];
  if (trigger === undefined) return false;
  for (const clause of clauses.slice(trigger.clause + 1)) {
    if (clause.opener === null || !CONTRAST_OPENERS.has(clause.opener) || !CLAUSE_OPENERS.has(clause.opener)) continue;
    for (let i = clause.first; i <= clause.last; i++) {
      const token = tokens[i]!;
      if (RESOLUTION_WORDS.has(token.word) && !token.inNegationScope) return true;
    }
  }
  return false;
}
