// Recognises the phrases of leaving: cancelling or closing the account, switching to another
// provider, and asking what leaving would cost. Each finder proposes detections; whether they
// stand (negated? someone else's? a past intention? a condition?) is judged in
// defection-signals.ts for all codes alike.
import { ALL_CHECKS, type Detection, type DetectorInput } from './detection';
import {
  ACCOUNT_OBJECTS,
  BETTER_WORDS,
  CANCEL_NOUNS_ALONE,
  CANCEL_NOUNS_WITH_OBJECT,
  CANCEL_VERBS_ALONE,
  CANCEL_VERBS_WITH_OBJECT,
  DEAL_NOUNS,
  DONE_WORDS,
  ELSEWHERE_WORDS,
  EXIT_WORDS,
  FEE_WORDS,
  FIRST_PERSON_SUBJECTS,
  INTENSIFIERS,
  LEAVE_OBJECTS,
  NEGATORS,
  NUMBER_WORDS,
  OFFER_VERBS,
  OTHER_WORDS,
  PLURAL_PROVIDER_NOUNS,
  PORT_WORDS,
  PROVIDER_NOUNS,
  SECOND_PERSON,
  SHOPPING_VERBS,
  SWITCH_VERBS,
  SWITCH_VERBS_ALONE,
} from './lexicon';
import { isPastForm, subjectOf } from './modality';
import { objectAfter, phraseBefore, type ObjectKind } from './objects';
import type { Utterance, UtteranceToken } from './utterance';

const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'my', 'your', 'our', 'their', 'his', 'her', 'its']);
const BE_FORMS = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', "'s", 'get', 'gets', 'got', 'getting']);
const REQUEST_BEFORE_PASSIVE = new Set(['to', 'will', 'can', 'could', 'should', 'would', 'must', 'need', 'needs', 'please']);
const WANT_SOMETHING_DONE = new Set(['want', 'need', 'get', 'have', 'like']);

const clauseOf = (utterance: Utterance, index: number) => utterance.clauses[utterance.tokens[index]!.clause]!;
const wordAt = (utterance: Utterance, index: number): string => utterance.tokens[index]?.word ?? '';
const sameClause = (utterance: Utterance, a: number, b: number): boolean =>
  utterance.tokens[a] !== undefined && utterance.tokens[b] !== undefined && utterance.tokens[a]!.clause === utterance.tokens[b]!.clause;

// --- cancel -------------------------------------------------------------------------------------

export function detectCancelIntents(input: DetectorInput): Detection[] {
  const { utterance } = input;
  const detections: Detection[] = [];
  utterance.tokens.forEach((token, i) => {
    if (token.isPunctuation) return;
    const detection =
      cancelVerb(input, token, i) ?? cancelNoun(input, token, i) ?? doneWith(input, token, i) ??
      wantOut(input, token, i) ?? breakContract(input, token, i) ?? noLongerWanted(input, token, i) ??
      notRenewing(input, token, i) ?? cuttingTheCord(input, token, i);
    if (detection !== null) detections.push(detection);
  });
  return detections;
}

const cancel = (text: string, first: number, last: number, head = first, checks = ALL_CHECKS): Detection => ({
  code: 'cancel_intent',
  text,
  first,
  last,
  head,
  checks,
});

/** "cancel my account", "I want to cancel.", "close my account", "disconnect the internet", "leave you guys". */
function cancelVerb({ utterance, isCompetitor }: DetectorInput, token: UtteranceToken, i: number): Detection | null {
  const alone = CANCEL_VERBS_ALONE.has(token.lemma);
  if (!alone && !CANCEL_VERBS_WITH_OBJECT.has(token.lemma)) return null;
  // "the end of my contract", "on leave": the noun, not the verb.
  if (DETERMINERS.has(wordAt(utterance, i - 1)) || (token.lemma === 'leave' && token.pos === 'NOUN')) return null;
  const text = token.lemma === 'leave' ? "Says they're leaving" : token.lemma === 'cancel' || token.lemma === 'terminate' ? 'Wants to cancel' : 'Wants to close the account';

  // Passive: "my account was cancelled" reports what happened; "it needs to be cancelled" and
  // "can my account be cancelled?" ask for it.
  if (isPastForm(token)) {
    let be = i - 1;
    while (be >= 0 && utterance.tokens[be]!.pos === 'ADV') be--;
    if (BE_FORMS.has(wordAt(utterance, be)) && sameClause(utterance, be, i)) {
      let before = be - 1;
      while (before >= 0 && BE_FORMS.has(wordAt(utterance, before))) before--;
      if (REQUEST_BEFORE_PASSIVE.has(wordAt(utterance, before))) {
        // "it needs to be cancelled": the subject is left of "needs to".
        let subjectEnd = before;
        while (subjectEnd > 0 && REQUEST_BEFORE_PASSIVE.has(wordAt(utterance, subjectEnd))) subjectEnd--;
        const subject = phraseBefore(utterance, subjectEnd + 1, isCompetitor);
        return objectMeansLeaving(subject.kind, alone) ? cancel(text, Math.min(subject.first, i), i) : null;
      }
      // "can my account be cancelled?": a modal before the subject.
      const subject = phraseBefore(utterance, be, isCompetitor);
      if (subject.kind !== 'none' && REQUEST_BEFORE_PASSIVE.has(wordAt(utterance, subject.phraseStart - 1))) {
        return objectMeansLeaving(subject.kind, alone) ? cancel(text, subject.first, i) : null;
      }
      return null;
    }
    // "I want my account cancelled": the object comes first.
    const object = phraseBefore(utterance, i, isCompetitor);
    if (object.first < i && WANT_SOMETHING_DONE.has(utterance.tokens[object.phraseStart - 1]?.lemma ?? '')) {
      return objectMeansLeaving(object.kind, alone) ? cancel(text, object.first, i) : null;
    }
  }

  const object = objectAfter(utterance, i, isCompetitor);
  if (token.lemma === 'leave') {
    const next = wordAt(utterance, i + 1);
    // "leave for Verizon" is a switch (found there); "left Comcast" is leaving a competitor.
    if (object.kind === 'competitor') return null;
    if (LEAVE_OBJECTS.has(next)) return cancel(text, i, wordAt(utterance, i + 2) === 'guys' ? i + 2 : i + 1);
    // "leave it to you", "leave it as is": an idiom, unlike "cancel it".
    if (object.kind === 'none' || object.kind === 'account') {
      return cancel(text, i, object.kind === 'none' ? i : object.last);
    }
    // "leave Acme": a brand that is not a competitor is most likely this company.
    if (object.kind === 'unknown' && utterance.tokens[i + 1]?.pos === 'PROPN') return cancel(text, i, object.last);
    return null;
  }
  return objectMeansLeaving(object.kind, alone) ? cancel(text, i, object.kind === 'none' ? i : object.last) : null;
}

/** Bare "cancel" in a support call means the service; "close" or "delete" needs the account named. */
function objectMeansLeaving(kind: ObjectKind, verbMeansItAlone: boolean): boolean {
  if (kind === 'account') return true;
  return verbMeansItAlone && (kind === 'none' || kind === 'open');
}

const CANCELLATION_PROCESS_NOUNS = new Set(['department', 'dept', 'team', 'desk', 'line', 'process', 'request', 'form', 'number', 'procedure', 'option', 'specialist']);

/** "account cancellation", "cancellation of my account", "I'm calling about a cancellation". */
function cancelNoun({ utterance, isCompetitor }: DetectorInput, token: UtteranceToken, i: number): Detection | null {
  const alone = CANCEL_NOUNS_ALONE.has(token.lemma) || CANCEL_NOUNS_ALONE.has(token.word);
  if (!alone && !CANCEL_NOUNS_WITH_OBJECT.has(token.word) && !CANCEL_NOUNS_WITH_OBJECT.has(token.lemma)) return null;
  const before = phraseBefore(utterance, i, isCompetitor);
  // "the cancellation department", "my cancellation request": the noun names the act of leaving.
  if (alone && CANCELLATION_PROCESS_NOUNS.has(wordAt(utterance, i + 1)) && sameClause(utterance, i, i + 1)) {
    return before.kind === 'none' || before.kind === 'account' ? cancel('Wants to cancel', before.kind === 'account' ? before.first : i, i + 1) : null;
  }
  const after = objectAfter(utterance, i, isCompetitor);
  const kinds = [before.kind, after.kind];
  if (kinds.includes('not_account') || kinds.includes('competitor') || kinds.includes('unknown')) return null;
  if (!kinds.includes('account') && !alone) return null;
  const last = after.kind === 'account' ? after.last : i;
  return cancel('Wants to cancel', before.kind === 'account' ? before.first : i, last);
}

/** "I'm done with you guys", "we're through with this company", "I'm done with this." */
function doneWith({ utterance }: DetectorInput, token: UtteranceToken, i: number): Detection | null {
  if (!DONE_WORDS.has(token.word) || wordAt(utterance, i + 1) !== 'with') return null;
  const previous = wordAt(utterance, i - 1);
  const saysIAm = ["i'm", 'im', "we're", 'am', 'are', 'so', 'totally', 'just', 'officially', 'really'].includes(previous);
  if (!saysIAm) return null;
  const objectIndex = i + 2;
  const object = wordAt(utterance, objectIndex);
  const afterObject = utterance.tokens[objectIndex + 1];
  const clauseEndsAfterObject = afterObject === undefined || afterObject.isPunctuation || !sameClause(utterance, objectIndex, objectIndex + 1);
  const meansCompany =
    SECOND_PERSON.has(object) ||
    (['this', 'it', 'y\'all', 'yall'].includes(object) && (clauseEndsAfterObject || ['all', 'company'].includes(afterObject?.word ?? ''))) ||
    LEAVE_OBJECTS.has(wordAt(utterance, objectIndex + 1)) ||
    ACCOUNT_OBJECTS.has(wordAt(utterance, objectIndex + 1));
  if (!meansCompany) return null;
  const last = SECOND_PERSON.has(object) && wordAt(utterance, objectIndex + 1) === 'guys' ? objectIndex + 1 : clauseEndsAfterObject ? objectIndex : objectIndex + 1;
  return cancel("Says they're done with the company", Math.max(0, i - 1), last);
}

/** "I want out of my contract", "I want out.", "get me out of this contract". */
function wantOut({ utterance, isCompetitor }: DetectorInput, token: UtteranceToken, i: number): Detection | null {
  if (token.word !== 'out') return null;
  const previous = utterance.tokens[i - 1];
  const before = utterance.tokens[i - 2];
  const wants = previous !== undefined && ['want', 'need'].includes(previous.lemma);
  const getsOut = previous !== undefined && previous.lemma === 'get';
  const getMeOut = previous?.word === 'me' && before !== undefined && ['get', 'let'].includes(before.lemma);
  if (!wants && !getsOut && !getMeOut) return null;
  const start = getMeOut ? i - 2 : i - 1;
  const next = utterance.tokens[i + 1];
  const endsHere = next === undefined || next.isPunctuation || !sameClause(utterance, i, i + 1);
  // "I want out." alone; "get out" alone is anything ("get out of the car"), so it needs the contract.
  if (endsHere) return wants || getMeOut ? cancel('Wants out of the contract', start, i) : null;
  if (next.word !== 'of') return null;
  const object = objectAfter(utterance, i + 1, isCompetitor);
  if (getsOut && object.kind !== 'account') return null;
  return object.kind === 'account' || object.kind === 'open' ? cancel('Wants out of the contract', start, object.last) : null;
}

/** "I'm cutting the cord": dropping cable TV for streaming, the cable industry's word for it. */
function cuttingTheCord({ utterance }: DetectorInput, token: UtteranceToken, i: number): Detection | null {
  if (token.lemma !== 'cut' || wordAt(utterance, i + 1) !== 'the' || wordAt(utterance, i + 2) !== 'cord') return null;
  return cancel("Says they're cutting the cord", i, i + 2);
}

/** "I want to break my contract" — to leave before its end; "what does it cost to break it" asks the fee. */
function breakContract({ utterance, isCompetitor }: DetectorInput, token: UtteranceToken, i: number): Detection | null {
  if (token.lemma !== 'break' || token.pos === 'NOUN') return null;
  const object = objectAfter(utterance, i, isCompetitor);
  const contract = ['contract', 'agreement', 'lease'].some((word) => {
    for (let j = i + 1; j <= object.last; j++) if (wordAt(utterance, j) === word) return true;
    return false;
  });
  return contract ? cancel('Wants out of the contract', i, object.last) : null;
}

/**
 * "I don't want your service anymore", "I no longer need the internet": the negation is the
 * signal, so the negation check is off for it.
 */
function noLongerWanted({ utterance, isCompetitor }: DetectorInput, token: UtteranceToken, i: number): Detection | null {
  if (!['want', 'need', 'use'].includes(token.lemma)) return null;
  const negator = [i - 1, i - 2].find((j) => NEGATORS.has(wordAt(utterance, j)) && sameClause(utterance, j, i));
  const noLonger = wordAt(utterance, i - 1) === 'longer' && wordAt(utterance, i - 2) === 'no';
  if (negator === undefined && !noLonger) return null;
  const object = objectAfter(utterance, i, isCompetitor);
  if (object.kind !== 'account') return null;
  const clause = clauseOf(utterance, i);
  let anymoreAt = -1;
  for (let j = object.last + 1; j <= clause.last; j++) {
    const word = wordAt(utterance, j);
    if (word === 'anymore' || (word === 'longer' && wordAt(utterance, j - 1) === 'any')) anymoreAt = j;
  }
  if (!noLonger && anymoreAt === -1) return null;
  const first = noLonger ? i - 2 : (negator ?? i) - (wordAt(utterance, (negator ?? i) - 1) === 'do' ? 1 : 0);
  return cancel('Says they no longer want the service', first, Math.max(object.last, anymoreAt), i, { negation: false, subject: true });
}

/** "I won't be renewing my contract", "not going to renew". */
function notRenewing({ utterance, isCompetitor }: DetectorInput, token: UtteranceToken, i: number): Detection | null {
  if (token.lemma !== 'renew') return null;
  let negator = -1;
  for (let j = i - 1; j >= Math.max(0, i - 4) && sameClause(utterance, j, i); j--) {
    if (NEGATORS.has(wordAt(utterance, j))) negator = j;
  }
  if (negator === -1) return null;
  const object = objectAfter(utterance, i, isCompetitor);
  if (object.kind !== 'account' && object.kind !== 'none' && object.kind !== 'open') return null;
  const first = utterance.tokens[negator - 1]?.pos === 'AUX' ? negator - 1 : negator;
  return cancel("Won't renew the contract", first, object.kind === 'account' ? object.last : i, i, { negation: false, subject: true });
}

// --- switch -------------------------------------------------------------------------------------

interface Target {
  readonly kind: 'competitor' | 'provider' | 'elsewhere';
  readonly last: number;
  readonly competitor?: string;
}

/** Who the customer would go to, starting at `at`: a competitor, "another provider", "elsewhere". */
function targetAt({ utterance, isCompetitor, competitorAt }: DetectorInput, at: number): Target | null {
  let i = at;
  if (['the', 'a', 'an', 'some', 'one', 'your'].includes(wordAt(utterance, i)) && !isCompetitor(i)) i++;
  const token = utterance.tokens[i];
  if (token === undefined || !sameClause(utterance, at, i)) return null;
  if (isCompetitor(i)) {
    let last = i;
    while (isCompetitor(last + 1) && competitorAt(last + 1) === competitorAt(i)) last++;
    return { kind: 'competitor', last, competitor: competitorAt(i)! };
  }
  if (ELSEWHERE_WORDS.has(token.word)) return { kind: 'elsewhere', last: i };
  if (['somewhere', 'someone', 'somebody', 'someplace'].includes(token.word) && wordAt(utterance, i + 1) === 'else') {
    return { kind: 'elsewhere', last: i + 1 };
  }
  // "another provider", "a different internet company", "your competitor", "the competition"
  if (['competitor', 'competitors', 'competition'].includes(token.word)) {
    return { kind: 'provider', last: i };
  }
  if (!OTHER_WORDS.has(token.word)) return null;
  for (let j = i + 1; j <= i + 3 && sameClause(utterance, i, j); j++) {
    if (PROVIDER_NOUNS.has(wordAt(utterance, j))) return { kind: 'provider', last: j };
    if (utterance.tokens[j]?.pos === 'VERB' || utterance.tokens[j]?.isPunctuation) break;
  }
  return null;
}

const switchTo = (text: string, first: number, last: number, head = first, checks = ALL_CHECKS): Detection => ({
  code: 'switch_intent',
  text,
  first,
  last,
  head,
  checks,
});

const switchText = (target: Target | null): string =>
  target?.competitor !== undefined ? `Wants to switch to ${target.competitor}` : 'Wants to switch provider';

export function detectSwitchIntents(input: DetectorInput): Detection[] {
  const { utterance } = input;
  const detections: Detection[] = [];
  utterance.tokens.forEach((token, i) => {
    if (token.isPunctuation) return;
    const detection =
      switchVerb(input, token, i) ?? portOut(input, token, i) ?? rivalOffer(input, token, i) ??
      competitorCheaper(input, token, i) ?? shoppingAround(input, token, i) ?? goingWithCompetitor(input, token, i) ??
      takeBusinessElsewhere(input, token, i);
    if (detection !== null) detections.push(detection);
  });
  return detections;
}

/** "switch to Verizon", "go with another provider", "move my lines over to AT&T", "switch carriers", "I'm switching." */
function switchVerb(input: DetectorInput, token: UtteranceToken, i: number): Detection | null {
  const { utterance, isCompetitor } = input;
  const lemma = token.lemma;
  if (!SWITCH_VERBS.has(lemma) && lemma !== 'leave') return null;
  if (DETERMINERS.has(wordAt(utterance, i - 1)) && token.pos === 'NOUN') return null;
  let j = i + 1;
  if (lemma === 'sign' && wordAt(utterance, j) !== 'up') return null;
  // An object between verb and destination: "switch my service to", "move my lines over to".
  const object = objectAfter(utterance, i, isCompetitor);
  if (PLURAL_PROVIDER_NOUNS.has(wordAt(utterance, j)) && ['switch', 'change'].includes(lemma)) {
    return switchTo('Wants to switch provider', i, j);
  }
  if (object.kind === 'account' || object.kind === 'open') j = object.last + 1;
  while (['over', 'up', 'back', 'across'].includes(wordAt(utterance, j))) j++;
  if (['to', 'with', 'for', 'into'].includes(wordAt(utterance, j)) && sameClause(utterance, i, j)) {
    const target = targetAt(input, j + 1);
    if (target !== null) return switchTo(switchText(target), i, target.last);
    return null;
  }
  if (lemma === 'go' && ELSEWHERE_WORDS.has(wordAt(utterance, j))) return switchTo('Wants to switch provider', i, j);
  const target = targetAt(input, j);
  if (target?.kind === 'elsewhere' && ['go', 'move', 'take'].includes(lemma)) return switchTo(switchText(target), i, target.last);
  // Bare "I'm switching", "thinking of switching over": in a call to a provider, switching means
  // away. With an object ("switching plans", "switch user") it means something else.
  if (SWITCH_VERBS_ALONE.has(lemma) && object.kind === 'none') {
    const next = utterance.tokens[j];
    const endsHere = next === undefined || next.isPunctuation || !sameClause(utterance, i, j) ||
      ['now', 'soon', 'today', 'anyway', 'then', 'asap', 'already', 'too', 'instead'].includes(next.word);
    if (endsHere) return switchTo('Wants to switch provider', i, Math.max(i, j - 1));
  }
  return null;
}

/** "port my number out", "I need my transfer PIN", "transfer my number to T-Mobile". */
function portOut(input: DetectorInput, token: UtteranceToken, i: number): Detection | null {
  const { utterance } = input;
  const clause = clauseOf(utterance, i);
  const window = (from: number, to: number) => {
    const words: { word: string; index: number }[] = [];
    for (let j = Math.max(clause.first, from); j <= Math.min(clause.last, to); j++) words.push({ word: wordAt(utterance, j), index: j });
    return words;
  };
  if (token.word === 'pin' || token.word === 'pins') {
    const cue = window(i - 3, i - 1).find(({ word }) => PORT_WORDS.has(word) || word === 'transfer');
    return cue === undefined ? null : switchTo('Asks for a number transfer PIN', cue.index, i);
  }
  const isPort = PORT_WORDS.has(token.word) || token.lemma === 'port';
  const isTransfer = ['transfer', 'move', 'take'].includes(token.lemma) && window(i + 1, i + 2).some(({ word }) => NUMBER_WORDS.has(word));
  if (!isPort && !isTransfer) return null;
  const after = window(i + 1, i + 5);
  // "port in" brings a number here; "the port on my router" is hardware.
  if (after.some(({ word }) => word === 'in')) return null;
  const away = after.find(({ word, index }) => ['out', 'away', 'over'].includes(word) || input.isCompetitor(index) || word === 'to');
  const number = after.find(({ word }) => NUMBER_WORDS.has(word));
  if (token.word === 'port-out' || token.word === 'portout') return switchTo('Wants to port their number out', i, number?.index ?? i);
  if (isTransfer && away === undefined) return null;
  if (away === undefined && number === undefined) return null;
  const last = Math.max(away?.index ?? i, number?.index ?? i);
  const target = away !== undefined && wordAt(utterance, away.index) === 'to' ? targetAt(input, away.index + 1) : null;
  if (away !== undefined && wordAt(utterance, away.index) === 'to' && target === null) return null;
  return switchTo(target?.competitor !== undefined ? `Wants to port their number to ${target.competitor}` : 'Wants to port their number out', i, target?.last ?? last);
}

/**
 * "they offered me a better deal", "Acme offered me a better deal", "Verizon has a cheaper plan",
 * "I was offered a better price", "I can get a better deal with Spectrum". The rival is the
 * subject here, so the third-party check is off; an offer from "you" is a negotiation, not a
 * switch.
 */
function rivalOffer(input: DetectorInput, token: UtteranceToken, i: number): Detection | null {
  const { utterance, isCompetitor, competitorAt } = input;
  if (!OFFER_VERBS.has(token.lemma)) return null;
  const clause = clauseOf(utterance, i);
  let better = -1;
  for (let j = i + 1; j <= Math.min(clause.last, i + 5); j++) {
    if (BETTER_WORDS.has(wordAt(utterance, j))) {
      better = j;
      break;
    }
  }
  if (better === -1) return null;
  let deal = -1;
  for (let j = better + 1; j <= Math.min(clause.last, better + 3); j++) {
    if (DEAL_NOUNS.has(wordAt(utterance, j))) {
      deal = j;
      break;
    }
  }
  if (deal === -1) return null;
  // Where the offer comes from, after the deal: "…with Spectrum", "…elsewhere".
  const afterDeal = wordAt(utterance, deal + 1);
  const source = targetAt(input, ['with', 'from', 'at', 'through', 'over'].includes(afterDeal) ? deal + 2 : deal + 1);
  if (subjectOf(utterance, i, isCompetitor) === 'addressee') return null;
  const rival = rivalBefore(input, i);
  const passive = ['was', 'were', 'been', 'got', 'get', 'being'].includes(wordAt(utterance, i - 1)) && isPastForm(token);
  // "I got a better offer": an offer, as a noun, was made by someone.
  const offerNoun = ['offer', 'offers', 'quote'].includes(wordAt(utterance, deal));
  if (source === null && rival === -1 && !passive && !offerNoun) return null;
  const rivalName = source?.competitor ?? (rival !== -1 ? competitorAt(rival) : undefined);
  const first = rival !== -1 ? rival : i;
  const text = rivalName !== undefined ? `Says ${rivalName} offers a better deal` : 'Has a better offer from another provider';
  return switchTo(text, first, source?.last ?? deal, i, { negation: true, subject: false });
}

/** The rival making an offer, left of the verb in its clause: a competitor, a brand, "they". */
function rivalBefore({ utterance, isCompetitor }: DetectorInput, verb: number): number {
  const clause = clauseOf(utterance, verb);
  for (let j = verb - 1; j >= clause.first; j--) {
    const token = utterance.tokens[j]!;
    if (isCompetitor(j) || ['they', 'them', 'company', 'provider', 'carrier', 'competitor', 'competitors'].includes(token.word)) {
      let first = j;
      while (isCompetitor(first - 1)) first--;
      return isCompetitor(j) ? first : j;
    }
    // wink tags "I'm" PROPN; a brand is a capitalised word that is no pronoun.
    if (token.pos === 'PROPN' && /^\p{Lu}/u.test(token.value) && !FIRST_PERSON_SUBJECTS.has(token.word) && !SECOND_PERSON.has(token.word)) {
      return j;
    }
  }
  return -1;
}

/** "Verizon is cheaper", "T-Mobile's way better". */
function competitorCheaper(input: DetectorInput, _token: UtteranceToken, i: number): Detection | null {
  const { utterance, isCompetitor, competitorAt } = input;
  if (!isCompetitor(i) || isCompetitor(i + 1)) return null;
  let j = i + 1;
  if (!["is", "'s", 'are', 'was'].includes(wordAt(utterance, j))) return null;
  j++;
  while (INTENSIFIERS.has(wordAt(utterance, j)) || wordAt(utterance, j) === 'much') j++;
  if (!BETTER_WORDS.has(wordAt(utterance, j)) || !sameClause(utterance, i, j)) return null;
  let first = i;
  while (isCompetitor(first - 1) && competitorAt(first - 1) === competitorAt(i)) first--;
  return switchTo(`Says ${competitorAt(i)!} is ${wordAt(utterance, j)}`, first, j, first, { negation: true, subject: false });
}

/** "shopping around", "looking at other providers", "checking out Starlink". */
function shoppingAround(input: DetectorInput, token: UtteranceToken, i: number): Detection | null {
  const { utterance } = input;
  if (!SHOPPING_VERBS.has(token.word) && !SHOPPING_VERBS.has(token.lemma)) return null;
  if (['shop', 'shopping'].includes(token.word) && wordAt(utterance, i + 1) === 'around') {
    return switchTo('Shopping around for another provider', i, i + 1);
  }
  let j = i + 1;
  if (['at', 'into', 'around', 'out'].includes(wordAt(utterance, j))) j++;
  const target = targetAt(input, j);
  if (target !== null && target.kind !== 'elsewhere') {
    const text = target.competitor !== undefined ? `Looking at ${target.competitor}` : 'Looking at other providers';
    return switchTo(text, i, target.last);
  }
  // "looking at other options": options only count when shopping, not when switching.
  if (OTHER_WORDS.has(wordAt(utterance, j)) && ['options', 'deals', 'offers'].includes(wordAt(utterance, j + 1))) {
    return switchTo('Looking at other providers', i, j + 1);
  }
  return null;
}

/** "I'm getting Starlink", "going with Verizon", "signed up with T-Mobile". */
function goingWithCompetitor(input: DetectorInput, token: UtteranceToken, i: number): Detection | null {
  const { utterance, isCompetitor, competitorAt } = input;
  if (!['get', 'order', 'buy', 'try', 'choose', 'pick', 'join'].includes(token.lemma)) return null;
  let j = i + 1;
  if (['with', 'for'].includes(wordAt(utterance, j))) j++;
  if (!isCompetitor(j)) return null;
  let last = j;
  while (isCompetitor(last + 1) && competitorAt(last + 1) === competitorAt(j)) last++;
  return switchTo(`Plans to go with ${competitorAt(j)!}`, i, last);
}

/** "take my business elsewhere", "take my business to Cox". */
function takeBusinessElsewhere(input: DetectorInput, token: UtteranceToken, i: number): Detection | null {
  const { utterance } = input;
  if (token.lemma !== 'take' || wordAt(utterance, i + 2) !== 'business') return null;
  const at = wordAt(utterance, i + 3) === 'to' ? i + 4 : i + 3;
  const target = targetAt(input, at);
  return target === null ? null : switchTo(switchText(target), i, target.last);
}

// --- what leaving would cost --------------------------------------------------------------------

/**
 * "early termination fee", "cancellation penalty", "exit fee", "ETF". Asking the price of leaving
 * usually comes before leaving, so it is a signal, weaker than an intent (see the weights).
 */
export function detectCancellationInquiries({ utterance }: DetectorInput): Detection[] {
  const detections: Detection[] = [];
  utterance.tokens.forEach((token, i) => {
    if (token.word === 'etf' || token.word === 'etfs' || token.word === 'buyout') {
      detections.push(inquiry('Asks about the early termination fee', i, i));
      return;
    }
    if (!EXIT_WORDS.has(token.word) || token.word === 'early' || token.word === 'break') return;
    // "early termination fee", "cancellation fees", "exit charges": a fee word within two words.
    for (let j = i + 1; j <= i + 2 && sameClause(utterance, i, j); j++) {
      if (FEE_WORDS.has(wordAt(utterance, j)) && wordAt(utterance, j) !== 'owe') {
        const first = wordAt(utterance, i - 1) === 'early' ? i - 1 : i;
        detections.push(inquiry('Asks about the early termination fee', first, j));
        return;
      }
    }
  });
  return detections;
}

const inquiry = (text: string, first: number, last: number): Detection => ({
  code: 'cancellation_inquiry',
  text,
  first,
  last,
  head: first,
  checks: ALL_CHECKS,
});
