// Reads the digits out of text as speech-to-text writes it: numerals ("4111"), number words
// ("four one one one", "forty-one eleven", "three hundred and twenty one"), "oh" for zero and
// "double"/"triple" repeats, in any mix. Redaction needs this because a card number read aloud
// arrives as words, and masking only numerals would let it through.
//
// Hand-written rather than a words-to-numbers package: those parse quantities ("one hundred
// twenty" → 120) and would turn "four one one one" into 7, while a card is read digit by digit.
// What we need is a small, predictable tokenizer whose every rule is tested here.

/** A stretch of the text that stands for one or more digits. */
export interface DigitPiece {
  digits: string;
  start: number;
  end: number;
  /** Written as words rather than numerals. */
  spoken: boolean;
  /**
   * "oh" / "o" on their own: zero inside a number, but also an interjection ("Oh, I see"), so a
   * run of digits may drop it from its start.
   */
  ambiguousZero: boolean;
}

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  isNumeral: boolean;
}

// Letters and digits split apart ("cvv123" → "cvv", "123"): identifiers glued to letters are
// still read, which errs towards masking. Apostrophes stay inside words ("o'clock", "it's").
const TOKEN_PATTERN = /\d+|\p{L}+(?:['’]\p{L}+)*/gu;

const UNIT_WORDS: Record<string, number> = {
  zero: 0,
  oh: 0,
  o: 0,
  nought: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  niner: 9,
};
const AMBIGUOUS_ZERO_WORDS = new Set(['oh', 'o']);
const TEEN_WORDS: Record<string, number> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS_WORDS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const REPEAT_WORDS: Record<string, number> = { double: 2, triple: 3 };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    const start = match.index;
    tokens.push({
      text: match[0],
      lower: match[0].toLowerCase(),
      start,
      end: start + match[0].length,
      isNumeral: /^\d/.test(match[0]),
    });
  }
  return tokens;
}

function unitOf(token: Token | undefined): number | undefined {
  return token === undefined ? undefined : UNIT_WORDS[token.lower];
}

/**
 * Parses the number phrase that starts at tokens[index], if any. Digit-by-digit reading stays
 * digit by digit ("four one" is 4 then 1, two pieces); only the forms people use for groups are
 * combined: tens + unit ("forty one" → 41), repeats ("double four" → 44) and hundreds
 * ("three hundred and twenty one" → 321, "forty one hundred" → 4100).
 */
function parseSpokenNumber(
  text: string,
  tokens: Token[],
  index: number,
): { digits: string; nextIndex: number } | undefined {
  const first = tokens[index];
  if (first === undefined || first.isNumeral) return undefined;
  // Words of one phrase are separated by spaces or a hyphen ("forty-one"), nothing else: a comma
  // is a pause between groups, and "forty, one" is read as 40 then 1.
  const joined = (left: number) => {
    const a = tokens[left];
    const b = tokens[left + 1];
    return a !== undefined && b !== undefined && /^[ \t]*-?[ \t]*$/.test(text.slice(a.end, b.start)) && a.end < b.start;
  };
  const next = (offset: number) => (joined(index + offset - 1) ? tokens[index + offset] : undefined);

  const repeat = REPEAT_WORDS[first.lower];
  if (repeat !== undefined) {
    const unit = unitOf(next(1));
    return unit === undefined ? undefined : { digits: String(unit).repeat(repeat), nextIndex: index + 2 };
  }

  let lead: number | undefined;
  let consumed = 1;
  const unit = UNIT_WORDS[first.lower];
  const teen = TEEN_WORDS[first.lower];
  const tens = TENS_WORDS[first.lower];
  if (unit !== undefined) {
    lead = unit;
  } else if (teen !== undefined) {
    lead = teen;
  } else if (tens !== undefined) {
    const followingToken = next(1);
    const following = unitOf(followingToken);
    const isPlainUnit = following !== undefined && following > 0 && followingToken?.lower !== 'o';
    lead = isPlainUnit ? tens + following : tens;
    consumed = isPlainUnit ? 2 : 1;
  } else {
    return undefined;
  }

  // "<lead> hundred [and] <rest>"; "oh hundred" and "zero hundred" are not said.
  const afterLead = index + consumed;
  if (lead > 0 && !AMBIGUOUS_ZERO_WORDS.has(first.lower) && next(consumed)?.lower === 'hundred') {
    let cursor = afterLead + 1;
    if (joined(cursor - 1) && tokens[cursor]?.lower === 'and' && joined(cursor)) cursor += 1;
    const rest = joined(cursor - 1) ? parseHundredsRemainder(tokens, cursor, joined) : undefined;
    const remainder = rest?.value ?? 0;
    return {
      digits: `${lead}${String(remainder).padStart(2, '0')}`,
      nextIndex: rest === undefined ? afterLead + 1 : rest.nextIndex,
    };
  }
  return { digits: String(lead), nextIndex: afterLead };
}

/** The 1..99 after "hundred": "twenty one", "twelve", "five". */
function parseHundredsRemainder(
  tokens: Token[],
  index: number,
  joined: (left: number) => boolean,
): { value: number; nextIndex: number } | undefined {
  const token = tokens[index];
  if (token === undefined || token.isNumeral) return undefined;
  const teen = TEEN_WORDS[token.lower];
  if (teen !== undefined) return { value: teen, nextIndex: index + 1 };
  const tens = TENS_WORDS[token.lower];
  if (tens !== undefined) {
    const unit = joined(index) ? unitOf(tokens[index + 1]) : undefined;
    return unit !== undefined && unit > 0
      ? { value: tens + unit, nextIndex: index + 2 }
      : { value: tens, nextIndex: index + 1 };
  }
  const unit = UNIT_WORDS[token.lower];
  if (unit !== undefined && unit > 0) return { value: unit, nextIndex: index + 1 };
  return undefined;
}

/** Every stretch of the text that stands for digits, in order, numerals and words alike. */
export function findDigitPieces(text: string): DigitPiece[] {
  const tokens = tokenize(text);
  const pieces: DigitPiece[] = [];
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index]!;
    if (token.isNumeral) {
      pieces.push({ digits: token.text, start: token.start, end: token.end, spoken: false, ambiguousZero: false });
      index += 1;
      continue;
    }
    const spoken = parseSpokenNumber(text, tokens, index);
    if (spoken === undefined) {
      index += 1;
      continue;
    }
    const last = tokens[spoken.nextIndex - 1]!;
    pieces.push({
      digits: spoken.digits,
      start: token.start,
      end: last.end,
      spoken: true,
      ambiguousZero: spoken.nextIndex === index + 1 && AMBIGUOUS_ZERO_WORDS.has(token.lower),
    });
    index = spoken.nextIndex;
  }
  return pieces;
}

/** A number as it was said or written: pieces close enough together to be one. */
export interface DigitRun {
  pieces: DigitPiece[];
}

// Hesitations speech-to-text keeps in the middle of a number being read out.
const FILLER_WORDS = /\b(?:uh|uhm|um|umm|er|erm|ah|hmm)\b/giu;

/**
 * Whether two neighbouring pieces belong to one number. Numerals join only across the ways card
 * and id numbers are written and read back: a space, a hyphen, or ", " / ". " where speech-to-text
 * punctuated a pause ("4111, 1111, ..."). "1,234.56", "10:30" and "12/26" stay apart, so amounts,
 * times and dates never merge into something longer. Once words are involved, the text between
 * is allowed to be pause punctuation and fillers ("four one, uh, one one").
 */
function piecesJoin(text: string, left: DigitPiece, right: DigitPiece): boolean {
  const gap = text.slice(left.end, right.start);
  if (!left.spoken && !right.spoken) return /^(?:\s+|\s*[-–]\s*|[,.]\s+)$/u.test(gap);
  if (gap.length > 24) return false;
  return /^[\s,.\-–—]*$/u.test(gap.replace(FILLER_WORDS, ''));
}

/**
 * Groups the pieces into runs. A leading "oh" followed by punctuation ("Oh, it's 4111 ...") is an
 * interjection, not a zero, and is left out of the run.
 */
export function groupDigitRuns(text: string, pieces: readonly DigitPiece[]): DigitRun[] {
  const runs: DigitRun[] = [];
  let current: DigitPiece[] = [];
  const close = () => {
    while (current.length > 1 && current[0]!.ambiguousZero && /[,.!?;:]/.test(text.slice(current[0]!.end, current[1]!.start))) {
      current.shift();
    }
    if (current.length > 0) runs.push({ pieces: current });
    current = [];
  };
  for (const piece of pieces) {
    const previous = current.at(-1);
    if (previous !== undefined && !piecesJoin(text, previous, piece)) close();
    current.push(piece);
  }
  close();
  return runs;
}

export function digitsOfPieces(pieces: readonly DigitPiece[]): string {
  return pieces.map((piece) => piece.digits).join('');
}
