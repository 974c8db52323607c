import { describe, expect, it } from 'vitest';
import { readUtterance, withinOneEdit, type ClauseRole } from './utterance';

const words = (text: string) => readUtterance(text).tokens.map((token) => token.word);
const roleOf = (text: string, word: string): ClauseRole => {
  const utterance = readUtterance(text);
  const token = utterance.tokens.find((candidate) => candidate.word === word || candidate.lemma === word);
  if (token === undefined) throw new Error(`no "${word}" in "${text}"`);
  return utterance.clauses[token.clause]!.role;
};

describe('readUtterance', () => {
  it('gives each token its exact offsets, emoji and curly apostrophes included', () => {
    const text = '😡 I don’t want   to CANCEL… 👍🏽 ok';
    const utterance = readUtterance(text);
    for (const token of utterance.tokens) expect(text.slice(token.start, token.end)).toBe(token.value);
    expect(utterance.tokens.find((token) => token.word === 'cancel')?.value).toBe('CANCEL');
    // The curly apostrophe is read as "n't" → "not", and reported as written.
    expect(utterance.tokens.find((token) => token.word === 'not')?.value).toBe('n’t');
  });

  it('keeps hyphenated words whole', () => {
    expect(words('cancel the add-on from T-Mobile')).toEqual(['cancel', 'the', 'add-on', 'from', 't-mobile']);
  });

  it('lemmatises and corrects misspellings of the trigger words only', () => {
    const lemmas = readUtterance('cancelled cancelling cancell cancle accounmt cancer').tokens.map((token) => token.lemma);
    expect(lemmas).toEqual(['cancel', 'cancel', 'cancel', 'cancel', 'account', 'cancer']);
    expect(words('cancelation')).toEqual(['cancellation']);
  });

  it('has no tokens for empty text', () => {
    expect(readUtterance('').tokens).toEqual([]);
    expect(readUtterance('').clauses).toEqual([]);
  });
});

describe('clauses', () => {
  it('marks a condition and what follows from it', () => {
    expect(roleOf("if this isn't fixed, I'll cancel", 'fixed')).toBe('condition');
    expect(roleOf("if this isn't fixed, I'll cancel", 'cancel')).toBe('consequence');
    expect(roleOf("I'll cancel unless you fix it", 'cancel')).toBe('consequence');
    expect(roleOf('fix it or else I cancel', 'cancel')).toBe('consequence');
  });

  it('ends a condition at a new subject when speech has no commas', () => {
    expect(roleOf('if this isnt fixed im cancelling', 'cancel')).toBe('consequence');
    expect(roleOf('if I cancel will I pay a fee', 'cancel')).toBe('condition');
  });

  it('reads "one more … and I\'m gone" as a condition', () => {
    expect(roleOf("one more outage and I'm cancelling", 'outage')).toBe('condition');
    expect(roleOf("one more outage and I'm cancelling", 'cancel')).toBe('consequence');
  });

  it('does not take "even if" for a condition, nor "and"/"or" between nouns for a clause', () => {
    expect(roleOf("I'm cancelling even if it costs me", 'cancel')).toBe('main');
    const utterance = readUtterance('Verizon or AT&T and Cox');
    expect(utterance.clauses).toHaveLength(1);
  });
});

describe('withinOneEdit', () => {
  it.each([
    ['cancel', 'cancel', true],
    ['cancell', 'cancel', true], // insertion
    ['cancl', 'cancel', true], // deletion
    ['cancek', 'cancel', true], // substitution
    ['cancle', 'cancel', true], // adjacent swap
    ['cnacle', 'cancel', false],
    ['canceled', 'cancel', false],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
  });
});
