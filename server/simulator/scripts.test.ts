import { en, Faker } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { DISPOSITIONS } from '../../shared/interactions';
import {
  COMPETITORS,
  CONVERSATION_SCRIPTS,
  MOOD_WEIGHTS,
  SCRIPT_MOODS,
  TEST_CARD_NUMBERS,
  pickScript,
  renderConversation,
  type ConversationScript,
} from './scripts';

const seeded = (seed: number) => {
  const faker = new Faker({ locale: en });
  faker.seed(seed);
  return faker;
};

const DIGIT_WORDS: Record<string, string> = { zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9' };

/** The digits of a turn as a card reader would hear them: spoken digits become digits, separators go. */
const digitsIn = (text: string) =>
  text
    .toLowerCase()
    .replace(/\b(zero|one|two|three|four|five|six|seven|eight|nine)\b/g, (word) => DIGIT_WORDS[word]!)
    .replace(/[^0-9]/g, '');

const renderMany = (script: ConversationScript, times = 40) => Array.from({ length: times }, (_, i) => renderConversation(script, seeded(i)));

describe('conversation scripts', () => {
  it('cover every mood the console has to show', () => {
    expect(new Set(CONVERSATION_SCRIPTS.map((s) => s.mood))).toEqual(new Set(SCRIPT_MOODS));
    for (const mood of SCRIPT_MOODS) expect(MOOD_WEIGHTS[mood]).toBeGreaterThan(0);
  });

  it('are real conversations: the customer opens, both sides speak, and every outcome is a valid disposition', () => {
    for (const script of CONVERSATION_SCRIPTS) {
      expect(script.turns[0]!.speaker, script.id).toBe('customer');
      expect(script.turns.length, script.id).toBeGreaterThanOrEqual(5);
      expect(script.turns.some((t) => t.speaker === 'agent'), script.id).toBe(true);
      expect(script.outcomes.length, script.id).toBeGreaterThan(0);
      for (const outcome of script.outcomes) {
        expect(DISPOSITIONS, script.id).toContain(outcome.disposition);
        expect(outcome.notes.length, script.id).toBeGreaterThan(10);
        if (outcome.disposition.startsWith('retention_')) expect(outcome.saved, script.id).toBe(outcome.disposition === 'retention_saved');
      }
    }
    expect(new Set(CONVERSATION_SCRIPTS.map((s) => s.id)).size).toBe(CONVERSATION_SCRIPTS.length);
  });

  it('render with every placeholder filled', () => {
    for (const script of CONVERSATION_SCRIPTS) {
      for (const rendered of renderMany(script, 10)) {
        for (const turn of rendered.turns) expect(turn.text, script.id).not.toMatch(/\{\w+\}/);
        expect(rendered.outcome.notes, script.id).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('say the words the defection signals listen for', () => {
    const customerText = (mood: string) =>
      CONVERSATION_SCRIPTS.filter((s) => s.mood === mood).flatMap((s) => renderMany(s).map((r) => r.turns.filter((t) => t.speaker === 'customer').map((t) => t.text).join(' ')));
    for (const text of customerText('cancel_threat')) expect(text).toMatch(/\bcancel\b|close my account/i);
    for (const text of customerText('competitor')) expect(COMPETITORS.some((c) => text.includes(c))).toBe(true);
    for (const text of customerText('supervisor_request')) expect(text).toMatch(/supervisor|manager/i);
  });

  it('read out a Luhn-valid test card, in digits, groups or words, followed by a security code', () => {
    const cardScripts = CONVERSATION_SCRIPTS.filter((s) => s.mood === 'card_number');
    expect(cardScripts.length).toBeGreaterThan(0);
    const spellings = new Set<string>();
    for (const script of cardScripts) {
      expect(script.channels, script.id).toEqual(['voice']);
      for (const rendered of renderMany(script)) {
        const cardTurn = rendered.turns.find((t) => TEST_CARD_NUMBERS.some((card) => digitsIn(t.text).includes(card)));
        expect(cardTurn, script.id).toBeDefined();
        spellings.add(/[a-z]{3,}, [a-z]/.test(cardTurn!.text) ? 'words' : /\d-\d/.test(cardTurn!.text) ? 'hyphens' : /\d \d/.test(cardTurn!.text) ? 'spaces' : 'digits');
        expect(rendered.turns.some((t) => /code/i.test(t.text) && t.speaker === 'customer')).toBe(true);
      }
    }
    expect(spellings).toEqual(new Set(['words', 'hyphens', 'spaces', 'digits']));
  });

  it('replay the same conversation for the same seed, and vary across seeds', () => {
    const script = CONVERSATION_SCRIPTS.find((s) => s.id === 'competitor-better-deal')!;
    expect(renderConversation(script, seeded(5))).toEqual(renderConversation(script, seeded(5)));
    expect(new Set(renderMany(script).map((r) => r.turns[0]!.text)).size).toBeGreaterThan(1);
  });

  it('keep spoken card numbers off chats and pick calm ones most often', () => {
    const faker = seeded(1);
    const chats = Array.from({ length: 300 }, () => pickScript('chat', faker));
    expect(chats.every((s) => s.channels.includes('chat'))).toBe(true);
    const calls = Array.from({ length: 2000 }, () => pickScript('voice', faker).mood);
    const share = (mood: string) => calls.filter((m) => m === mood).length / calls.length;
    expect(share('calm')).toBeGreaterThan(0.3);
    for (const mood of SCRIPT_MOODS) expect(share(mood), mood).toBeGreaterThan(0.02);
  });
});
