// Masks payment card numbers, card security codes and national id numbers in a transcript turn
// or chat message. Every utterance goes through here before it is stored, pushed or logged, so
// what it misses leaks everywhere at once: where a rule has to choose, it chooses to mask.
//
// Masks (one fixed, bracketed wording per kind, so agents learn to read them and nothing that
// looks like a number is left behind):
//   card            → "[card ending 1111]"       last four digits only, less than PCI DSS allows shown
//   security code   → "[security code]"          nothing kept: PCI DSS forbids storing it at all
//   US SSN          → "[SSN ending 6789]"        last four, what agents already verify callers with
//   UK NI number    → "[NI number ending 456C]"  last four characters
import {
  type DigitPiece,
  type DigitRun,
  digitsOfPieces,
  findDigitPieces,
  groupDigitRuns,
} from './spoken-digits';

export type RedactionKind = 'card' | 'security_code' | 'national_id';

export interface Redaction {
  kind: RedactionKind;
  /** Offsets of the mask in the redacted text (not the original, which is not kept). */
  start: number;
  end: number;
}

export interface RedactionContext {
  /**
   * The turn just before this one in the same conversation, either speaker, as stored (already
   * redacted). When it asked for a security code ("and the three digits on the back?") or read a
   * card out, a bare "737" at the start of this turn is the code, though nothing in it says so.
   */
  previousTurn?: string;
}

export interface RedactedText {
  text: string;
  redactions: Redaction[];
}

interface Finding {
  kind: RedactionKind;
  start: number;
  end: number;
  mask: string;
}

/** The Luhn (mod 10) check every payment card number carries in its last digit (ISO/IEC 7812-1). */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

// ISO/IEC 7812 primary account numbers are 8–19 digits; every card brand in use issues 13–19.
const CARD_MIN_DIGITS = 13;
const CARD_MAX_DIGITS = 19;
// When several spans of one run pass Luhn, prefer the lengths cards actually have, most common
// first (16: Visa, Mastercard, Discover; 15: Amex; 14: Diners; 19: some Visa, Maestro, UnionPay).
const CARD_LENGTH_PREFERENCE = [16, 15, 14, 19, 13, 18, 17];

// Cues are matched case-insensitively on the text around a number.
const CARD_CUE = /\b(?:card|visa|master\s?card|amex|american express|discover)\b/iu;
const SECURITY_CODE_CUE =
  /\b(?:security\s+code|cvv2?|cvc2?|cvn|csc|cid|card\s+verification(?:\s+(?:code|value|number))?|verification\s+(?:code|number|value)|(?:three|four|3|4)[-\s]digits?(?:\s+(?:code|number))?(?:\s+on\s+the\s+(?:back|front))?|(?:digits|code|number)\s+on\s+the\s+back|back\s+of\s+the\s+card)\b/iu;
const SECURITY_CODE_CUES = new RegExp(SECURITY_CODE_CUE.source, 'giu');
const SSN_CUE = /\b(?:social\s+security|social|ssn|ss\s+number)\b|\bss\s*#/iu;
const NI_NUMBER_CUE = /\b(?:national\s+insurance|n\.?\s?i\.?\s+(?:number|no)|nino)\b/iu;
// A number right after these words names something else (an order, a flat, a flight), so it is
// not taken for a security code just because a card was read out shortly before.
const OTHER_IDENTIFIER_BEFORE =
  /\b(?:order|ticket|case|reference|ref|extension|ext|zip|postcode|post\s+code|apartment|apt|suite|unit|flight|room|invoice|account)(?:\s+(?:number|no|is|was|it'?s|it’s))*[\s#:.-]*$/iu;
// "since 2019", "back in 2021": a year, even shortly after a card was read.
const YEAR_BEFORE = /\b(?:since|in|from|until|till|year|years)\s+$/iu;
const CURRENCY_BEFORE = /[$£€]\s*$/u;
const CURRENCY_AFTER = /^\s*(?:dollars?|bucks|cents?|pounds?|quid|euros?|usd|gbp|eur|%|percent)\b/iu;

// How far a cue may sit from the number it qualifies, in characters.
const CARD_CUE_REACH = 40;
const SECURITY_CODE_CUE_REACH = 40;
const NATIONAL_ID_CUE_REACH = 60;
// A 3–4 digit number this soon after a card read out is taken for its security code.
const SECURITY_CODE_AFTER_CARD_REACH = 80;

const digitCount = (pieces: readonly DigitPiece[]) => pieces.reduce((sum, piece) => sum + piece.digits.length, 0);
const spanOf = (pieces: readonly DigitPiece[]) => ({ start: pieces[0]!.start, end: pieces.at(-1)!.end });
const isSecurityCodeLength = (count: number) => count === 3 || count === 4;

interface CardWindow {
  from: number;
  to: number; // inclusive piece index
  digits: string;
}

/**
 * The card numbers inside a run of pieces. Every piece-aligned span of 13–19 digits passing Luhn
 * is a candidate; the whole run wins, then a span that leaves exactly a security code after it,
 * then the likeliest card length. The pieces on either side are searched again, so two cards read
 * back to back are both found.
 */
function findCardWindows(pieces: readonly DigitPiece[]): CardWindow[] {
  // Candidates are listed once (at most 7 per starting piece), so a long run of numbers costs
  // linear time here, not a rescan for every card found in it.
  const candidates: CardWindow[] = [];
  for (let start = 0; start < pieces.length; start++) {
    let digits = '';
    for (let end = start; end < pieces.length; end++) {
      digits += pieces[end]!.digits;
      if (digits.length > CARD_MAX_DIGITS) break;
      if (digits.length >= CARD_MIN_DIGITS && passesLuhn(digits)) candidates.push({ from: start, to: end, digits });
    }
  }
  const digitsBefore = [0];
  for (const piece of pieces) digitsBefore.push(digitsBefore.at(-1)! + piece.digits.length);
  const digitsBetween = (from: number, to: number) => (to < from ? 0 : digitsBefore[to + 1]! - digitsBefore[from]!);

  const pick = (from: number, to: number, inRange: CardWindow[]): CardWindow[] => {
    let best: { window: CardWindow; rank: number[] } | undefined;
    for (const window of inRange) {
      const after = digitsBetween(window.to + 1, to);
      const shape =
        window.from === from && window.to === to ? 2 : window.from === from && isSecurityCodeLength(after) ? 1 : 0;
      // Lower ranks first: shape (descending), length preference, earlier start.
      const rank = [-shape, CARD_LENGTH_PREFERENCE.indexOf(window.digits.length), window.from];
      if (best === undefined || compareRanks(rank, best.rank) < 0) best = { window, rank };
    }
    if (best === undefined) return [];
    const chosen = best.window;
    return [
      ...pick(from, chosen.from - 1, inRange.filter((w) => w.to < chosen.from)),
      chosen,
      ...pick(chosen.to + 1, to, inRange.filter((w) => w.from > chosen.to)),
    ];
  };
  return pick(0, pieces.length - 1, candidates);
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = a[i]! - b[i]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

/** SSA rules: area 000, 666 and 900–999, group 00 and serial 0000 are never issued. */
export function isIssuableSsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  return area !== 0 && area !== 666 && area < 900 && digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000';
}

/** "123-45-6789" or "123 45 6789": numerals grouped 3-2-4 with one consistent separator. */
function isWrittenLikeSsn(text: string, pieces: readonly DigitPiece[]): boolean {
  if (pieces.length !== 3 || pieces.some((piece) => piece.spoken)) return false;
  if (pieces.map((piece) => piece.digits.length).join('-') !== '3-2-4') return false;
  const firstGap = text.slice(pieces[0]!.end, pieces[1]!.start);
  const secondGap = text.slice(pieces[1]!.end, pieces[2]!.start);
  return firstGap === secondGap && (firstGap === '-' || firstGap === ' ');
}

// HMRC: the first prefix letter is never D, F, I, Q, U or V; the second never D, F, I, O, Q, U
// or V; BG, GB, KN, NK, NT, TN and ZZ are not allocated. The suffix is A–D.
const NI_PREFIX_FIRST = /^[A-CEGHJ-PR-TW-Z]$/;
const NI_PREFIX_SECOND = /^[A-CEGHJ-NPR-TW-Z]$/;
const NI_PREFIX_UNALLOCATED = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

function isAllocatableNiPrefix(prefix: string): boolean {
  return (
    NI_PREFIX_FIRST.test(prefix.charAt(0)) && NI_PREFIX_SECOND.test(prefix.charAt(1)) && !NI_PREFIX_UNALLOCATED.has(prefix)
  );
}

/**
 * A UK National Insurance number around six digits: two prefix letters right before ("AB",
 * "A B", "AB123456C"), and the suffix letter right after. Without a suffix, or written in lower
 * case (as speech-to-text often does), a cue such as "national insurance" must be near too.
 */
function findNiNumber(text: string, pieces: readonly DigitPiece[]): Finding | undefined {
  if (digitCount(pieces) !== 6) return undefined;
  const { start, end } = spanOf(pieces);
  const lookbehindStart = Math.max(0, start - 8);
  const before = /(?:^|[^\p{L}])(\p{L})\.?\s?(\p{L})\.?\s*$/du.exec(text.slice(lookbehindStart, start));
  const firstLetter = before?.[1];
  const secondLetter = before?.[2];
  const firstLetterAt = before?.indices?.[1]?.[0];
  if (firstLetter === undefined || secondLetter === undefined || firstLetterAt === undefined) return undefined;
  const prefix = `${firstLetter}${secondLetter}`;
  if (!isAllocatableNiPrefix(prefix.toUpperCase())) return undefined;
  const after = /^\s*([a-d])(?![\p{L}\p{N}])/iu.exec(text.slice(end, end + 4));
  const suffix = after?.[1];
  const cued = NI_NUMBER_CUE.test(text.slice(Math.max(0, start - NATIONAL_ID_CUE_REACH), start));
  const writtenInCapitals = prefix === prefix.toUpperCase() && (suffix === undefined || suffix === suffix.toUpperCase());
  if (!cued && (suffix === undefined || !writtenInCapitals)) return undefined;
  const maskStart = lookbehindStart + firstLetterAt;
  const maskEnd = after === null ? end : end + after[0].length;
  const lastFour = `${digitsOfPieces(pieces).slice(-3)}${suffix?.toUpperCase() ?? ''}`.slice(-4);
  return { kind: 'national_id', start: maskStart, end: maskEnd, mask: `[NI number ending ${lastFour}]` };
}

/** Pieces that fall inside a security-code cue ("the three digits on the back") are words, not digits. */
function securityCodeCueSpans(text: string): { start: number; end: number }[] {
  return [...text.matchAll(SECURITY_CODE_CUES)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

/** The previous turn asked for a security code, named one, or ended with a card read out. */
function expectsSecurityCode(previousTurn: string | undefined): boolean {
  if (previousTurn === undefined) return false;
  return SECURITY_CODE_CUE.test(previousTurn) || /\[card ending \d{4}\]/u.test(previousTurn);
}

/** Amounts, date and time parts, and numbers that name something else are not security codes. */
function couldBeSecurityCode(text: string, pieces: readonly DigitPiece[]): boolean {
  if (!isSecurityCodeLength(digitCount(pieces))) return false;
  const { start, end } = spanOf(pieces);
  const before = text.slice(Math.max(0, start - 30), start);
  const after = text.slice(end, end + 12);
  if (CURRENCY_BEFORE.test(before) || CURRENCY_AFTER.test(after)) return false;
  if (/^(?:19|20)\d\d$/.test(digitsOfPieces(pieces)) && YEAR_BEFORE.test(before)) return false;
  // "12/26", "10:30", "19.99": a part of a date, time or amount. ("CVC: 123" still counts.)
  if (/\d\s*[/:]\s*$/u.test(before) || /^\s*[/:]\s*\d/u.test(after) || /\d[.,]$/u.test(before) || /^[.,]\d/u.test(after)) {
    return false;
  }
  return !OTHER_IDENTIFIER_BEFORE.test(before);
}

export function redactSensitive(text: string, context: RedactionContext = {}): RedactedText {
  const securityCodeExpected = expectsSecurityCode(context.previousTurn);
  const cueSpans = securityCodeCueSpans(text);
  const pieces = findDigitPieces(text).filter(
    (piece) => !cueSpans.some((cue) => piece.start < cue.end && piece.end > cue.start),
  );
  const runs = groupDigitRuns(text, pieces);

  const findings: Finding[] = [];
  // What is left of each run once cards are cut out, searched for the other kinds.
  const segments: DigitPiece[][] = [];
  const cardEnds: number[] = [];

  for (const run of runs) {
    for (const segment of findCardsInRun(text, run, findings, cardEnds)) segments.push(segment);
  }

  for (const segment of segments) {
    const finding =
      findNationalId(text, segment) ?? findSecurityCode(text, segment, cueSpans, cardEnds, securityCodeExpected);
    if (finding !== undefined) findings.push(finding);
  }

  return applyMasks(text, findings);
}

/**
 * Cards in one run, each with the security code read straight after it in the same breath. Also
 * masks a 13–19 digit run that fails Luhn when a card was just named ("my card number is ..."):
 * speech-to-text mishears a digit now and then, and a card with one wrong digit is still a card.
 * Returns the pieces left over.
 */
function findCardsInRun(text: string, run: DigitRun, findings: Finding[], cardEnds: number[]): DigitPiece[][] {
  const { pieces } = run;
  let windows = findCardWindows(pieces);
  if (windows.length === 0) {
    const count = digitCount(pieces);
    const start = pieces[0]!.start;
    const cued = CARD_CUE.test(text.slice(Math.max(0, start - CARD_CUE_REACH), start));
    if (cued && count >= CARD_MIN_DIGITS && count <= CARD_MAX_DIGITS) {
      windows = [{ from: 0, to: pieces.length - 1, digits: digitsOfPieces(pieces) }];
    }
  }

  const leftovers: DigitPiece[][] = [];
  let next = 0;
  for (const [index, window] of windows.entries()) {
    if (window.from > next) leftovers.push(pieces.slice(next, window.from));
    const card = pieces.slice(window.from, window.to + 1);
    findings.push({ kind: 'card', ...spanOf(card), mask: `[card ending ${window.digits.slice(-4)}]` });
    cardEnds.push(spanOf(card).end);
    next = window.to + 1;
    const followingCardStart = windows[index + 1]?.from ?? pieces.length;
    const trailing = pieces.slice(next, followingCardStart);
    if (trailing.length > 0 && isSecurityCodeLength(digitCount(trailing))) {
      findings.push({ kind: 'security_code', ...spanOf(trailing), mask: '[security code]' });
      next = followingCardStart;
    }
  }
  if (next < pieces.length) leftovers.push(pieces.slice(next));
  return leftovers;
}

/** An SSN written 3-2-4, or nine digits near "social security" / "SSN"; then an NI number. */
function findNationalId(text: string, segment: readonly DigitPiece[]): Finding | undefined {
  const digits = digitsOfPieces(segment);
  if (digits.length === 9 && isIssuableSsn(digits)) {
    const { start, end } = spanOf(segment);
    const cued =
      SSN_CUE.test(text.slice(Math.max(0, start - NATIONAL_ID_CUE_REACH), start)) ||
      SSN_CUE.test(text.slice(end, end + 30));
    const amount = CURRENCY_BEFORE.test(text.slice(0, start)) || CURRENCY_AFTER.test(text.slice(end));
    if (!amount && (isWrittenLikeSsn(text, segment) || cued)) {
      return { kind: 'national_id', start, end, mask: `[SSN ending ${digits.slice(-4)}]` };
    }
  }
  return findNiNumber(text, segment);
}

/**
 * A 3–4 digit number that is a card's security code: it follows a cue ("security code is",
 * "cvv", "the three digits on the back are"), or comes shortly after a card number was read.
 * An expiry date said as four digits may be masked as well, which costs nothing.
 */
function findSecurityCode(
  text: string,
  segment: readonly DigitPiece[],
  cueSpans: readonly { start: number; end: number }[],
  cardEnds: readonly number[],
  securityCodeExpected: boolean,
): Finding | undefined {
  if (!couldBeSecurityCode(text, segment)) return undefined;
  const { start, end } = spanOf(segment);
  const afterCue =
    (securityCodeExpected && start <= SECURITY_CODE_CUE_REACH) ||
    cueSpans.some((cue) => cue.end <= start && start - cue.end <= SECURITY_CODE_CUE_REACH);
  const afterCard = cardEnds.some((cardEnd) => cardEnd <= start && start - cardEnd <= SECURITY_CODE_AFTER_CARD_REACH);
  return afterCue || afterCard ? { kind: 'security_code', start, end, mask: '[security code]' } : undefined;
}

function applyMasks(text: string, findings: Finding[]): RedactedText {
  // Findings never overlap by construction (each piece belongs to one segment), but a defensive
  // pass keeps the first of any two that would, rather than producing garbled text.
  const ordered = [...findings].sort((a, b) => a.start - b.start);
  const redactions: Redaction[] = [];
  let output = '';
  let cursor = 0;
  for (const finding of ordered) {
    if (finding.start < cursor) continue;
    output += text.slice(cursor, finding.start);
    redactions.push({ kind: finding.kind, start: output.length, end: output.length + finding.mask.length });
    output += finding.mask;
    cursor = finding.end;
  }
  output += text.slice(cursor);
  return { text: output, redactions };
}
