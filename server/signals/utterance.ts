// One customer utterance read once by wink-nlp and laid out for the signal detectors: tokens with
// their character offsets (so every detection can name the exact words), lemmas, part of speech,
// wink's negation scope, sentences, and the clauses inside each sentence (conditions, contrasts).
//
// wink-nlp because it is fast enough to run on every customer turn (a typical utterance reads in
// well under a tenth of a millisecond), is lossless (the document reproduces the text exactly, so
// offsets are exact), and gives negation scope and lemmas without a model download at run time.
import winkNLP, { type ItsFunction, type PartOfSpeech } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { CLAUSE_OPENERS, CONDITION_OPENERS, FIRST_PERSON_SUBJECTS, SPELLING_TARGETS, SPELLING_VARIANTS } from './lexicon';

// Loaded once per process: building the pipeline costs tens of milliseconds, reading a turn does
// not. Named-entity recognition and sentiment are left out of the pipe; nothing here uses them.
const nlp = winkNLP(model, ['sbd', 'negation', 'pos']);
const its = nlp.its;

export interface UtteranceToken {
  readonly index: number;
  /** The text as written. */
  readonly value: string;
  /**
   * Lower case, wink's contraction expansions ("n't" → "not", "'ll" → "will"), hyphenated words
   * kept whole ("add-on", "t-mobile"), and misspellings of the trigger vocabulary corrected
   * ("cancell" → "cancel").
   */
  readonly word: string;
  /** Dictionary form of `word` ("cancelling" → "cancel", "went" → "go"). */
  readonly lemma: string;
  readonly pos: PartOfSpeech;
  /** UTF-16 offsets into the original text, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly sentence: number;
  readonly clause: number;
  /** wink-nlp marks every token after a negation word up to the next punctuation. */
  readonly inNegationScope: boolean;
  readonly isPunctuation: boolean;
}

export type ClauseRole =
  /** An ordinary statement, question or request. */
  | 'main'
  /** The condition of a conditional ("if this isn't fixed", "unless you lower it", "whether I can"). */
  | 'condition'
  /** What follows from a condition in the same sentence ("… I'll cancel", "fix it or I'm leaving"). */
  | 'consequence';

export interface Clause {
  readonly index: number;
  readonly sentence: number;
  /** Token range, both ends inclusive. */
  readonly first: number;
  readonly last: number;
  /** The conjunction that opened the clause ("but", "if", "because"), or null. */
  readonly opener: string | null;
  readonly role: ClauseRole;
}

export interface Utterance {
  readonly text: string;
  readonly tokens: readonly UtteranceToken[];
  readonly clauses: readonly Clause[];
}

interface RawToken {
  value: string;
  normal: string;
  lemma: string;
  pos: PartOfSpeech;
  start: number;
  end: number;
  sentence: number;
  inNegationScope: boolean;
  isPunctuation: boolean;
}

// Lemmatising is the costliest step of reading a turn (wink works it out from the word and its
// part of speech each time), and a contact center's vocabulary repeats from turn to turn, so
// lemmas are remembered by word and tag. Bounded, so a stream of odd tokens cannot grow it forever.
const lemmaCache = new Map<string, string>();
const MAX_CACHED_LEMMAS = 50_000;

function lemmaOf(tokens: ReturnType<ReturnType<typeof nlp.readDoc>['tokens']>, index: number, normal: string, pos: PartOfSpeech): string {
  const key = `${pos} ${normal}`;
  let lemma = lemmaCache.get(key);
  if (lemma === undefined) {
    // wink's typings declare its.lemma with an extra `addons` parameter that out() supplies itself.
    lemma = String(tokens.itemAt(index).out(its.lemma as unknown as ItsFunction<string>)).toLowerCase();
    if (lemmaCache.size >= MAX_CACHED_LEMMAS) lemmaCache.clear();
    lemmaCache.set(key, lemma);
  }
  return lemma;
}

export function readUtterance(text: string): Utterance {
  // Curly apostrophes are made straight (same length, so offsets hold): wink and the lexicon both
  // expect "don't", and phones and chat widgets type "don’t".
  const straight = text.replace(/[\u2018\u2019\u02BC]/g, "'");
  const doc = nlp.readDoc(straight);
  const tokens = doc.tokens();
  const values = tokens.out(its.value) as string[];
  const normals = tokens.out(its.normal) as string[];
  const tags = tokens.out(its.pos) as PartOfSpeech[];
  const types = tokens.out(its.type) as string[];
  const negationFlags = tokens.out(its.negationFlag) as unknown as boolean[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const sentenceSpans = doc.sentences().out(its.span) as unknown as [number, number][];

  const sentenceOf = new Array<number>(values.length).fill(0);
  sentenceSpans.forEach(([first, last], sentence) => {
    for (let i = first; i <= last; i++) sentenceOf[i] = sentence;
  });

  const raw: RawToken[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    // wink is lossless (spaces + values rebuild the text); indexOf is only a guard against a
    // future tokenizer that drops a character, so offsets can never drift past the real words.
    let start = cursor + (spaces[i]?.length ?? 0);
    if (straight.slice(start, start + value.length) !== value) {
      const found = straight.indexOf(value, cursor);
      start = found === -1 ? start : found;
    }
    const end = start + value.length;
    cursor = end;
    raw.push({
      value,
      normal: normals[i] ?? value.toLowerCase(),
      lemma: lemmaOf(tokens, i, normals[i] ?? value.toLowerCase(), tags[i] ?? 'X'),
      pos: tags[i] ?? 'X',
      start,
      end,
      sentence: sentenceOf[i] ?? 0,
      inNegationScope: negationFlags[i] === true,
      isPunctuation: types[i] === 'punctuation',
    });
  }

  const merged = mergeHyphenatedWords(raw, straight);
  const words = merged.map((token) => correctSpelling(token, doc.isOOV(token.normal)));
  const clauseOf = segmentClauses(words);
  const finalTokens: UtteranceToken[] = words.map((token, index) => ({
    index,
    value: text.slice(token.start, token.end),
    word: token.normal,
    lemma: token.lemma,
    pos: token.pos,
    start: token.start,
    end: token.end,
    sentence: token.sentence,
    clause: clauseOf.clauseIndexOfToken[index] ?? 0,
    inNegationScope: token.inNegationScope,
    isPunctuation: token.isPunctuation,
  }));
  return { text, tokens: finalTokens, clauses: clauseOf.clauses };
}

/**
 * "add-on", "T-Mobile", "port-out" come out of wink as three tokens; the lexicon and the
 * competitor list need them as one word, or "on" and "out" would read as prepositions.
 */
function mergeHyphenatedWords(raw: RawToken[], text: string): RawToken[] {
  const out: RawToken[] = [];
  for (let i = 0; i < raw.length; i++) {
    const token = raw[i]!;
    const previous = out[out.length - 1];
    const next = raw[i + 1];
    const joinsWords =
      token.value === '-' &&
      previous !== undefined &&
      next !== undefined &&
      !previous.isPunctuation &&
      !next.isPunctuation &&
      previous.end === token.start &&
      token.end === next.start &&
      previous.sentence === next.sentence;
    if (joinsWords) {
      const normal = `${previous.normal}-${next.normal}`;
      out[out.length - 1] = {
        ...previous,
        value: text.slice(previous.start, next.end),
        normal,
        lemma: normal,
        // "add-on" is tagged ADP on its last part; a compound word acts as a noun here.
        pos: previous.pos === 'VERB' ? 'VERB' : 'NOUN',
        end: next.end,
      };
      i++;
      continue;
    }
    out.push(token);
  }
  return out;
}

/**
 * Callers type fast: "cancell", "cancle", "accounmt". Only words wink does not know are corrected,
 * and only onto the small vocabulary the detectors look for, so real words ("cancer") are never
 * bent into triggers.
 */
function correctSpelling(token: RawToken, outOfVocabulary: boolean): RawToken {
  const variant = SPELLING_VARIANTS.get(token.normal);
  if (variant !== undefined) return { ...token, normal: variant.word, lemma: variant.lemma };
  if (!outOfVocabulary || token.isPunctuation || token.normal.length < 5 || !/^[a-z]+$/.test(token.normal)) {
    return token;
  }
  for (const target of SPELLING_TARGETS) {
    if (Math.abs(target.word.length - token.normal.length) > 1) continue;
    if (withinOneEdit(token.normal, target.word)) return { ...token, normal: target.word, lemma: target.lemma };
  }
  return token;
}

/** Damerau–Levenshtein distance ≤ 1: one insertion, deletion, substitution or adjacent swap. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const restA = a.slice(i);
  const restB = b.slice(i);
  if (restA.length === restB.length) {
    if (restA.slice(1) === restB.slice(1)) return true; // substitution
    return restA.length >= 2 && restA[0] === restB[1] && restA[1] === restB[0] && restA.slice(2) === restB.slice(2);
  }
  return restA.length > restB.length ? restA.slice(1) === restB : restA === restB.slice(1);
}

interface Segmentation {
  clauses: Clause[];
  clauseIndexOfToken: number[];
}

/**
 * Clauses matter because negation, conditions and past intentions stop at them: in "I'm not
 * happy, I want to cancel" the "not" has nothing to do with the cancel. A clause ends at
 * punctuation inside a sentence and before a conjunction that starts a new thought ("but",
 * "because", "if"...). Transcribed speech often has no commas, so inside a condition a new
 * first-person subject also closes it: "if this isn't fixed | I'll cancel".
 */
function segmentClauses(tokens: RawToken[]): Segmentation {
  interface Draft {
    sentence: number;
    first: number;
    last: number;
    opener: string | null;
  }
  const drafts: Draft[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const previous = tokens[i - 1];
    const next = tokens[i + 1];
    const current = drafts[drafts.length - 1];
    const opener = opensClause(token, next) ? openerName(token, previous) : null;
    const startsNewClause =
      current === undefined ||
      current.sentence !== token.sentence ||
      (previous?.isPunctuation === true && !token.isPunctuation) ||
      opener !== null ||
      closesCondition(current, token, previous, i);
    if (startsNewClause) drafts.push({ sentence: token.sentence, first: i, last: i, opener });
    else current.last = i;
  }

  const clauseIndexOfToken = new Array<number>(tokens.length).fill(0);
  drafts.forEach((draft, index) => {
    for (let i = draft.first; i <= draft.last; i++) clauseIndexOfToken[i] = index;
  });
  const isCondition = (draft: Draft) => draft.opener !== null && CONDITION_OPENERS.has(draft.opener);
  const sentencesWithCondition = new Set(drafts.filter(isCondition).map((draft) => draft.sentence));
  const clauses: Clause[] = drafts.map((draft, index) => {
    let role: ClauseRole = 'main';
    if (isCondition(draft)) role = 'condition';
    else if (sentencesWithCondition.has(draft.sentence) || draft.opener === 'or' || draft.opener === 'otherwise') {
      role = 'consequence';
    }
    return { index, sentence: draft.sentence, first: draft.first, last: draft.last, opener: draft.opener, role };
  });
  markOneMoreAndConditions(clauses, tokens);
  return { clauses, clauseIndexOfToken };
}

/** Inside a condition, a new first-person subject past its first word starts the consequence. */
function closesCondition(
  current: { first: number; opener: string | null },
  token: RawToken,
  previous: RawToken | undefined,
  index: number,
): boolean {
  return (
    current.opener !== null &&
    CONDITION_OPENERS.has(current.opener) &&
    FIRST_PERSON_SUBJECTS.has(token.normal) &&
    index > current.first + 1 &&
    previous !== undefined &&
    !WORDS_BEFORE_AN_EMBEDDED_SUBJECT.has(previous.normal)
  );
}

// "if what I pay goes up", "if that's how I cancel": the subject belongs to the condition.
const WORDS_BEFORE_AN_EMBEDDED_SUBJECT = new Set(['that', 'what', 'how', 'when', 'where', 'which', 'who', 'and', 'or', 'if']);

/**
 * "even if" concedes rather than conditions: "I'm cancelling even if it costs me" is a decision, so
 * it opens a clause (the cost is not the cancel's) that is no condition.
 */
function openerName(token: RawToken, previous: RawToken | undefined): string {
  return token.normal === 'if' && previous?.normal === 'even' ? 'even if' : token.normal;
}

function opensClause(token: RawToken, next: RawToken | undefined): boolean {
  const word = token.normal;
  if (!CLAUSE_OPENERS.has(word)) return false;
  // "or" and "and" join nouns far more often than clauses ("Verizon or AT&T"); they open a clause
  // only when a subject or "else" follows: "fix it or I'm leaving", "I'm unhappy and I want out".
  if (word === 'or' || word === 'and') {
    return next !== undefined && (next.normal === 'else' || FIRST_PERSON_SUBJECTS.has(next.normal));
  }
  // "so I'm leaving" starts a clause; "so high", "so done" intensify.
  if (word === 'so') return next !== undefined && (next.pos === 'PRON' || FIRST_PERSON_SUBJECTS.has(next.normal));
  return true;
}

/**
 * "One more outage and I'm gone" is a condition without an "if": when a sentence opens with
 * "one more" / "another", the clause before its "and <subject>" is the condition.
 */
function markOneMoreAndConditions(clauses: Clause[], tokens: RawToken[]): void {
  for (let i = 0; i + 1 < clauses.length; i++) {
    const clause = clauses[i]!;
    const following = clauses[i + 1]!;
    if (following.sentence !== clause.sentence || following.opener !== 'and') continue;
    const firstWord = tokens[clause.first]?.normal;
    const secondWord = tokens[clause.first + 1]?.normal;
    if ((firstWord === 'one' && secondWord === 'more') || firstWord === 'another') {
      clauses[i] = { ...clause, role: 'condition' };
      clauses[i + 1] = { ...following, role: 'consequence' };
    }
  }
}
