import { describe, expect, it } from 'vitest';
import { digitsOfPieces, findDigitPieces, groupDigitRuns } from './spoken-digits';

const piecesOf = (text: string) => findDigitPieces(text).map((piece) => piece.digits);
const runsOf = (text: string) => groupDigitRuns(text, findDigitPieces(text)).map((run) => digitsOfPieces(run.pieces));

describe('findDigitPieces', () => {
  it.each([
    ['four one one one', ['4', '1', '1', '1']],
    ['4111 1111', ['4111', '1111']],
    ['forty one eleven', ['41', '11']],
    ['forty-one', ['41']],
    ['twenty', ['20']],
    ['forty oh five', ['40', '0', '5']],
    ['double four triple oh', ['44', '000']],
    ['three hundred twenty one', ['321']],
    ['three hundred and five', ['305']],
    ['one hundred', ['100']],
    ['forty one hundred', ['4100']],
    ['nineteen hundred', ['1900']],
    ['Niner Zero Nought', ['9', '0', '0']],
    ['cvv123', ['123']],
  ])('%s → %j', (text, expected) => {
    expect(piecesOf(text)).toEqual(expected);
  });

  it('reads numerals and words in one pass, with their positions', () => {
    const pieces = findDigitPieces('it is 41 eleven');
    expect(pieces.map((p) => [p.digits, p.start, p.end, p.spoken])).toEqual([
      ['41', 6, 8, false],
      ['11', 9, 15, true],
    ]);
  });

  it('does not read digits in ordinary words', () => {
    expect(piecesOf("I'll phone someone at noon, it's often done")).toEqual([]);
    expect(piecesOf('o’clock')).toEqual([]);
  });

  it('does not treat "double" or "hundred" without a number as digits', () => {
    expect(piecesOf('I was charged double for a hundred things')).toEqual([]);
  });

  it('keeps a comma as a pause between words: "forty, one" is 40 then 1', () => {
    expect(piecesOf('forty, one')).toEqual(['40', '1']);
  });

  it('marks a lone "oh" as an ambiguous zero', () => {
    expect(findDigitPieces('oh five').map((p) => p.ambiguousZero)).toEqual([true, false]);
  });
});

describe('groupDigitRuns', () => {
  it.each([
    ['4111 1111-1111, 1111', ['4111111111111111']],
    ['four one, uh, one one', ['4111']],
    ['four one one one um one one', ['411111']],
    ['$1,234.56', ['1', '234', '56']],
    ['at 10:30 on 12/26', ['10', '30', '12', '26']],
    ['415 555 2671 or 212 736 5000', ['4155552671', '2127365000']],
    ['one two three and four five six', ['123', '456']],
  ])('%s → %j', (text, expected) => {
    expect(runsOf(text)).toEqual(expected);
  });

  it('drops an interjection "Oh," before a number but keeps "oh" read as zero', () => {
    expect(runsOf('Oh, 4111 1111')).toEqual(['41111111']);
    expect(runsOf('oh seven eight')).toEqual(['078']);
  });
});
