import type { Faker } from '@faker-js/faker';
import type { Disposition, InteractionChannel, Speaker } from '../../shared/interactions';

/**
 * The conversations the simulator plays, turn by turn. Written to exercise what the console
 * shows: calm ones keep the sentiment line flat, angry ones drag it down, cancel threats and
 * competitor mentions are the defection moments the risk model looks for, and a few callers
 * read out a card number so redaction can be seen working.
 *
 * Placeholders filled at render time, so the same script does not read identically every time:
 * `{competitor}`, `{amount}`, `{card}` (a test card number, written with digits, spaces,
 * hyphens or spoken as words), `{cvc}`, `{months}`.
 */

export const SCRIPT_MOODS = ['calm', 'angry', 'cancel_threat', 'competitor', 'supervisor_request', 'card_number'] as const;
export type ScriptMood = (typeof SCRIPT_MOODS)[number];

/** The voice queues of the seeded contact center (migration 0002); chats all go to the chat queue. */
export type VoiceQueue = 'support' | 'billing' | 'retention';

export interface ScriptTurn {
  speaker: Speaker;
  text: string;
}

export interface ScriptOutcome {
  disposition: Disposition;
  notes: string;
  /** Only for retention conversations: was the customer kept. */
  saved?: boolean;
  /** Relative likelihood among the script's outcomes. */
  weight: number;
}

export interface ConversationScript {
  id: string;
  mood: ScriptMood;
  queue: VoiceQueue;
  /** Spoken card numbers make sense on a call only; a chat visitor would type them. */
  channels: readonly InteractionChannel[];
  turns: readonly ScriptTurn[];
  outcomes: readonly ScriptOutcome[];
}

const BOTH: readonly InteractionChannel[] = ['voice', 'chat'];
const customer = (text: string): ScriptTurn => ({ speaker: 'customer', text });
const agent = (text: string): ScriptTurn => ({ speaker: 'agent', text });

export const COMPETITORS = ['Comcast', 'Verizon', 'T-Mobile', 'AT&T', 'Spectrum', 'Cox'] as const;

/** Card numbers published by the card networks for testing: Luhn-valid, never issued to anyone. */
export const TEST_CARD_NUMBERS = ['4111111111111111', '5555555555554444', '4012888888881881', '378282246310005', '6011111111111117'] as const;

export const CONVERSATION_SCRIPTS: readonly ConversationScript[] = [
  {
    id: 'calm-bill-question',
    mood: 'calm',
    queue: 'billing',
    channels: BOTH,
    turns: [
      customer('Hi, I have a quick question about my bill this month.'),
      agent('Of course, happy to help. What would you like to know?'),
      customer('There is a charge of {amount} that says equipment fee, I do not remember that one.'),
      agent('I see it. That is the monthly rental for the new router we sent you last month.'),
      customer('Oh right, that makes sense. Can I buy the router outright instead?'),
      agent('You can. I will email you the purchase option now.'),
      customer('Great, thank you for explaining it so clearly.'),
    ],
    outcomes: [{ disposition: 'information_only', notes: 'Explained the {amount} router rental fee; emailed the purchase option.', weight: 1 }],
  },
  {
    id: 'calm-plan-upgrade',
    mood: 'calm',
    queue: 'billing',
    channels: BOTH,
    turns: [
      customer('Hello, I would like to look at a faster internet plan. We have three people working from home now.'),
      agent('Sure. You are on the 300 megabit plan today; the gigabit plan is {amount} more a month.'),
      customer('Is there any promotion running for existing customers?'),
      agent('Yes, the first {months} months are at half the difference if you switch today.'),
      customer('That sounds good. Let us do it.'),
      agent('Done. The new speed is active within the hour, no visit needed.'),
      customer('Perfect, thanks a lot!'),
    ],
    outcomes: [
      { disposition: 'resolved', notes: 'Upgraded to the gigabit plan with the {months}-month promotion.', weight: 3 },
      { disposition: 'follow_up_needed', notes: 'Interested in the gigabit plan; wants to check with the household. Follow up in a week.', weight: 1 },
    ],
  },
  {
    id: 'calm-moving-house',
    mood: 'calm',
    queue: 'support',
    channels: BOTH,
    turns: [
      customer('Hi there, we are moving next month and I want to take my service with me.'),
      agent('Congratulations on the move! What is the new address and the move date?'),
      customer('It is across town, we get the keys on the fifteenth.'),
      agent('Good news, we cover that building. I can book the technician for the sixteenth in the morning.'),
      customer('The morning works. Will I keep the same phone number?'),
      agent('Yes, the number moves with you.'),
      customer('Lovely, that was easy. Thank you.'),
    ],
    outcomes: [{ disposition: 'resolved', notes: 'Service transfer booked for the day after the move; number kept.', weight: 1 }],
  },
  {
    id: 'calm-wifi-password',
    mood: 'calm',
    queue: 'support',
    channels: BOTH,
    turns: [
      customer('Hi, how do I change the wifi password on my router?'),
      agent('You can do it in the app under Network, then Wifi settings. Would you like me to walk you through it?'),
      customer('Yes please, I am in the app now.'),
      agent('Tap Network, then the pencil icon next to your network name.'),
      customer('Got it, it worked. Thanks!'),
    ],
    outcomes: [{ disposition: 'resolved', notes: 'Walked the customer through changing the wifi password in the app.', weight: 1 }],
  },
  {
    id: 'angry-outage',
    mood: 'angry',
    queue: 'support',
    channels: BOTH,
    turns: [
      customer('My internet has been down since yesterday morning. This is the third outage this month!'),
      agent('I am really sorry. Let me check your line right away.'),
      customer('I work from home. I lost a whole day of work because of you. This is unacceptable.'),
      agent('I understand how frustrating that is. I can see a fault at the street cabinet in your area.'),
      customer('So what, I just sit here and wait? Nobody even told me anything.'),
      agent('An engineer is on site and the estimate is this afternoon. I will also credit you for the days without service.'),
      customer('Fine. But if it happens again I am done with you people.'),
    ],
    outcomes: [
      { disposition: 'resolved', notes: 'Area outage at the street cabinet; ETA this afternoon. Credited {amount} for the downtime.', weight: 2 },
      { disposition: 'escalated', notes: 'Third outage this month; escalated to network operations for a line check after the repair.', weight: 1 },
    ],
  },
  {
    id: 'angry-double-charge',
    mood: 'angry',
    queue: 'billing',
    channels: BOTH,
    turns: [
      customer('You charged me twice this month. {amount} taken from my account two times!'),
      agent('I am sorry about that. Let me look at your payments.'),
      customer('This is ridiculous. Now my account is overdrawn and I am paying bank fees because of your mistake.'),
      agent('I can see both payments. The second one is a duplicate, and I am refunding it now.'),
      customer('How long does that take? I need that money now.'),
      agent('Three to five business days. I will also add a credit to cover the bank fee.'),
      customer('Okay. Please make sure it does not happen again.'),
    ],
    outcomes: [
      { disposition: 'resolved', notes: 'Refunded the duplicate {amount} payment (3-5 business days) and credited the bank fee.', weight: 3 },
      { disposition: 'callback_scheduled', notes: 'Duplicate {amount} payment refund requested; call back once the refund has cleared.', weight: 1 },
    ],
  },
  {
    id: 'cancel-price-rise',
    mood: 'cancel_threat',
    queue: 'retention',
    channels: BOTH,
    turns: [
      customer('I want to cancel my service. The price went up again and I am tired of it.'),
      agent('I am sorry to hear that. Can I ask how long you have been with us?'),
      customer('Almost six years, and every year the bill goes up. I am paying {amount} a month now.'),
      agent('Thank you for being with us that long. I can offer you a loyalty discount of twenty percent for {months} months.'),
      customer('Hmm. Twenty percent is something. Does my speed stay the same?'),
      agent('Exactly the same plan and speed, only cheaper.'),
      customer('Alright, I will stay for now. But I will look again when it ends.'),
    ],
    outcomes: [
      { disposition: 'retention_saved', notes: 'Wanted to cancel over the price rise; accepted a 20% loyalty discount for {months} months.', saved: true, weight: 3 },
      { disposition: 'retention_lost', notes: 'Declined the loyalty discount; cancellation requested at the end of the billing cycle.', saved: false, weight: 1 },
    ],
  },
  {
    id: 'cancel-close-account',
    mood: 'cancel_threat',
    queue: 'retention',
    channels: BOTH,
    turns: [
      customer('Hi. Please close my account, I do not want the service anymore.'),
      agent('I can help with that. May I ask what made you decide to leave?'),
      customer('Honestly the service has been bad. Slow every evening and nobody fixes it.'),
      agent('I am sorry. I can see several slow-speed complaints. Would a free technician visit change your mind?'),
      customer('I have had two visits already. It did not help. I just want to close the account.'),
      agent('Understood. I will process the cancellation and send you the equipment return label.'),
    ],
    outcomes: [
      { disposition: 'cancelled_service', notes: 'Closed the account after repeated evening slowdowns; return label sent.', saved: false, weight: 2 },
      { disposition: 'retention_saved', notes: 'Agreed to a third technician visit with a senior engineer and one month free.', saved: true, weight: 1 },
    ],
  },
  {
    id: 'competitor-better-deal',
    mood: 'competitor',
    queue: 'retention',
    channels: BOTH,
    turns: [
      customer('{competitor} offered me a better deal. Same speed for way less than I pay you.'),
      agent('Thanks for telling me. What did they offer?'),
      customer('{amount} a month, and no installation fee. Can you match that?'),
      agent('I can get close: I can take twenty dollars off your bill for a year and upgrade your speed for free.'),
      customer('That is not the same price, but the speed upgrade is nice.'),
      agent('And you keep your current email address and no new equipment is needed.'),
      customer('Okay, I will take that. But I expect the price to stay put.'),
    ],
    outcomes: [
      { disposition: 'retention_saved', notes: 'Competitor offer from {competitor}; kept with $20/month off for a year and a free speed upgrade.', saved: true, weight: 2 },
      { disposition: 'retention_lost', notes: '{competitor} offer at {amount}/month; our counter-offer was not enough.', saved: false, weight: 1 },
    ],
  },
  {
    id: 'competitor-switching',
    mood: 'competitor',
    queue: 'retention',
    channels: BOTH,
    turns: [
      customer('I am switching to {competitor}. They already scheduled the install for next week.'),
      agent('I am sorry to hear that. Is there anything that made you decide?'),
      customer('Your prices keep going up and the service keeps going down. It is not worth it anymore.'),
      agent('I understand. Before you go, I can offer you {months} months at half price.'),
      customer('No, I have made up my mind. Just tell me what I need to do to cancel.'),
      agent('I will set the cancellation for the day after your new install so you are never without internet.'),
      customer('Fine. Thanks for that at least.'),
    ],
    outcomes: [
      { disposition: 'retention_lost', notes: 'Switching to {competitor}; declined {months} months at half price. Cancellation set after their install.', saved: false, weight: 3 },
      { disposition: 'retention_saved', notes: 'Was switching to {competitor}; stayed for {months} months at half price.', saved: true, weight: 1 },
    ],
  },
  {
    id: 'supervisor-request',
    mood: 'supervisor_request',
    queue: 'support',
    channels: BOTH,
    turns: [
      customer('I have called four times about the same problem. I want to speak to a supervisor.'),
      agent('I am sorry you had to call again. Let me look at your previous calls first.'),
      customer('No. I have explained this over and over. Get me your manager, now.'),
      agent('I understand. I am bringing my supervisor in, she can see everything we discussed.'),
      customer('Thank you. I hope someone finally takes this seriously.'),
    ],
    outcomes: [
      { disposition: 'escalated', notes: 'Fourth contact about the same fault; escalated to the supervisor on duty.', weight: 2 },
      { disposition: 'transferred', notes: 'Customer asked for a manager; warm transfer to the team lead with full history.', weight: 1 },
    ],
  },
  {
    id: 'card-payment-overdue',
    mood: 'card_number',
    queue: 'billing',
    channels: ['voice'],
    turns: [
      customer('Hi, I got a letter saying my bill is overdue. I would like to pay it now.'),
      agent('Sure, the overdue balance is {amount}. Would you like to pay by card?'),
      customer('Yes. The card number is {card}.'),
      agent('Thank you. And the security code on the back?'),
      customer('The security code is {cvc}.'),
      agent('The payment went through. Your account is up to date.'),
      customer('Great, thank you. Sorry about the delay.'),
    ],
    outcomes: [{ disposition: 'resolved', notes: 'Overdue balance of {amount} paid by card over the phone.', weight: 1 }],
  },
  {
    id: 'card-update-autopay',
    mood: 'card_number',
    queue: 'billing',
    channels: ['voice'],
    turns: [
      customer('My card expired and I think my autopay failed. Can I give you the new one?'),
      agent('Of course. Go ahead with the card number when you are ready.'),
      customer('It is {card}, and the code is {cvc}.'),
      agent('Thanks, autopay is updated and I retried the failed payment of {amount}.'),
      customer('Perfect, that is all I needed.'),
    ],
    outcomes: [{ disposition: 'resolved', notes: 'Autopay card updated; failed {amount} payment retried successfully.', weight: 1 }],
  },
];

export interface RenderedConversation {
  scriptId: string;
  mood: ScriptMood;
  queue: VoiceQueue;
  turns: ScriptTurn[];
  outcome: { disposition: Disposition; notes: string; saved?: boolean };
}

const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;

/** A test card the way a caller says it or a speech-to-text engine writes it down. */
function formatCard(number: string, faker: Faker): string {
  const groups = number.length === 15 ? [number.slice(0, 4), number.slice(4, 10), number.slice(10)] : (number.match(/.{1,4}/g) ?? [number]);
  switch (faker.number.int({ min: 0, max: 3 })) {
    case 0:
      return number;
    case 1:
      return groups.join(' ');
    case 2:
      return groups.join('-');
    default:
      return groups.map((group) => [...group].map((d) => DIGIT_WORDS[Number(d)]).join(' ')).join(', ');
  }
}

/** Fills the script's placeholders and picks one of its outcomes, all from `faker` so a seed replays it. */
export function renderConversation(script: ConversationScript, faker: Faker): RenderedConversation {
  const card = faker.helpers.arrayElement(TEST_CARD_NUMBERS);
  const values: Record<string, string> = {
    competitor: faker.helpers.arrayElement(COMPETITORS),
    amount: `$${faker.number.int({ min: 19, max: 189 })}.${String(faker.number.int({ min: 0, max: 99 })).padStart(2, '0')}`,
    card: formatCard(card, faker),
    cvc: [...String(faker.number.int({ min: card.length === 15 ? 1000 : 100, max: card.length === 15 ? 9999 : 999 }))].join(' '),
    months: String(faker.helpers.arrayElement([3, 6, 12])),
  };
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  const outcome = faker.helpers.weightedArrayElement(script.outcomes.map((o) => ({ weight: o.weight, value: o })));
  return {
    scriptId: script.id,
    mood: script.mood,
    queue: script.queue,
    turns: script.turns.map((turn) => ({ speaker: turn.speaker, text: fill(turn.text) })),
    outcome: {
      disposition: outcome.disposition,
      notes: fill(outcome.notes),
      ...(outcome.saved === undefined ? {} : { saved: outcome.saved }),
    },
  };
}

export function scriptsFor(channel: InteractionChannel): ConversationScript[] {
  return CONVERSATION_SCRIPTS.filter((script) => script.channels.includes(channel));
}

/**
 * How often each mood comes up. Most contacts in a real center are routine; the dramatic
 * ones are frequent enough here that a person watching for a minute sees each kind.
 */
export const MOOD_WEIGHTS: Readonly<Record<ScriptMood, number>> = {
  calm: 40,
  angry: 20,
  cancel_threat: 12,
  competitor: 12,
  supervisor_request: 6,
  card_number: 10,
};

export function pickScript(channel: InteractionChannel, faker: Faker): ConversationScript {
  const candidates = scriptsFor(channel);
  const perMood = (mood: ScriptMood) => candidates.filter((s) => s.mood === mood).length;
  return faker.helpers.weightedArrayElement(candidates.map((script) => ({ weight: MOOD_WEIGHTS[script.mood] / perMood(script.mood), value: script })));
}
