import { SentimentIntensityAnalyzer } from 'vader-sentiment';
import { describe, expect, it } from 'vitest';
import { CONTACT_CENTER_PHRASES } from './contact-center-lexicon';
import {
  NEUTRAL_STAND_IN,
  ROLLING_HALF_LIFE_TURNS,
  labelForCompound,
  rollingSentiment,
  scoreSentiment,
} from './sentiment';
import { classificationReport, pearsonCorrelation } from './sentiment-evaluation';
import { humanLabel, loadTweetGroundTruth } from './tweet-ground-truth';

const vaderAlone = (text: string) => SentimentIntensityAnalyzer.polarity_scores(text).compound;

describe('labelForCompound', () => {
  it("uses VADER's published thresholds, inclusive at ±0.05", () => {
    expect(labelForCompound(0.05)).toBe('positive');
    expect(labelForCompound(0.0499)).toBe('neutral');
    expect(labelForCompound(0)).toBe('neutral');
    expect(labelForCompound(-0.0499)).toBe('neutral');
    expect(labelForCompound(-0.05)).toBe('negative');
  });
});

describe('scoreSentiment', () => {
  it("is VADER's compound for text without contact-center phrases", () => {
    // The example from VADER's README.
    expect(scoreSentiment('VADER is very smart, handsome, and funny')).toEqual({ score: 0.8545, label: 'positive' });
    for (const text of ['Your service is terrible.', 'Perfect, I really appreciate it.', 'The modem light is blinking orange.']) {
      expect(scoreSentiment(text).score).toBe(vaderAlone(text));
    }
  });

  it('scores 0, neutral, for empty text', () => {
    expect(scoreSentiment('')).toEqual({ score: 0, label: 'neutral' });
  });

  describe('on contact-center sentences whose mood is obvious', () => {
    it.each([
      "I've been on hold for an hour.",
      'This is the third time I’m calling about this!',
      'I want to cancel my account.',
      "It's still not working.",
      'You people never listen.',
      'This is ridiculous.',
      'This is unacceptable.',
      'What a waste of time.',
      'I keep getting transferred and nobody can help me.',
      'The last agent hung up on me.',
      "I'm fed up with this.",
      'This is a joke.',
      'I was charged twice this month.',
      'Nobody called me back like they promised.',
      'I want to speak to a manager right now.',
      "I'm switching to another provider.",
      "I've been waiting 45 minutes and it still doesn't work.",
      'Your service is terrible.',
    ])('angry: %s', (text) => {
      expect(scoreSentiment(text).label).toBe('negative');
    });

    it.each([
      'Thank you so much, that fixed it!',
      "Great, it's working now, thanks for your help.",
      'Perfect, I really appreciate it.',
      "Awesome, you've been very helpful.",
      'You fixed the problem, thank you.',
      'That works for me, thanks.',
      'Sure, no problem.',
    ])('grateful: %s', (text) => {
      expect(scoreSentiment(text).label).toBe('positive');
    });

    it.each([
      'My account number is 1234.',
      'My phone number is 415 555 2671.',
      "I'd like to update my address.",
      'I need help with my bill.',
      'Can you tell me my balance?',
      'My credit card was charged on the 5th.',
      "I'm calling about my internet service.",
      "Hi, I'm calling about my order.",
      'The modem light is blinking orange.',
      "I'd like to make a payment.",
      "What's the toll free number?",
      'I called customer care yesterday.',
      // What redaction leaves behind must not carry a mood either ("1432" is +2.6 to VADER).
      'The security code is [security code].',
      'My card is [card ending 1432].',
      'My SSN is [SSN ending 6789].',
    ])('neutral, factual: %s', (text) => {
      expect(scoreSentiment(text)).toEqual({ score: 0, label: 'neutral' });
    });

    it.each(['Okay, I can wait.', 'That makes sense.', 'Alright, I will check the router tonight.'])(
      'calm, not negative: %s',
      (text) => {
        expect(scoreSentiment(text).label).not.toBe('negative');
      },
    );
  });

  describe('applies VADER’s rules to the phrases too', () => {
    it('flips a phrase after a negation word', () => {
      expect(scoreSentiment("It's not a waste of time.").label).toBe('positive');
    });

    it('weights what follows "but" more than what precedes it', () => {
      expect(scoreSentiment("Thanks, but I've been on hold for an hour.").label).toBe('negative');
      expect(scoreSentiment("I've been on hold for an hour, but that fixed it, thanks.").label).toBe('positive');
    });

    it('adds emphasis for exclamation marks', () => {
      const calm = scoreSentiment("I've been on hold for an hour.").score;
      const shouted = scoreSentiment("I've been on hold for an hour!!!").score;
      expect(shouted).toBeLessThan(calm);
    });

    it('combines a phrase with the words around it', () => {
      const phraseOnly = scoreSentiment("I've been on hold for an hour.").score;
      const withWord = scoreSentiment("I've been on hold for an hour, this is terrible.").score;
      expect(withWord).toBeLessThan(phraseOnly);
    });

    it('reads curly and straight apostrophes alike', () => {
      expect(scoreSentiment('I’ve been on hold for an hour and it’s still not working')).toEqual(
        scoreSentiment("I've been on hold for an hour and it's still not working"),
      );
    });
  });

  describe('the contact-center lexicon', () => {
    it('uses a stand-in word VADER ignores, in either case, without moving its neighbours', () => {
      for (const standIn of [NEUTRAL_STAND_IN, NEUTRAL_STAND_IN.toUpperCase()]) {
        expect(vaderAlone(standIn)).toBe(0);
        expect(vaderAlone(`${standIn} great`)).toBe(vaderAlone('the great'));
        expect(vaderAlone(`not ${standIn} ${standIn} great`)).toBe(vaderAlone('not the the great'));
      }
    });

    it.each(CONTACT_CENTER_PHRASES.map((entry) => [entry.example, entry]))('finds its example: %s', (example, entry) => {
      entry.pattern.lastIndex = 0;
      expect(entry.pattern.test(example)).toBe(true);
      entry.pattern.lastIndex = 0;
    });

    it('keeps valences on the VADER scale, each with its anchor', () => {
      for (const entry of CONTACT_CENTER_PHRASES) {
        expect(Math.abs(entry.valence)).toBeLessThanOrEqual(4);
        expect(entry.anchor.length).toBeGreaterThan(0);
      }
    });

    it('moves each example the way its valence says', () => {
      for (const entry of CONTACT_CENTER_PHRASES) {
        const score = scoreSentiment(entry.example).score;
        if (entry.valence < 0) expect(score, entry.example).toBeLessThan(0);
        if (entry.valence > 0) expect(score, entry.example).toBeGreaterThan(0);
      }
    });
  });
});

describe('rollingSentiment', () => {
  it('is null before the customer has said anything', () => {
    expect(rollingSentiment([])).toBeNull();
  });

  it('is the score itself for one turn, and the constant for a constant series', () => {
    expect(rollingSentiment([-0.6])).toEqual({ score: -0.6, label: 'negative' });
    expect(rollingSentiment([0.3, 0.3, 0.3, 0.3])?.score).toBeCloseTo(0.3, 12);
  });

  it('weights a turn by half every half-life', () => {
    // Two turns, one step apart: weights 2^(−1/h) and 1.
    const older = 0.5 ** (1 / ROLLING_HALF_LIFE_TURNS);
    expect(rollingSentiment([1, 0])?.score).toBeCloseTo(older / (older + 1), 12);
  });

  it('lets the latest turns decide the direction', () => {
    expect(rollingSentiment([0.6, 0.5, -0.7, -0.8])?.label).toBe('negative');
    expect(rollingSentiment([-0.7, -0.8, 0.6, 0.7])?.label).toBe('positive');
  });

  it('is moved, but not flipped, by one sharp remark in a calm conversation', () => {
    const calm = [0.4, 0.5, 0.4, 0.5, 0.4];
    const rolling = rollingSentiment([...calm, -0.6]);
    expect(rolling?.score).toBeLessThan(rollingSentiment(calm)!.score);
    expect(rolling?.label).toBe('positive');
  });

  it('forgets turns older than the window', () => {
    const resolvedLater = [-0.9, -0.9, -0.9, 0.5, 0.5, 0.5];
    expect(rollingSentiment(resolvedLater, 3)).toEqual({ score: 0.5, label: 'positive' });
    expect(rollingSentiment([-0.9, 0.2, 0.2], 2)?.score).toBeCloseTo(0.2, 12);
  });

  it('refuses a window that is not a positive whole number of turns', () => {
    expect(() => rollingSentiment([0.1], 0)).toThrow(RangeError);
    expect(() => rollingSentiment([0.1], 2.5)).toThrow(RangeError);
  });
});

describe('agreement with human ratings (VADER tweet ground truth)', () => {
  it('fails with a clear message when the data set is missing', () => {
    expect(() => loadTweetGroundTruth('/nonexistent/tweets_GroundTruth.txt')).toThrow(/ground truth not found/);
  });

  it(
    'correlates with the human means like published VADER, and the domain layer costs nothing',
    () => {
      const tweets = loadTweetGroundTruth();
      expect(tweets).toHaveLength(4200);
      const humanMeans = tweets.map((tweet) => tweet.humanMean);
      const truth = humanMeans.map(humanLabel);
      const baseline = tweets.map((tweet) => vaderAlone(tweet.text));
      const cue = tweets.map((tweet) => scoreSentiment(tweet.text).score);

      const cueCorrelation = pearsonCorrelation(cue, humanMeans);
      // Published r = 0.881; this port measures 0.879.
      expect(cueCorrelation).toBeGreaterThanOrEqual(0.85);
      expect(cueCorrelation).toBeGreaterThanOrEqual(pearsonCorrelation(baseline, humanMeans) - 0.005);
      const cueF1 = classificationReport(truth, cue.map(labelForCompound)).macroF1;
      const baselineF1 = classificationReport(truth, baseline.map(labelForCompound)).macroF1;
      expect(cueF1).toBeGreaterThanOrEqual(baselineF1 - 0.005);
    },
    30_000,
  );
});
