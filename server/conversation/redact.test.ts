import { describe, expect, it } from 'vitest';
import { isIssuableSsn, passesLuhn, redactSensitive } from './redact';

// --- helpers ---------------------------------------------------------------------------------

const WORD_DIGITS: Record<string, string> = {
  zero: '0', oh: '0', o: '0', nought: '0', one: '1', two: '2', three: '3', four: '4', five: '5',
  six: '6', seven: '7', eight: '8', nine: '9', niner: '9', ten: '10', eleven: '11', twelve: '12',
  thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16', seventeen: '17', eighteen: '18',
  nineteen: '19', twenty: '2', thirty: '3', forty: '4', fifty: '5', sixty: '6', seventy: '7',
  eighty: '8', ninety: '9',
};

/**
 * Every digit the text still carries, numerals and number words alike, written independently of
 * the code under test so a bug there cannot hide itself. "double four" counts as 44; a tens word
 * counts its first digit only, which can only make a leak look shorter, never hide it.
 */
function digitsLeftIn(text: string): string {
  const tokens = text.toLowerCase().match(/\d+|[a-z]+/g) ?? [];
  let digits = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (/^\d/.test(token)) digits += token;
    else if ((token === 'double' || token === 'triple') && WORD_DIGITS[tokens[i + 1] ?? ''] !== undefined) {
      digits += WORD_DIGITS[tokens[i + 1]!]!.repeat(token === 'double' ? 2 : 3);
      i += 1;
    } else if (WORD_DIGITS[token] !== undefined) digits += WORD_DIGITS[token];
  }
  return digits;
}

/** The secret, or any five digits of it in a row, must not be readable in the output. */
function expectNoTrace(output: string, secret: string): void {
  const left = digitsLeftIn(output);
  if (secret.length <= 4) {
    expect(left, `"${output}" still carries ${secret}`).not.toContain(secret);
    return;
  }
  for (let i = 0; i + 5 <= secret.length; i++) {
    const fragment = secret.slice(i, i + 5);
    expect(left, `"${output}" still carries ${fragment} of ${secret}`).not.toContain(fragment);
  }
}

/** mulberry32: a tiny seeded generator, so the property test fails the same way every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function luhnCheckDigit(body: string): string {
  for (let digit = 0; digit <= 9; digit++) if (passesLuhn(`${body}${digit}`)) return String(digit);
  throw new Error('unreachable: one of ten check digits always passes');
}

const UNIT_NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEEN_NAMES = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS_NAMES = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

const groupsOf = (digits: string, sizes: number[]) => {
  const groups: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    groups.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) groups.push(digits.slice(at));
  return groups;
};
const inFours = (digits: string) => groupsOf(digits, Array<number>(5).fill(4));
const sayDigit = (digit: string, zero: 'zero' | 'oh') => (digit === '0' ? zero : UNIT_NAMES[Number(digit)]!);
/** "41" → "forty one", "11" → "eleven", "05" → "oh five", "40" → "forty". */
const sayPair = (pair: string) => {
  const [tens, unit] = [Number(pair[0]), Number(pair[1])];
  if (tens === 0) return `oh ${sayDigit(pair[1]!, 'oh')}`;
  if (tens === 1) return TEEN_NAMES[unit]!;
  return unit === 0 ? TENS_NAMES[tens]! : `${TENS_NAMES[tens]!} ${UNIT_NAMES[unit]!}`;
};

/** The ways a card number reaches us: typed in a chat, or read out and transcribed. */
const CARD_WRITINGS: Record<string, (digits: string, random: () => number) => string> = {
  contiguous: (d) => d,
  spacedInFours: (d) => inFours(d).join(' '),
  hyphenatedInFours: (d) => inFours(d).join('-'),
  amexStyle: (d) => groupsOf(d, [4, 6, 5]).join(' '),
  commaPausesFromSpeechToText: (d) => inFours(d).join(', '),
  spokenDigitByDigit: (d) => [...d].map((digit) => sayDigit(digit, 'zero')).join(' '),
  spokenWithOhAndPauses: (d) => inFours(d).map((g) => [...g].map((digit) => sayDigit(digit, 'oh')).join(' ')).join(', '),
  spokenWithDoubles: (d) => {
    const words: string[] = [];
    for (let i = 0; i < d.length; i++) {
      if (d[i] === d[i + 1]) {
        words.push(`double ${sayDigit(d[i]!, 'oh')}`);
        i += 1;
      } else words.push(sayDigit(d[i]!, 'oh'));
    }
    return words.join(' ');
  },
  // A lone first digit, then pairs: "four, eleven, eleven ..." as some callers read a card.
  spokenInPairs: (d) => {
    const head = d.length % 2 === 1 ? [sayDigit(d[0]!, 'oh')] : [];
    const pairs = groupsOf(d.slice(head.length), Array<number>(10).fill(2));
    return [...head, ...pairs.map(sayPair)].join(', ');
  },
  mixedNumeralsAndWords: (d, random) =>
    inFours(d)
      .map((g) => (random() < 0.5 ? g : [...g].map((digit) => sayDigit(digit, 'oh')).join(' ')))
      .join(' '),
};

const SENTENCES = [
  (card: string) => `My card number is ${card}.`,
  (card: string) => `yeah it's ${card} okay`,
  (card: string) => card,
  (card: string) => `Sure, the Visa is ${card}, expiry is next year.`,
  (card: string) => `um let me get it, ${card}, did you get that?`,
  (card: string) => `Oh, okay, it's ${card}`,
];

// Real issuer prefixes, so the test cards look like the ones callers read.
const ISSUER_PREFIXES = ['4', '51', '55', '2221', '2720', '34', '37', '6011', '65', '35', '62', '36', '300'];

// --- Luhn and SSN rules ----------------------------------------------------------------------

describe('passesLuhn', () => {
  it.each(['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '30569309025904', '4222222222222'])(
    'accepts the published test card %s',
    (digits) => expect(passesLuhn(digits)).toBe(true),
  );

  it.each(['4111111111111112', '1234567890123456', '5555555555554445'])('rejects %s', (digits) => {
    expect(passesLuhn(digits)).toBe(false);
  });

  it('rejects anything that is not all digits', () => {
    expect(passesLuhn('4111 1111 1111 1111')).toBe(false);
    expect(passesLuhn('')).toBe(false);
  });
});

describe('isIssuableSsn', () => {
  it.each(['123456789', '078051120', '219099999', '899991234'])('accepts %s', (digits) => {
    expect(isIssuableSsn(digits)).toBe(true);
  });

  it.each([
    ['000123456', 'area 000'],
    ['666123456', 'area 666'],
    ['900123456', 'area 900–999'],
    ['999123456', 'area 900–999'],
    ['123004567', 'group 00'],
    ['123450000', 'serial 0000'],
  ])('rejects %s (%s)', (digits) => {
    expect(isIssuableSsn(digits)).toBe(false);
  });
});

// --- what must be masked ---------------------------------------------------------------------

describe('redactSensitive masks payment cards', () => {
  it.each([
    ['My card number is 4111 1111 1111 1111.', 'My card number is [card ending 1111].'],
    ['sure, it is 4111-1111-1111-1111 expiring 12/26', 'sure, it is [card ending 1111] expiring 12/26'],
    ['4111111111111111', '[card ending 1111]'],
    ['Mastercard 5555 5555 5555 4444 please', 'Mastercard [card ending 4444] please'],
    ['it’s an Amex, 3782 822463 10005', 'it’s an Amex, [card ending 0005]'],
    ['Diners Club: 3056 9309 0259 04', 'Diners Club: [card ending 5904]'],
    ['old thirteen-digit Visa 4222222222222 still works?', 'old thirteen-digit Visa [card ending 2222] still works?'],
    ['Discover 6011111111111117.', 'Discover [card ending 1117].'],
    ['4111, 1111, 1111, 1111.', '[card ending 1111].'],
    ['It’s 4111. 1111. 1111. 1111. Did you get that?', 'It’s [card ending 1111]. Did you get that?'],
    ['card4111111111111111', 'card[card ending 1111]'],
  ])('written: %s', (input, expected) => {
    const result = redactSensitive(input);
    expect(result.text).toBe(expected);
    expect(result.redactions.map((r) => r.kind)).toEqual(['card']);
  });

  it.each([
    [
      "It's a Visa, four one one one one one one one one one one one one one one one.",
      "It's a Visa, [card ending 1111].",
    ],
    ['five five five five, five five five five, five five five five, four four four four', '[card ending 4444]'],
    ['four double one one, one one one one, one one one one, one one one one', '[card ending 1111]'],
    ['forty one eleven, eleven eleven, eleven eleven, eleven eleven', '[card ending 1111]'],
    ['three seven eight two, eight two two four, six three one, oh oh oh five', '[card ending 0005]'],
    ['three seven eight two eight two two four six three one double oh oh five', '[card ending 0005]'],
    ['Okay so it’s four one one one uh one one one one um one one one one one one one one', 'Okay so it’s [card ending 1111]'],
    ['it is 4111 1111 one one one one 1111', 'it is [card ending 1111]'],
    ['six oh one one, one one one one, one one one one, one one one seven', '[card ending 1117]'],
    ['Four One One One One One One One One One One One One One One One', '[card ending 1111]'],
    ['Oh, it’s 4111 1111 1111 1111', 'Oh, it’s [card ending 1111]'],
  ])('spoken: %s', (input, expected) => {
    const result = redactSensitive(input);
    expect(result.text).toBe(expected);
    expect(result.redactions[0]?.kind).toBe('card');
  });

  it('masks two cards read one after the other', () => {
    const result = redactSensitive('either 4111 1111 1111 1111 or 5555 5555 5555 4444');
    expect(result.text).toBe('either [card ending 1111] or [card ending 4444]');
    expect(result.redactions).toHaveLength(2);
  });

  it('masks a misheard card (fails Luhn) when the caller just said it is a card', () => {
    // One wrong digit from speech-to-text must not let the other fifteen through.
    const result = redactSensitive('my credit card number is 4111 1111 1111 1112');
    expect(result.text).toBe('my credit card number is [card ending 1112]');
    expectNoTrace(result.text, '4111111111111112');
  });

  it('keeps nothing of a card but its last four digits', () => {
    const inputs = [
      'My card number is 4111 1111 1111 1111 thanks',
      'five five five five, five five five five, five five five five, four four four four',
      'it’s an Amex, 3782 822463 10005',
    ];
    const secrets = ['4111111111111111', '5555555555554444', '378282246310005'];
    inputs.forEach((input, i) => {
      const { text } = redactSensitive(input);
      expectNoTrace(text, secrets[i]!);
      expect(digitsLeftIn(text)).toBe(secrets[i]!.slice(-4));
    });
  });
});

describe('redactSensitive masks security codes', () => {
  it.each([
    ['4111 1111 1111 1111 737', '[card ending 1111] [security code]'],
    ['card is 4111 1111 1111 1111 and the security code is 737', 'card is [card ending 1111] and the security code is [security code]'],
    ['5555555555554444, exp 04/27, code 321', '[card ending 4444], exp 04/27, code [security code]'],
    ['four one one one one one one one one one one one one one one one, seven three seven', '[card ending 1111], [security code]'],
    ['cvv 737', 'cvv [security code]'],
    ['CVC: 1234', 'CVC: [security code]'],
    ['the CVV2 is 737', 'the CVV2 is [security code]'],
    ['security code is seven three seven', 'security code is [security code]'],
    ['the three digits on the back are seven three seven', 'the three digits on the back are [security code]'],
    ['the 3 digit code on the back is 737, I think', 'the 3 digit code on the back is [security code], I think'],
    ['on the back of the card it says 737', 'on the back of the card it says [security code]'],
    ['the card verification value? Sure, it’s 4 2 1 3', 'the card verification value? Sure, it’s [security code]'],
    ['and the CVV is three hundred twenty one', 'and the CVV is [security code]'],
    ['The four digit code on the front of my Amex is 1234.', 'The four digit code on the front of my Amex is [security code].'],
  ])('%s', (input, expected) => {
    const result = redactSensitive(input);
    expect(result.text).toBe(expected);
    expect(result.redactions.some((r) => r.kind === 'security_code')).toBe(true);
  });

  it('masks a bare code answered to the question in the previous turn', () => {
    const previousTurn = 'Thank you. And the three digit security code on the back?';
    expect(redactSensitive('737', { previousTurn }).text).toBe('[security code]');
    expect(redactSensitive('Sure, it’s seven three seven.', { previousTurn }).text).toBe('Sure, it’s [security code].');
  });

  it('masks a bare code sent right after the turn with the card', () => {
    const previousTurn = redactSensitive('4111 1111 1111 1111').text;
    expect(redactSensitive('737', { previousTurn }).text).toBe('[security code]');
  });

  it('leaves a bare three-digit number alone without such a turn before it', () => {
    expect(redactSensitive('737').text).toBe('737');
    expect(redactSensitive('737', { previousTurn: 'Which plan are you on?' }).text).toBe('737');
  });

  it('does not take an amount, a date or an order number after a card for its code', () => {
    expect(redactSensitive('My card 4111 1111 1111 1111 was charged $129 last month').text).toBe(
      'My card [card ending 1111] was charged $129 last month',
    );
    expect(redactSensitive('card 4111 1111 1111 1111, and my order number is 4567').text).toBe(
      'card [card ending 1111], and my order number is 4567',
    );
    expect(redactSensitive('I got the card 4111 1111 1111 1111 back in 2019').text).toBe(
      'I got the card [card ending 1111] back in 2019',
    );
    expect(redactSensitive('4111 1111 1111 1111 expires 12/2027').text).toBe('[card ending 1111] expires 12/2027');
  });
});

describe('redactSensitive masks national ids', () => {
  it.each([
    ['my SSN is 123-45-6789', 'my SSN is [SSN ending 6789]', '123456789'],
    ['It’s 123 45 6789.', 'It’s [SSN ending 6789].', '123456789'],
    ['social security number 219099999 for the credit check', 'social security number [SSN ending 9999] for the credit check', '219099999'],
    ['my social is one two three four five six seven eight nine', 'my social is [SSN ending 6789]', '123456789'],
    ['SSN: 078 05 1120', 'SSN: [SSN ending 1120]', '078051120'],
    ['it’s 123456789, that’s my social', 'it’s [SSN ending 6789], that’s my social', '123456789'],
    ['my social security is oh seven eight, oh five, one one two oh', 'my social security is [SSN ending 1120]', '078051120'],
  ])('US SSN: %s', (input, expected, secret) => {
    const result = redactSensitive(input);
    expect(result.text).toBe(expected);
    expect(result.redactions.map((r) => r.kind)).toEqual(['national_id']);
    expectNoTrace(result.text, secret);
  });

  it.each([
    ['my national insurance number is AB 12 34 56 C', 'my national insurance number is [NI number ending 456C]'],
    ['NI number: AB123456C', 'NI number: [NI number ending 456C]'],
    ['It is JG 10 37 23 A.', 'It is [NI number ending 723A].'],
    ['national insurance a b one two three four five six c', 'national insurance [NI number ending 456C]'],
    ['my NI number is ab 12 34 56', 'my NI number is [NI number ending 456]'],
  ])('UK National Insurance number: %s', (input, expected) => {
    const result = redactSensitive(input);
    expect(result.text).toBe(expected);
    expect(result.redactions.map((r) => r.kind)).toEqual(['national_id']);
  });
});

describe('redactSensitive reports where each mask is', () => {
  it('gives the offsets of every mask in the redacted text', () => {
    const result = redactSensitive('card 4111 1111 1111 1111 cvv 737, SSN 123-45-6789');
    expect(result.text).toBe('card [card ending 1111] cvv [security code], SSN [SSN ending 6789]');
    expect(result.redactions.map((r) => [r.kind, result.text.slice(r.start, r.end)])).toEqual([
      ['card', '[card ending 1111]'],
      ['security_code', '[security code]'],
      ['national_id', '[SSN ending 6789]'],
    ]);
  });

  it('reports nothing for text without anything sensitive', () => {
    expect(redactSensitive('Hi, I have a question about my bill.')).toEqual({
      text: 'Hi, I have a question about my bill.',
      redactions: [],
    });
  });
});

// --- what must be left alone -----------------------------------------------------------------

describe('redactSensitive leaves ordinary text unchanged', () => {
  it.each([
    // phone numbers
    'Call me back at 415-555-2671 after 5 pm.',
    'My number is +1 212 736 5000.',
    'You can reach me on (415) 555-2671, extension 204.',
    'Call 1-800-555-0199 for billing.',
    'my mobile is 07700 900123',
    'The London office is +44 20 7946 0958.',
    'Can you call me at four one five, five five five, two six seven one?',
    // order, account, ticket and tracking numbers
    'My order number is 12345678 and it still hasn’t shipped.',
    'The order 40012345 arrived damaged.',
    'My account number is 1234 5678 9012 3456.',
    'my account number is 1234',
    'Account 9876543210 is the one on the letter.',
    'Ticket 123-456-789 was closed without a fix.',
    'Ref: 2023-0456-7890',
    'The tracking number is 1Z999AA10123456784.',
    // amounts
    'I was charged $1,234.56 instead of $123.45.',
    'I pay 84 dollars a month for 200 megabits.',
    'It costs 129 dollars, that is 15% more than last year.',
    'I want to pay 50 now and 50 on the 15th.',
    'The bill says £1,299.00 which is wrong',
    // dates, years, times
    'It was on 03/15/2024 at 10:30 in the morning.',
    'My bill dated 2024-03-15 shows 3 late fees.',
    'I’ve been a customer since 1998, that’s 26 years.',
    'My date of birth is 12/04/1985.',
    'Between 9 and 5, Monday to Friday.',
    // other numbers and number words
    'Flight UA 1234 lands at 6:45.',
    'My zip code is 94105.',
    'The router is an XR500 on firmware 2.4.1.',
    'I called three times last week and twice on Monday.',
    'Oh, okay, one moment please.',
    'I have two lines, one for me and one for my daughter.',
    'The last four of my card are 1111.',
    'I’m 45 years old and I have been waiting 40 minutes.',
    // SSN-shaped numbers the SSA never issues, and an NI-like string with a bad prefix
    'the form shows 000-12-3456',
    'the form shows 666-12-3456',
    'the form shows 900-12-3456',
    'the form shows 123-00-4567',
    'the form shows 123-45-0000',
    'QQ 12 34 56 C is only the example on the HMRC form',
    'nine digits with no cue: 123456789',
  ])('%s', (input) => {
    expect(redactSensitive(input)).toEqual({ text: input, redactions: [] });
  });

  it('checks that the account number in the list above really fails Luhn', () => {
    expect(passesLuhn('1234567890123456')).toBe(false);
  });
});

// --- property-style --------------------------------------------------------------------------

describe('redactSensitive on generated cards', () => {
  const random = seededRandom(20_240_611);
  const cases: { writing: string; sentence: string; expected: string; digits: string }[] = [];
  for (let i = 0; i < 600; i++) {
    const prefix = ISSUER_PREFIXES[Math.floor(random() * ISSUER_PREFIXES.length)]!;
    const length = 13 + Math.floor(random() * 7);
    let body = prefix;
    while (body.length < length - 1) body += String(Math.floor(random() * 10));
    const digits = `${body}${luhnCheckDigit(body)}`;
    const writingNames = Object.keys(CARD_WRITINGS);
    const writing = writingNames[i % writingNames.length]!;
    const written = CARD_WRITINGS[writing]!(digits, random);
    const inSentence = SENTENCES[Math.floor(random() * SENTENCES.length)]!;
    cases.push({ writing, sentence: inSentence(written), expected: inSentence(`[card ending ${digits.slice(-4)}]`), digits });
  }

  it('generates valid cards in every writing', () => {
    expect(cases.every((c) => passesLuhn(c.digits))).toBe(true);
    expect(new Set(cases.map((c) => c.writing)).size).toBe(Object.keys(CARD_WRITINGS).length);
  });

  it('leaves no card readable, in any writing or sentence', () => {
    const leaks: string[] = [];
    for (const { writing, sentence, expected } of cases) {
      const { text } = redactSensitive(sentence);
      // Exactly the sentence with the mask in place of the card: nothing of it left around the mask.
      if (text !== expected) leaks.push(`${writing}: "${sentence}" → "${text}"`);
    }
    expect(leaks).toEqual([]);
  });
});
