import { en, Faker } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { unscriptedReply } from './unscripted-replies';

const faker = new Faker({ locale: en });
const said = (label: 'negative' | 'neutral' | 'positive', ...codes: string[]) => ({
  sentiment: { score: label === 'negative' ? -0.6 : label === 'positive' ? 0.6 : 0, label },
  signals: codes.map((code) => ({ code, text: code, weight: 1, conditional: false, words: code, start: 0, end: 0 })),
});

describe('what a simulated agent says to a visitor the simulator did not script', () => {
  it('says first that it is a simulated agent, by the visitor’s first name', () => {
    expect(unscriptedReply({ greet: { name: 'Robin Reyes' } }, faker)).toBe("Hi Robin, thanks for waiting. I'm one of this demo's simulated agents. How can I help?");
    expect(unscriptedReply({ greet: { name: null } }, faker)).toMatch(/^Hi, thanks for waiting\. I'm one of this demo's simulated agents\./);
  });

  it('answers what the server read in the message: leaving, fees, a supervisor, price, a complaint, then the mood', () => {
    expect(unscriptedReply({ turn: said('negative', 'competitor_named') }, faker)).toMatch(/thinking of leaving/);
    expect(unscriptedReply({ turn: said('neutral', 'cancellation_inquiry') }, faker)).toMatch(/ending your contract/);
    expect(unscriptedReply({ turn: said('negative', 'supervisor_request') }, faker)).toMatch(/supervisor/);
    expect(unscriptedReply({ turn: said('negative', 'price_complaint') }, faker)).toMatch(/price/);
    expect(unscriptedReply({ turn: said('negative', 'complaint_intent') }, faker)).toMatch(/complaint/);
    expect(unscriptedReply({ turn: said('negative') }, faker)).toMatch(/frustrating/);
    expect(unscriptedReply({ turn: said('positive') }, faker)).toMatch(/Glad to hear it/);
    expect(unscriptedReply({ turn: said('neutral') }, faker)).toMatch(/look into that|check|tell me a little more/);
  });

  it('greets and answers in one message when the visitor wrote while waiting', () => {
    expect(unscriptedReply({ greet: { name: 'Robin' }, turn: said('negative', 'cancel_intent') }, faker)).toMatch(/simulated agents\. I'm sorry to hear you're thinking of leaving/);
  });
});
