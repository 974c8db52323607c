import type { CreateAction, EligibilityRule } from '../../shared/nba';

const atRisk: EligibilityRule = { fact: 'risk.level', op: 'in', value: ['medium', 'high'] };
const monthToMonth: EligibilityRule = { fact: 'contract', op: 'eq', value: 'Month-to-month' };
const hasInternet: EligibilityRule = { fact: 'services', op: 'includes', value: 'internet' };
const notHighRisk: EligibilityRule = { fact: 'risk.level', op: 'neq', value: 'high' };
const leaving = ['cancel_intent', 'switch_intent', 'competitor_named', 'cancellation_inquiry'];
const voiceAndChat: CreateAction['channels'] = ['voice', 'chat'];

type Play = Omit<CreateAction, 'channels' | 'lever' | 'active'> & Partial<Pick<CreateAction, 'channels' | 'lever' | 'active'>>;

/**
 * The plays a telco contact center starts with, modelled on common retention and service
 * practice (save desks' loyalty discounts, contract migration, price matching; service flows
 * that fix the cause before selling anything — the pattern ABCD's ontology shows: identify the
 * problem, act on it, then offer a refund or a promotion). Values are the business value of an
 * acceptance in dollars (a year of margin kept, a year of an add-on), costs what it gives away.
 */
const PLAYS: Play[] = [
  // --- retention -----------------------------------------------------------------------------
  {
    key: 'loyalty-discount-20',
    title: '20% loyalty discount for 12 months',
    category: 'retention',
    script: "I can see you've been with us a while, and I'd like to keep you. I can take 20% off your monthly bill for the next 12 months, starting this cycle.",
    eligibility: { all: [atRisk, { fact: 'tenureMonths', op: 'gte', value: 6 }] },
    value: 900, cost: 170, group: 'price-offer', answers: [...leaving, 'price_complaint', 'price_rise_recent'],
    maxPerCustomer30d: 1, suppressDaysAfterDecline: 30,
  },
  {
    key: 'contract-1y-price-lock',
    title: 'Move to a 1-year contract with the price locked and $10/month off',
    category: 'retention',
    script: 'If you move to a one-year agreement, I can lock your price for the year and take $10 off every month. No price rises, and nothing changes on your services.',
    eligibility: { all: [monthToMonth, atRisk] },
    value: 1100, cost: 120, group: 'contract', answers: [...leaving, 'price_rise_recent', 'profile.Contract'],
    maxPerCustomer30d: 2, suppressDaysAfterDecline: 21,
  },
  {
    key: 'contract-2y-bonus',
    title: '2-year contract with a $100 bill credit',
    category: 'retention',
    script: "Since you're on a one-year term, you can extend to two years today and I'll put a $100 credit on your next bill.",
    eligibility: { all: [{ fact: 'contract', op: 'eq', value: 'One year' }, atRisk] },
    value: 1300, cost: 100, group: 'contract', answers: [...leaving],
    maxPerCustomer30d: 1, suppressDaysAfterDecline: 30,
  },
  {
    key: 'competitor-price-match',
    title: 'Match the competitor’s advertised price',
    category: 'retention',
    script: "If you can tell me the offer you've seen, I can match the monthly price for the same speed for 12 months, with no installation fee.",
    eligibility: { any: [{ fact: 'intents', op: 'includesAny', value: ['competitor_named', 'switch_intent'] }, { fact: 'risk.reasons', op: 'includes', value: 'competitor_mention' }] },
    value: 1000, cost: 260, group: 'price-offer', answers: ['competitor_named', 'switch_intent', 'competitor_mention'],
    maxPerCustomer30d: 1, suppressDaysAfterDecline: 30,
  },
  {
    key: 'fiber-speed-boost',
    title: 'Free speed upgrade for 6 months',
    category: 'retention',
    script: "I'll double your fiber speed for the next six months at no charge. You keep the price you pay today.",
    eligibility: { all: [{ fact: 'internet', op: 'eq', value: 'Fiber optic' }, atRisk] },
    value: 700, cost: 60, group: 'service-bonus', answers: [...leaving, 'complaint_intent'],
    maxPerCustomer30d: 1, suppressDaysAfterDecline: 30,
  },
  {
    key: 'streaming-free-3m',
    title: 'Three months of streaming TV free',
    category: 'retention',
    script: "As a thank-you for staying, I can add our streaming TV package free for three months. You can cancel it any time, and I'll remind you before it ends.",
    eligibility: { all: [atRisk, hasInternet, { fact: 'services', op: 'excludes', value: 'streaming_tv' }] },
    value: 500, cost: 45, group: 'service-bonus', answers: [...leaving],
    maxPerCustomer30d: 1, suppressDaysAfterDecline: 45,
  },
  {
    key: 'senior-plan',
    title: 'Senior plan: same services, 15% off',
    category: 'retention',
    script: 'You qualify for our senior plan: the same services with 15% off, and a named advisor to call.',
    eligibility: { all: [{ fact: 'seniorCitizen', op: 'eq', value: true }, atRisk] },
    value: 800, cost: 130, group: 'price-offer', answers: [...leaving, 'price_complaint'],
    maxPerCustomer30d: 1, suppressDaysAfterDecline: 60,
  },
  {
    key: 'retention-specialist',
    title: 'Warm transfer to a retention specialist',
    category: 'retention',
    script: "I want to make sure you get the best we can offer. I'm going to bring in a colleague from our loyalty team who can look at everything on your account — please stay on the line.",
    eligibility: { all: [{ fact: 'risk.level', op: 'eq', value: 'high' }, { fact: 'intents', op: 'includesAny', value: ['cancel_intent', 'switch_intent'] }] },
    value: 900, cost: 40, group: 'escalation', answers: ['cancel_intent', 'switch_intent'],
    maxPerCustomer30d: 2, suppressDaysAfterDecline: 7, channels: ['voice'],
  },
  // --- service -------------------------------------------------------------------------------
  {
    key: 'billing-dispute-review',
    title: 'Review the disputed charges and credit what is wrong',
    category: 'service',
    script: "Let's go through the charges you're disputing line by line. Anything billed in error I'll credit right now, and I'll send you the corrected bill.",
    eligibility: { any: [{ fact: 'risk.reasons', op: 'includes', value: 'billing_dispute_open' }, { fact: 'intents', op: 'includes', value: 'price_complaint' }] },
    value: 300, cost: 40, group: 'billing-fix', answers: ['billing_dispute_open', 'price_complaint'],
    maxPerCustomer30d: 3, suppressDaysAfterDecline: 3,
  },
  {
    key: 'explain-price-change',
    title: 'Explain the recent price change and check for a better plan',
    category: 'service',
    script: 'Your bill went up because of the price change on your plan. Let me explain what changed, and check whether another plan gives you the same for less.',
    eligibility: { any: [{ fact: 'risk.reasons', op: 'includes', value: 'price_rise_recent' }, { fact: 'intents', op: 'includes', value: 'price_complaint' }] },
    value: 200, cost: 0, group: 'billing-fix', answers: ['price_rise_recent', 'price_complaint'],
    maxPerCustomer30d: 2, suppressDaysAfterDecline: 14,
  },
  {
    key: 'goodwill-credit-25',
    title: '$25 goodwill credit for the trouble',
    category: 'service',
    script: "I'm sorry for the trouble this has caused. I've added a $25 credit to your account; you'll see it on your next bill.",
    eligibility: { any: [{ fact: 'risk.reasons', op: 'includesAny', value: ['complaint_open', 'complaint_recent', 'repeat_contacts'] }, { fact: 'intents', op: 'includes', value: 'complaint_intent' }] },
    value: 250, cost: 25, group: 'credit', answers: ['complaint_open', 'complaint_recent', 'repeat_contacts', 'complaint_intent', 'sentiment_sliding'],
    maxPerCustomer30d: 1, suppressDaysAfterDecline: 30,
  },
  {
    key: 'remote-line-diagnostics',
    title: 'Run remote line diagnostics now',
    category: 'service',
    script: "Let me run a remote test on your line while we talk; it takes about a minute and tells us whether the fault is on our side.",
    eligibility: { all: [hasInternet] },
    value: 150, cost: 5, group: 'tech-fix', answers: ['complaint_intent', 'complaint_open', 'repeat_contacts'],
    maxPerCustomer30d: 5, suppressDaysAfterDecline: 1,
  },
  {
    key: 'priority-technician',
    title: 'Book a priority technician visit',
    category: 'service',
    script: "I'm booking a technician as a priority visit — the earliest slot is within 48 hours, at no charge to you.",
    eligibility: { all: [hasInternet, { any: [{ fact: 'risk.reasons', op: 'includesAny', value: ['complaint_open', 'repeat_contacts'] }, { fact: 'intents', op: 'includes', value: 'complaint_intent' }] }] },
    value: 350, cost: 90, group: 'tech-fix', answers: ['complaint_open', 'repeat_contacts', 'complaint_intent'],
    maxPerCustomer30d: 2, suppressDaysAfterDecline: 7, channels: ['voice'],
  },
  {
    key: 'supervisor-callback',
    title: 'Offer a supervisor callback within 24 hours',
    category: 'service',
    script: "I understand you'd like to speak with a supervisor. I can have one call you back within 24 hours at a time that suits you, with everything we've discussed in front of them.",
    eligibility: { fact: 'intents', op: 'includes', value: 'supervisor_request' },
    value: 200, cost: 15, group: 'escalation', answers: ['supervisor_request'],
    maxPerCustomer30d: 2, suppressDaysAfterDecline: 3,
  },
  {
    key: 'complaint-case-followup',
    title: 'Open a complaint case with a named owner',
    category: 'service',
    script: "I'm opening a formal complaint with a reference number; one person will own it and call you with an update by the end of tomorrow.",
    eligibility: { any: [{ fact: 'intents', op: 'includesAny', value: ['complaint_intent', 'supervisor_request'] }, { fact: 'lastNps', op: 'lte', value: 6 }] },
    value: 180, cost: 10, group: 'complaint', answers: ['complaint_intent', 'nps_detractor', 'complaint_recent'],
    maxPerCustomer30d: 2, suppressDaysAfterDecline: 7,
  },
  // --- sales ---------------------------------------------------------------------------------
  {
    key: 'add-online-security',
    title: 'Add Online Security for $5/month',
    category: 'sales',
    script: 'Your plan has no online security. For $5 a month we add virus and phishing protection for every device at home.',
    eligibility: { all: [hasInternet, { fact: 'services', op: 'excludes', value: 'online_security' }, notHighRisk] },
    value: 60, cost: 6, group: 'add-on', answers: [],
    maxPerCustomer30d: 1, suppressDaysAfterDecline: 60,
  },
  {
    key: 'add-tech-support',
    title: 'Add premium tech support',
    category: 'sales',
    script: 'Premium tech support gives you a direct line and same-day help for $8 a month — customers who add it call us half as often.',
    eligibility: { all: [hasInternet, { fact: 'services', op: 'excludes', value: 'tech_support' }, notHighRisk] },
    value: 96, cost: 20, group: 'add-on', answers: ['repeat_contacts'],
    maxPerCustomer30d: 1, suppressDaysAfterDecline: 60,
  },
  {
    key: 'upgrade-dsl-to-fiber',
    title: 'Upgrade from DSL to fiber',
    category: 'sales',
    script: 'Fiber is now available at your address: up to ten times your current speed, and the first month is on us.',
    eligibility: { all: [{ fact: 'internet', op: 'eq', value: 'DSL' }, notHighRisk] },
    value: 240, cost: 70, group: 'upgrade', answers: [],
    maxPerCustomer30d: 1, suppressDaysAfterDecline: 90,
  },
  {
    key: 'second-line-half-price',
    title: 'Add a second phone line at half price',
    category: 'sales',
    script: 'You can add a second line for the household at half price for the first year.',
    eligibility: { all: [{ fact: 'services', op: 'includes', value: 'phone' }, { fact: 'services', op: 'excludes', value: 'multiple_lines' }, { fact: 'risk.level', op: 'eq', value: 'low' }] },
    value: 120, cost: 60, group: 'upgrade', answers: [],
    maxPerCustomer30d: 1, suppressDaysAfterDecline: 90,
  },
  // --- education -----------------------------------------------------------------------------
  {
    key: 'autopay-setup',
    title: 'Set up autopay and save $5/month',
    category: 'education',
    script: 'If you switch to automatic card or bank payments, you save $5 a month and never miss a due date.',
    eligibility: { fact: 'paymentMethod', op: 'in', value: ['Electronic check', 'Mailed check'] },
    value: 90, cost: 60, group: 'billing-setup', answers: ['price_complaint'],
    maxPerCustomer30d: 1, suppressDaysAfterDecline: 60,
  },
  {
    key: 'paperless-billing',
    title: 'Switch to paperless billing',
    category: 'education',
    script: 'You can get your bills by email and in the app instead of on paper — easier to check and to dispute a line if something looks wrong.',
    eligibility: { fact: 'paperlessBilling', op: 'eq', value: false },
    value: 15, cost: 0, group: 'billing-setup', answers: [],
    maxPerCustomer30d: 1, suppressDaysAfterDecline: 90,
  },
  {
    key: 'app-self-service',
    title: 'Show the app’s self-service for bills and outages',
    category: 'education',
    script: 'In our app you can see each bill line by line, check outages at your address and book a technician yourself. I can text you the link now.',
    eligibility: { all: [] },
    value: 20, cost: 0, group: 'self-service', answers: ['repeat_contacts'],
    maxPerCustomer30d: 1, suppressDaysAfterDecline: 30,
  },
];

export const SEED_CATALOG: CreateAction[] = PLAYS.map((play) => ({ channels: voiceAndChat, lever: 1, active: true, ...play }));
