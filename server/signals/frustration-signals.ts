// Recognises the phrases that come before leaving without saying it: a price complaint, asking
// for a supervisor or a real person, and filing a complaint (or threatening a regulator or a
// lawyer). Judged by the same shared checks as the intents, in defection-signals.ts.
import { ALL_CHECKS, type Detection, type DetectorInput } from './detection';
import {
  AGENT_NOUNS,
  COMPLAINT_NOUNS,
  COMPLAINT_VERBS,
  ESCALATION_VERBS,
  EXPENSIVE_WORDS,
  HUMAN_NOUNS,
  INTENSIFIERS,
  LEGAL_WORDS,
  LIVE_WORDS,
  OVERCHARGE_WORDS,
  PRICE_NOUNS,
  PRICE_RISE_NOUNS,
  REGULATOR_PHRASES,
  REGULATORS,
  RIP_OFF_WORDS,
  SUPERVISOR_NOUNS,
} from './lexicon';
import { isPastForm } from './modality';
import type { Utterance } from './utterance';

const wordAt = (utterance: Utterance, index: number): string => utterance.tokens[index]?.word ?? '';
const lemmaAt = (utterance: Utterance, index: number): string => utterance.tokens[index]?.lemma ?? '';
const sameClause = (utterance: Utterance, a: number, b: number): boolean =>
  utterance.tokens[a] !== undefined && utterance.tokens[b] !== undefined && utterance.tokens[a]!.clause === utterance.tokens[b]!.clause;

function clauseHas(utterance: Utterance, index: number, words: ReadonlySet<string>): boolean {
  const clause = utterance.clauses[utterance.tokens[index]!.clause]!;
  for (let i = clause.first; i <= clause.last; i++) {
    if (words.has(wordAt(utterance, i)) || words.has(lemmaAt(utterance, i))) return true;
  }
  return false;
}

/** "I'm paying 200 a month, that's insane": money talk anywhere in the sentence frames the word. */
function sentenceHas(utterance: Utterance, index: number, words: ReadonlySet<string>): boolean {
  const sentence = utterance.tokens[index]!.sentence;
  for (let i = index; i >= 0 && utterance.tokens[i]!.sentence === sentence; i--) {
    if (words.has(wordAt(utterance, i)) || words.has(lemmaAt(utterance, i))) return true;
  }
  for (let i = index + 1; i < utterance.tokens.length && utterance.tokens[i]!.sentence === sentence; i++) {
    if (words.has(wordAt(utterance, i)) || words.has(lemmaAt(utterance, i))) return true;
  }
  return false;
}

// --- price ----------------------------------------------------------------------------------------

const price = (text: string, first: number, last: number, checks = ALL_CHECKS, head = first): Detection => ({
  code: 'price_complaint',
  text,
  first,
  last,
  head,
  checks,
});

const MONEY_WORDS = new Set(['pay', 'paying', 'paid', 'charge', 'charging', 'charged', 'cost', 'costs', 'bill', 'price', 'money', 'spend', 'spending', '$']);
const MONEY_CONTEXT = new Set([...PRICE_NOUNS, ...MONEY_WORDS, 'dollars', 'bucks', 'month', 'monthly', 'pay']);
const STRONG_EXPENSIVE = new Set(['expensive', 'pricey', 'overpriced', 'costly', 'unaffordable']);
const RISE_VERBS = new Set(['go', 'jump', 'double', 'triple', 'increase', 'rise', 'skyrocket', 'shoot', 'climb', 'spike', 'creep', 'keep']);
const RAISE_VERBS = new Set(['raise', 'hike', 'increase', 'jack', 'bump', 'double']);

export function detectPriceComplaints({ utterance }: DetectorInput): Detection[] {
  const detections: Detection[] = [];
  const { tokens } = utterance;
  tokens.forEach((token, i) => {
    const word = token.word;
    // "too expensive", "so pricey", "overpriced", "my bill is way too high", "prices are insane"
    if (EXPENSIVE_WORDS.has(word) && (STRONG_EXPENSIVE.has(word) || sentenceHas(utterance, i, MONEY_CONTEXT))) {
      let first = i;
      while (INTENSIFIERS.has(wordAt(utterance, first - 1))) first--;
      // "the high speed plan", "crazy fast internet": an adjective on a noun is no verdict on price.
      const next = utterance.tokens[i + 1];
      const describesNoun = next !== undefined && (next.pos === 'NOUN' || next.pos === 'ADJ') && !STRONG_EXPENSIVE.has(word);
      if (!describesNoun) detections.push(price('Complains about the price', first, i));
      return;
    }
    // "paying too much", "you charge too much"
    if (word === 'much' && wordAt(utterance, i - 1) === 'too' && clauseHas(utterance, i, MONEY_WORDS)) {
      detections.push(price('Complains about the price', i - 1, i));
      return;
    }
    // "my bill went up", "prices keep going up", "the rate doubled"
    if (PRICE_NOUNS.has(word)) {
      for (let j = i + 1; j <= i + 4 && sameClause(utterance, i, j); j++) {
        const lemma = lemmaAt(utterance, j);
        const isRise = (RISE_VERBS.has(lemma) && ['up', 'again'].includes(wordAt(utterance, j + 1))) ||
          ['double', 'triple', 'increase', 'rise', 'skyrocket', 'spike'].includes(lemma);
        if (isRise && !(lemma === 'keep' && wordAt(utterance, j + 1) !== 'going')) {
          const last = wordAt(utterance, j + 1) === 'up' ? j + 1 : j;
          detections.push(price('Says the bill went up', i, last, ALL_CHECKS, j));
          return;
        }
        if (lemma === 'keep' && lemmaAt(utterance, j + 1) === 'go' && wordAt(utterance, j + 2) === 'up') {
          detections.push(price('Says the bill went up', i, j + 2, ALL_CHECKS, j));
          return;
        }
        if (tokens[j]!.pos === 'VERB' && !RISE_VERBS.has(lemma)) break;
      }
      // "price hike", "rate increase"
      if (PRICE_RISE_NOUNS.has(wordAt(utterance, i + 1))) detections.push(price('Complains about a price increase', i, i + 1));
      return;
    }
    // "you raised my rate", "they hiked the price again"
    if (RAISE_VERBS.has(token.lemma) && token.pos === 'VERB') {
      for (let j = i + 1; j <= i + 3 && sameClause(utterance, i, j); j++) {
        if (PRICE_NOUNS.has(wordAt(utterance, j))) {
          detections.push(price('Complains about a price increase', i, j));
          return;
        }
      }
    }
    // "I can't afford it", "can barely afford", "unable to afford"
    if (token.lemma === 'afford') {
      let first = i;
      for (let j = i - 1; j >= i - 3 && sameClause(utterance, j, i); j--) {
        if (['not', 'barely', 'hardly', 'unable', 'longer'].includes(wordAt(utterance, j))) first = j;
      }
      if (first === i) return;
      if (['can', 'could', 'no', 'be'].includes(wordAt(utterance, first - 1)) || utterance.tokens[first - 1]?.pos === 'AUX') first--;
      detections.push(price("Says they can't afford it", first, i, { negation: false, subject: true }));
      return;
    }
    // "overcharged", "over charged", "double charged", "charged twice"
    if (OVERCHARGE_WORDS.has(word) || OVERCHARGE_WORDS.has(token.lemma)) {
      detections.push(price('Says they were overcharged', i, i));
      return;
    }
    if (token.lemma === 'charge' && (['over', 'double'].includes(wordAt(utterance, i - 1)) || wordAt(utterance, i + 1) === 'twice')) {
      const first = wordAt(utterance, i + 1) === 'twice' ? i : i - 1;
      detections.push(price('Says they were overcharged', first, wordAt(utterance, i + 1) === 'twice' ? i + 1 : i));
      return;
    }
    // "what a rip-off", "you're ripping me off", "highway robbery", "price gouging"
    if (RIP_OFF_WORDS.has(word) || (token.lemma === 'rip' && ['off', 'me', 'us'].includes(wordAt(utterance, i + 1)))) {
      const last = wordAt(utterance, i + 1) === 'off' ? i + 1 : wordAt(utterance, i + 2) === 'off' ? i + 2 : i;
      detections.push(price('Complains about the price', wordAt(utterance, i - 1) === 'highway' ? i - 1 : i, last));
    }
  });
  return detections;
}

// --- escalation --------------------------------------------------------------------------------------

const escalation = (text: string, first: number, last: number): Detection => ({
  code: 'supervisor_request',
  text,
  first,
  last,
  head: first,
  checks: ALL_CHECKS,
});

interface EscalationTarget {
  readonly text: string;
  readonly first: number;
  readonly last: number;
}

/** A supervisor, a real person or someone else, ending at `i`. */
function escalationTargetAt(utterance: Utterance, i: number): EscalationTarget | null {
  const word = wordAt(utterance, i);
  const previous = wordAt(utterance, i - 1);
  if (SUPERVISOR_NOUNS.has(word)) {
    // "team lead", "team leader", "higher-up"; a bare "lead" or "leader" is something else.
    if ((word === 'lead' || word === 'leader') && previous !== 'team') return null;
    return { text: 'Asks for a supervisor', first: word === 'lead' || word === 'leader' ? i - 1 : i, last: i };
  }
  // "someone in charge", "someone higher up", "somebody else", "someone who can actually help"
  if (['someone', 'somebody', 'anyone', 'anybody', 'person'].includes(word)) {
    const next = wordAt(utterance, i + 1);
    const after = wordAt(utterance, i + 2);
    if (next === 'else') return { text: 'Asks for someone else', first: i, last: i + 1 };
    if (next === 'in' && after === 'charge') return { text: 'Asks for a supervisor', first: i, last: i + 2 };
    if (['higher', 'senior', 'above'].includes(next)) return { text: 'Asks for a supervisor', first: i, last: i + 1 };
    if (next === 'who' && ['can', 'could', 'knows', 'actually'].includes(after)) return { text: 'Asks for someone who can help', first: i, last: i + 2 };
  }
  // "a real person", "a human", "a live agent", "human being", "an operator", "another rep"
  if (HUMAN_NOUNS.has(word) || AGENT_NOUNS.has(word)) {
    if (LIVE_WORDS.has(previous)) {
      return { text: previous === 'another' || previous === 'different' || previous === 'other' || previous === 'new' ? 'Asks for another agent' : 'Asks for a real person', first: i - 1, last: i };
    }
    if (HUMAN_NOUNS.has(word) && ['a', 'an'].includes(previous) && word !== 'being') return { text: 'Asks for a real person', first: i - 1, last: i };
    if (word === 'being' && previous === 'human') return { text: 'Asks for a real person', first: i - 1, last: i };
  }
  return null;
}

/**
 * "Can I speak to your supervisor?", "transfer me to a manager", "I want to talk to a real person",
 * "escalate this", "who is your manager", "Supervisor, please." A past request ("I spoke to a
 * supervisor last week") is a story, not a request.
 */
export function detectSupervisorRequests({ utterance }: DetectorInput): Detection[] {
  const detections: Detection[] = [];
  const { tokens } = utterance;
  tokens.forEach((token, i) => {
    if (token.lemma === 'escalate') {
      const asked = [i - 1, i - 2, i - 3].some((j) => ['want', 'need', 'get', 'have', 'be', 'please'].includes(lemmaAt(utterance, j)));
      if (!isPastForm(token) || asked) detections.push(escalation('Asks to escalate', i, i));
      return;
    }
    const target = escalationTargetAt(utterance, i);
    if (target === null) return;
    const clause = utterance.clauses[token.clause]!;
    // The asking verb: up to six words before ("can I please speak with your"), or just after
    // ("is there a manager I can talk to").
    for (let j = target.first - 1; j >= Math.max(clause.first, target.first - 6); j--) {
      if (ESCALATION_VERBS.has(lemmaAt(utterance, j)) || ['ask', 'request', 'demand'].includes(lemmaAt(utterance, j))) {
        if (isPastForm(tokens[j]!) && !['need', 'want'].includes(lemmaAt(utterance, j))) return;
        detections.push(escalation(target.text, j, target.last));
        return;
      }
      if (wordAt(utterance, j) === 'who' && ['is', "'s"].includes(wordAt(utterance, j + 1))) {
        detections.push(escalation(target.text, j, target.last));
        return;
      }
    }
    for (let j = target.last + 1; j <= Math.min(clause.last, target.last + 4); j++) {
      if (['speak', 'talk'].includes(lemmaAt(utterance, j)) && !isPastForm(tokens[j]!)) {
        detections.push(escalation(target.text, target.first, j));
        return;
      }
    }
    // "Supervisor, please." / "Manager now!": the clause is the request.
    const words = [];
    for (let j = clause.first; j <= clause.last; j++) if (!tokens[j]!.isPunctuation) words.push(wordAt(utterance, j));
    const rest = words.filter((word) => !['a', 'an', 'the', 'your', 'please', 'now', 'get', 'me'].includes(word));
    if (rest.length <= 2 && rest.length === target.last - target.first + 1) detections.push(escalation(target.text, target.first, target.last));
  });
  return detections;
}

// --- complaints ---------------------------------------------------------------------------------------

const complaint = (text: string, first: number, last: number): Detection => ({
  code: 'complaint_intent',
  text,
  first,
  last,
  head: first,
  checks: ALL_CHECKS,
});

/**
 * "I want to file a complaint", "I'd like to complain", "I'm reporting you to the FCC", "I'll be
 * talking to my lawyer". "Claim" is left out on purpose: at a US telco it means a device insurance
 * claim far more often than a complaint.
 */
export function detectComplaintIntents({ utterance }: DetectorInput): Detection[] {
  const detections: Detection[] = [];
  const { tokens } = utterance;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (COMPLAINT_NOUNS.has(token.word)) {
      let first = -1;
      for (let j = i - 1; j >= Math.max(0, i - 4) && sameClause(utterance, j, i); j--) {
        // The nearest verb: "want to file a complaint" triggers on "file a complaint".
        if (COMPLAINT_VERBS.has(lemmaAt(utterance, j)) || ['formal', 'official'].includes(wordAt(utterance, j))) {
          first = j;
          if (COMPLAINT_VERBS.has(lemmaAt(utterance, j))) break;
        }
      }
      if (first === -1 && wordAt(utterance, i + 1) === 'against') first = i;
      if (first !== -1) detections.push(complaint('Wants to file a complaint', first, i));
      continue;
    }
    if (token.lemma === 'complain' && token.pos === 'VERB') {
      detections.push(complaint('Wants to file a complaint', i, i));
      continue;
    }
    const phrase = REGULATOR_PHRASES.find((words) => words.every((word, k) => wordAt(utterance, i + k) === word));
    if (REGULATORS.has(token.word) || phrase !== undefined) {
      const name = phrase !== undefined ? tokens.slice(i, i + phrase.length).map((t) => t.value).join(' ') : token.value.toUpperCase();
      const last = phrase !== undefined ? i + phrase.length - 1 : i;
      detections.push(complaint(`Threatens to complain to the ${name}`, i, last));
      i = last;
      continue;
    }
    if (LEGAL_WORDS.has(token.word) || LEGAL_WORDS.has(token.lemma) || (token.word === 'small' && wordAt(utterance, i + 1) === 'claims')) {
      detections.push(complaint('Threatens legal action', i, token.word === 'small' ? i + 1 : i));
    }
  }
  return detections;
}
