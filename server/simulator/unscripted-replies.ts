import type { Faker } from '@faker-js/faker';
import type { Utterance } from '../../shared/interactions';

/**
 * What a simulated agent says in a chat the simulator did not script: someone trying the demo's
 * chat widget. A few canned lines, picked by what the server read in the visitor's message (its
 * defection signals and sentiment), so the demo answers a visitor who says they are leaving
 * differently from one asking a question. The first message says it comes from a simulated
 * agent: nobody should take it for a person.
 */
export interface UnscriptedReply {
  /** The visitor's name on a first reply (the greeting); absent afterwards. */
  greet?: { name: string | null };
  /** The visitor's latest message not yet answered, if any. */
  turn?: Pick<Utterance, 'signals' | 'sentiment'>;
}

const BY_SIGNAL: readonly [codes: readonly string[], line: string][] = [
  [['cancel_intent', 'switch_intent', 'competitor_named'], "I'm sorry to hear you're thinking of leaving. Before you decide, let me see what I can do; I'm looking at your account now."],
  [['cancellation_inquiry'], "I can walk you through what ending your contract would involve. May I ask first what's prompting it?"],
  [['supervisor_request'], "Understood: I've noted that you'd like to speak to a supervisor. Meanwhile, let me see whether I can sort this out for you."],
  [['price_complaint'], 'I hear you on the price. Let me check whether another plan fits the way you use the service better.'],
  [['complaint_intent'], "I'm sorry about this. I'm logging it as a complaint so that it is followed up."],
];
const NEGATIVE = "I understand, that's frustrating. Let me look into it for you.";
const POSITIVE = "Glad to hear it! Is there anything else I can help with?";
const NEUTRAL = ['Thanks, let me look into that for you.', 'Got it. One moment while I check.', 'Could you tell me a little more about that?'];

export function unscriptedReply({ greet, turn }: UnscriptedReply, faker: Faker): string {
  const answer = turn ? answerTo(turn, faker) : null;
  if (!greet) return answer ?? faker.helpers.arrayElement(NEUTRAL);
  const firstName = greet.name?.trim().split(/\s+/)[0];
  const hello = `Hi${firstName ? ` ${firstName}` : ''}, thanks for waiting. I'm one of this demo's simulated agents.`;
  return answer ? `${hello} ${answer}` : `${hello} How can I help?`;
}

function answerTo(turn: NonNullable<UnscriptedReply['turn']>, faker: Faker): string {
  const codes = new Set(turn.signals.map((signal) => signal.code));
  const bySignal = BY_SIGNAL.find(([signalCodes]) => signalCodes.some((code) => codes.has(code)));
  if (bySignal) return bySignal[1];
  if (turn.sentiment?.label === 'negative') return NEGATIVE;
  if (turn.sentiment?.label === 'positive') return POSITIVE;
  return faker.helpers.arrayElement(NEUTRAL);
}
