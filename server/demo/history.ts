import { Faker, base, en, en_US } from '@faker-js/faker';
import type { IngestEvent } from '../../shared/ingest';
import type { Channel, EventType, Identity, IdentityKind } from '../../shared/timeline';
import { drawUsPhone } from './phones';
import { Random, seedNumber } from './random';
import type { TelcoAttributes, TelcoCustomer } from './telco-customers';

/**
 * Cross-channel histories for the telco sample's customers, made up but consistent with each
 * profile: what a month-to-month fiber customer paying a lot goes through (outages, bills that
 * climb, long calls, complaints, low scores) and what a calm two-year DSL customer does not.
 * Churners get more of the bad. Deterministic: the same seed and `asOf` give the same names,
 * phones, events and event ids, customer by customer, whatever `limit` is.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
const MONTH_MS = 30.44 * DAY_MS;
/** Agents scroll back a year and a half at most; older history would only slow the demo's seeding. */
export const HISTORY_MONTHS = 18;
/** Billing systems export the recent statements; five months keeps invoices from drowning the timeline. */
const BILLING_MONTHS = 5;
export const COMPANY_HANDLE = '@BrightlineHelp';

export interface DemoCustomer {
  customerID: string;
  name: string;
  identities: Identity[];
  attributes: TelcoAttributes;
  events: IngestEvent[];
}

export interface GenerateOptions {
  seed: number;
  /** The demo's "now": the newest event is no later. Fixed in tests, today in the demo. */
  asOf: Date;
  /** Only the first `limit` customers: tests need a slice, not 7,043. */
  limit?: number;
}

export function* generateDemoCustomers(rows: readonly TelcoCustomer[], options: GenerateOptions): Generator<DemoCustomer> {
  const taken = { phones: new Set<string>(), emails: new Set<string>(), handles: new Set<string>() };
  const faker = new Faker({ locale: [en_US, en, base] });
  const count = Math.min(rows.length, options.limit ?? rows.length);
  for (let i = 0; i < count; i++) {
    yield generateDemoCustomer(rows[i]!, options, faker, taken);
  }
}

interface Taken {
  phones: Set<string>;
  emails: Set<string>;
  handles: Set<string>;
}

const EMAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'hotmail.com', 'aol.com', 'proton.me'];

function generateDemoCustomer(row: TelcoCustomer, options: GenerateOptions, faker: Faker, taken: Taken): DemoCustomer {
  const { customerID, attributes } = row;
  // Faker is reseeded per customer so a customer's name does not depend on how many names came before.
  faker.seed(seedNumber(options.seed, 'name', customerID));
  const sex = attributes.gender === 'Female' ? 'female' : 'male';
  const firstName = faker.person.firstName(sex);
  const lastName = faker.person.lastName();
  const random = new Random(options.seed, customerID);

  const local = `${ascii(firstName)}.${ascii(lastName)}`;
  let email = `${local}@${random.pick(EMAIL_DOMAINS)}`;
  for (let n = 2; taken.emails.has(email); n++) email = `${local}${n}@${email.split('@')[1]}`;
  taken.emails.add(email);

  const friction = frictionOf(attributes);
  const identities: Identity[] = [
    { kind: 'account', value: customerID },
    { kind: 'phone', value: drawUsPhone(random, taken.phones) },
    { kind: 'email', value: email },
  ];
  // Fewer than half chat on the website, fewer still post about their provider; the unhappy more so.
  if (random.chance(attributes.PaperlessBilling === 'Yes' ? 0.55 : 0.3)) {
    identities.push({ kind: 'chat', value: `web-${customerID.slice(0, 4)}${random.int(100000, 999999)}` });
  }
  if (random.chance(Math.min(0.6, 0.15 + 0.05 * friction))) {
    let handle = `${ascii(firstName).slice(0, 1)}${ascii(lastName)}${random.int(1, 99)}`;
    while (taken.handles.has(handle)) handle = `${ascii(firstName).slice(0, 1)}${ascii(lastName)}${random.int(100, 9999)}`;
    taken.handles.add(handle);
    identities.push({ kind: 'social', value: `@${handle}` });
  }

  const name = `${firstName} ${lastName}`;
  const history = new History(customerID, random, options.asOf.getTime());
  writeHistory(history, attributes, friction, identities);
  const events = history.toEvents(identities, { name, attributes });
  return { customerID, name, identities, attributes, events };
}

const ascii = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

/**
 * How much trouble a customer's situation makes, 1 for an average one. The factors follow the
 * data set's own churn drivers (month-to-month contracts, fiber, high charges, no tech support,
 * short tenure, electronic checks) so the made-up history agrees with the real label.
 */
export function frictionOf(a: TelcoAttributes): number {
  let f = 1;
  f *= a.Contract === 'Month-to-month' ? 1.6 : a.Contract === 'One year' ? 0.95 : 0.55;
  f *= a.InternetService === 'Fiber optic' ? 1.45 : a.InternetService === 'DSL' ? 1 : 0.6;
  f *= 0.75 + a.MonthlyCharges / 120;
  if (a.TechSupport === 'No') f *= 1.15;
  if (a.tenure < 6) f *= 1.15;
  if (a.tenure > 48) f *= 0.8;
  if (a.PaymentMethod === 'Electronic check') f *= 1.1;
  if (a.Churn === 'Yes') f *= 1.9;
  return f;
}

interface Draft {
  at: number;
  order: number;
  source: string;
  channel: Channel;
  type: EventType;
  summary: string;
  data: Record<string, unknown>;
  via: IdentityKind;
}

/** Collects a customer's events in any order; `toEvents` sorts them and numbers their ids. */
class History {
  private drafts: Draft[] = [];
  private complaints = 0;
  private disputes = 0;
  private orders = 0;

  constructor(
    readonly customerID: string,
    readonly random: Random,
    readonly asOf: number,
  ) {}

  add(at: number, source: string, channel: Channel, type: EventType, summary: string, data: Record<string, unknown>, via: IdentityKind): void {
    this.drafts.push({ at: Math.round(at), order: this.drafts.length, source, channel, type, summary, data, via });
  }

  nextComplaintId = () => `${this.customerID}-C${++this.complaints}`;
  nextDisputeId = () => `${this.customerID}-D${++this.disputes}`;
  nextOrderId = () => `${this.customerID}-O${++this.orders}`;

  /** A moment in opening hours (8:00–20:00 UTC) on the day of `at`. */
  daytime(at: number): number {
    return Math.floor(at / DAY_MS) * DAY_MS + this.random.int(8 * 3600, 20 * 3600) * 1000;
  }

  toEvents(identities: Identity[], profile: { name: string; attributes: TelcoAttributes }): IngestEvent[] {
    const byKind = new Map(identities.map((identity) => [identity.kind, identity]));
    const drafts = this.drafts.filter((d) => d.at <= this.asOf).sort((a, b) => a.at - b.at || a.order - b.order);
    return drafts.map((draft, i): IngestEvent => ({
      source: draft.source,
      // The customer and a counter: stable across runs with the same seed, so re-seeding stores nothing twice.
      sourceEventId: `${this.customerID}-${String(i + 1).padStart(4, '0')}`,
      occurredAt: new Date(draft.at).toISOString(),
      channel: draft.channel,
      type: draft.type,
      // The first event introduces the customer with every identity and the profile, as a CRM
      // sync would; later ones carry only what their channel knows (the caller's number, the
      // sender's email), which is what identity resolution is for.
      customer:
        i === 0
          ? { identities, profile: { name: profile.name, attributes: profile.attributes } }
          : { identities: [byKind.get(draft.via) ?? byKind.get('account')!] },
      summary: draft.summary,
      data: draft.data,
    }));
  }
}

type Queue = 'support' | 'billing' | 'retention';
type ComplaintCategory = 'network' | 'billing' | 'service' | 'device' | 'price' | 'contract';

interface Topic {
  key: string;
  label: string;
  queue: Queue;
  category: ComplaintCategory;
  complaint: string;
  /** A technician may have to come out. */
  field?: boolean;
  /** About money on a bill: may turn into a dispute. */
  billing?: boolean;
}

const TOPICS = {
  slowInternet: { key: 'slow_internet', label: 'slow internet', queue: 'support', category: 'network', complaint: 'internet far slower than the plan promises', field: true },
  outage: { key: 'outage', label: 'an internet outage', queue: 'support', category: 'network', complaint: 'repeated internet outages', field: true },
  wifi: { key: 'wifi_dropping', label: 'Wi-Fi dropping out', queue: 'support', category: 'device', complaint: 'router keeps dropping the Wi-Fi', field: true },
  callQuality: { key: 'call_quality', label: 'poor call quality on the phone line', queue: 'support', category: 'network', complaint: 'crackling and dropped calls on the landline' },
  highBill: { key: 'high_bill', label: 'a bill higher than expected', queue: 'billing', category: 'billing', complaint: 'charged more than the agreed price', billing: true },
  charges: { key: 'unexpected_charges', label: 'unexpected charges', queue: 'billing', category: 'billing', complaint: 'fees nobody explained', billing: true },
  paymentFailed: { key: 'payment_failed', label: 'a failed payment', queue: 'billing', category: 'billing', complaint: 'late fee after a payment the bank says went through', billing: true },
  streaming: { key: 'streaming_login', label: 'the streaming app not signing in', queue: 'support', category: 'service', complaint: 'streaming service unusable for days' },
  cancel: { key: 'cancel', label: 'cancelling the service', queue: 'retention', category: 'contract', complaint: 'cancellation request not processed' },
  competitor: { key: 'competitor_offer', label: 'a cheaper offer from another provider', queue: 'retention', category: 'price', complaint: 'price no longer competitive' },
  contract: { key: 'contract_options', label: 'contract options', queue: 'retention', category: 'contract', complaint: 'contract terms not as sold' },
  moving: { key: 'moving', label: 'moving to a new address', queue: 'support', category: 'service', complaint: 'service transfer to the new address missed' },
  upgrade: { key: 'upgrade', label: 'upgrading the plan', queue: 'support', category: 'service', complaint: 'upgrade not applied' },
  newDevice: { key: 'device_setup', label: 'setting up a new device', queue: 'support', category: 'device', complaint: 'replacement device faulty' },
} as const satisfies Record<string, Topic>;

function topicWeights(a: TelcoAttributes, satisfaction: number): [Topic, number][] {
  const fiber = a.InternetService === 'Fiber optic';
  const internet = a.InternetService !== 'No';
  const monthToMonth = a.Contract === 'Month-to-month';
  const churn = a.Churn === 'Yes';
  return [
    [TOPICS.slowInternet, fiber ? 3 : internet ? 2.5 : 0],
    [TOPICS.outage, fiber ? 2.5 : internet ? 1 : 0],
    [TOPICS.wifi, internet ? 1.5 : 0],
    [TOPICS.callQuality, a.PhoneService === 'Yes' ? 1 : 0],
    [TOPICS.highBill, 0.8 + a.MonthlyCharges / 40],
    [TOPICS.charges, 1],
    [TOPICS.paymentFailed, a.PaymentMethod === 'Electronic check' ? 1.5 : 0.3],
    [TOPICS.streaming, a.StreamingTV === 'Yes' || a.StreamingMovies === 'Yes' ? 1 : 0],
    [TOPICS.cancel, (monthToMonth ? 0.6 : 0.1) * (churn ? 4 : 1)],
    [TOPICS.competitor, (monthToMonth ? 0.5 : 0.1) * (churn ? 4 : 1)],
    [TOPICS.contract, monthToMonth ? 0.8 : 0.3],
    [TOPICS.moving, 0.4],
    [TOPICS.upgrade, 0.8 * satisfaction],
    [TOPICS.newDevice, a.TechSupport === 'Yes' ? 0.8 : 0.4],
  ];
}

const STORES = ['Downtown', 'Riverside Mall', 'Northgate', 'Airport Plaza', 'Westfield'];
const CAMPAIGNS = [
  { id: 'fiber-upgrade', name: 'Faster fiber, same price for 3 months' },
  { id: 'streaming-bundle', name: 'Add StreamingTV and StreamingMovies for $10' },
  { id: 'two-year-discount', name: 'Save 15% with a two-year contract' },
  { id: 'tech-support', name: 'Tech support add-on, first month free' },
  { id: 'refer-friend', name: 'Refer a friend, both get $50' },
  { id: 'holiday-devices', name: 'Holiday deals on routers and extenders' },
  { id: 'autopay', name: 'Switch to autopay and save $5 a month' },
  { id: 'security-bundle', name: 'Online security and backup bundle' },
] as const;

const money = (amount: number) => `$${amount.toFixed(2)}`;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthName = (at: number) => MONTHS[new Date(at).getUTCMonth()]!;
const round2 = (amount: number) => Math.round(amount * 100) / 100;

function writeHistory(h: History, a: TelcoAttributes, friction: number, identities: Identity[]): void {
  const { random, asOf } = h;
  const has = (kind: IdentityKind) => identities.some((identity) => identity.kind === kind);
  // Satisfaction in 0..1: falls with the log of friction, plus a personal temperament.
  const satisfaction = clamp(0.86 - 0.25 * Math.log(friction) + 0.07 * random.normal(), 0.03, 0.98);
  const joinedAt = a.tenure === 0 ? asOf - random.int(1, 25) * DAY_MS : asOf - a.tenure * MONTH_MS - random.int(0, 20) * DAY_MS;
  const windowStart = Math.max(joinedAt, asOf - HISTORY_MONTHS * MONTH_MS);
  const windowMonths = (asOf - windowStart) / MONTH_MS;
  const fiber = a.InternetService === 'Fiber optic';
  const paperless = a.PaperlessBilling === 'Yes';
  const within = (from: number, to: number = asOf) => from + random.next() * Math.max(0, to - from);

  // Onboarding, for customers who joined inside the window.
  if (joinedAt >= windowStart) {
    const items = [a.InternetService !== 'No' ? `${a.InternetService} internet` : null, a.PhoneService === 'Yes' ? 'phone line' : null]
      .filter(Boolean)
      .join(' + ');
    h.add(h.daytime(joinedAt), 'crm', random.pick(['store', 'web', 'voice'] as const), 'order.placed', `New service order: ${items}, ${a.Contract.toLowerCase()}`, {
      orderId: h.nextOrderId(),
      items: items.split(' + '),
      contract: a.Contract,
      monthlyCharges: a.MonthlyCharges,
    }, 'account');
    if (fiber) {
      h.add(h.daytime(joinedAt + random.int(2, 7) * DAY_MS), 'crm', 'field', 'visit.field', 'Technician installed the fiber line and router', {
        reason: 'installation',
        outcome: 'installed',
        durationMin: random.int(60, 180),
      }, 'account');
    }
    h.add(joinedAt + DAY_MS, 'campaigns', paperless ? 'email' : 'mail', 'campaign.sent', 'Welcome pack: getting started with your new service', {
      campaignId: 'welcome',
    }, paperless ? 'email' : 'account');
  }

  writeBilling(h, a, windowStart);

  // Company-wide fiber price rises, ten and three months ago.
  if (fiber) {
    for (const monthsAgo of [10, 3]) {
      const at = asOf - monthsAgo * MONTH_MS;
      if (at < windowStart) continue;
      const oldAmount = round2(a.MonthlyCharges - (monthsAgo === 10 ? 10 : 5));
      const newAmount = round2(oldAmount + 5);
      const effective = new Date(at + 30 * DAY_MS).toISOString().slice(0, 10);
      h.add(Math.floor(at / DAY_MS) * DAY_MS + 7 * 3600_000, 'billing', paperless ? 'email' : 'mail', 'billing.price_change',
        `Price change notice: fiber plan goes from ${money(oldAmount)} to ${money(newAmount)} on ${effective}`,
        { oldAmount, newAmount, currency: 'USD', effectiveDate: effective, reason: 'network investment' }, paperless ? 'email' : 'account');
    }
  }

  // Marketing: a campaign every few months, opened more by the satisfied.
  for (let i = random.poisson(0.12 * windowMonths); i > 0; i--) {
    const campaign = random.pick(CAMPAIGNS);
    const channel: Channel = paperless ? 'email' : random.chance(0.5) ? 'sms' : 'mail';
    const via: IdentityKind = channel === 'email' ? 'email' : channel === 'sms' ? 'phone' : 'account';
    const sentAt = Math.floor(within(windowStart) / DAY_MS) * DAY_MS + 10 * 3600_000;
    h.add(sentAt, 'campaigns', channel, 'campaign.sent', `Campaign: ${campaign.name}`, { campaignId: campaign.id }, via);
    if (channel !== 'mail' && random.chance(0.2 + 0.35 * satisfaction)) {
      const openedAt = sentAt + random.int(1, 72) * 3600_000;
      h.add(openedAt, 'campaigns', channel, 'campaign.opened', `Opened: ${campaign.name}`, { campaignId: campaign.id }, via);
      if (random.chance(0.25)) h.add(openedAt + random.int(1, 30) * 60_000, 'campaigns', channel, 'campaign.clicked', `Clicked: ${campaign.name}`, { campaignId: campaign.id }, via);
    }
  }

  // Devices and plan changes now and then.
  for (let i = random.poisson(0.025 * windowMonths); i > 0; i--) {
    const at = h.daytime(within(windowStart));
    const item = random.pick(a.InternetService === 'No' ? ['a replacement handset', 'a cordless phone'] : ['a Wi-Fi extender', 'a new router', 'a streaming box', 'a mesh Wi-Fi kit']);
    const orderId = h.nextOrderId();
    const amount = random.pick([29.99, 49.99, 89.99, 129.0]);
    h.add(at, 'crm', random.pick(['web', 'store', 'voice'] as const), 'order.placed', `Ordered ${item}: ${money(amount)}`, { orderId, item, amount, currency: 'USD' }, 'account');
    h.add(at + random.int(1, 3) * DAY_MS, 'crm', 'mail', 'order.shipped', `Shipped ${item}`, { orderId, carrier: random.pick(['UPS', 'FedEx', 'USPS']) }, 'account');
  }
  if (random.chance(0.12 * Math.min(1, windowMonths / 12))) {
    const change = random.pick(
      a.StreamingTV === 'Yes'
        ? ['Added StreamingMovies', 'Added online backup', 'Removed StreamingTV']
        : ['Added StreamingTV', 'Added tech support', 'Added device protection'],
    );
    h.add(h.daytime(within(windowStart)), 'crm', 'web', 'account.plan_changed', `Plan changed: ${change}`, { change, monthlyChangeAmount: change.startsWith('Removed') ? -10 : 10 }, 'account');
  }

  writeContacts(h, a, friction, satisfaction, windowStart, has);

  // Relationship NPS every six months; the unhappy answer a little more (they have something to say).
  for (let at = windowStart + random.int(20, 150) * DAY_MS; at < asOf; at += 182 * DAY_MS) {
    if (!random.chance(0.3 + 0.1 * (1 - satisfaction))) continue;
    const score = Math.round(clamp(satisfaction * 10.5 + 1.3 * random.normal(), 0, 10));
    const channel: Channel = paperless ? 'email' : 'sms';
    addSurvey(h, h.daytime(at), 'survey.nps', score, channel, channel === 'email' ? 'email' : 'phone', a, { trigger: 'relationship' });
  }

  // Social posts, from those with a handle: mostly complaints, as on any operator's feed.
  if (has('social')) {
    for (let i = random.poisson(0.025 * friction * windowMonths); i > 0; i--) {
      const negative = random.chance(1 - satisfaction * 0.8);
      const text = negative ? random.pick(negativePosts(a)) : random.pick(POSITIVE_POSTS);
      h.add(within(windowStart), 'social', 'social', 'social.post', text, { sentiment: negative ? 'negative' : 'positive', mentions: [COMPANY_HANDLE], likes: random.int(0, negative ? 60 : 15) }, 'social');
    }
  }
}

function writeBilling(h: History, a: TelcoAttributes, windowStart: number): void {
  const { random, asOf } = h;
  const billingDay = random.int(1, 28);
  const paperless = a.PaperlessBilling === 'Yes';
  const automatic = a.PaymentMethod.includes('automatic');
  // Electronic checks bounce: they are the data set's highest-churn payment method for a reason.
  const failureRate = (a.PaymentMethod === 'Electronic check' ? 0.07 : 0.012) * (a.Churn === 'Yes' ? 1.8 : 1);
  const now = new Date(asOf);
  for (let k = BILLING_MONTHS - 1; k >= 0; k--) {
    const at = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, billingDay, 6);
    if (at < windowStart || at > asOf) continue;
    const amount = round2(a.MonthlyCharges * (1 + 0.02 * random.normal() * (random.chance(0.15) ? 1 : 0)));
    const period = new Date(at).toISOString().slice(0, 7);
    const invoiceId = `INV-${h.customerID.slice(0, 4)}-${period.replace('-', '')}`;
    h.add(at, 'billing', paperless ? 'email' : 'mail', 'billing.invoice', `Invoice for ${monthName(at)}: ${money(amount)}`, {
      invoiceId,
      amount,
      currency: 'USD',
      period,
      dueDate: new Date(at + 21 * DAY_MS).toISOString().slice(0, 10),
    }, paperless ? 'email' : 'account');

    const payAt = at + (automatic ? 21 * DAY_MS : random.int(5, 20) * DAY_MS) + random.int(0, 12) * 3600_000;
    const channel: Channel = automatic ? 'system' : a.PaymentMethod === 'Mailed check' ? 'mail' : 'web';
    const method = a.PaymentMethod;
    if (random.chance(failureRate)) {
      const reason = random.pick(['insufficient funds', 'account closed', 'payment declined by the bank']);
      h.add(payAt, 'billing', channel, 'billing.payment_failed', `Payment of ${money(amount)} failed: ${reason}`, { invoiceId, amount, currency: 'USD', method, reason }, 'account');
      h.add(payAt + 3600_000, 'crm', 'sms', 'sms.outbound', `Reminder: your ${monthName(at)} payment of ${money(amount)} did not go through`, { template: 'payment_failed' }, 'phone');
      if (random.chance(0.85)) {
        const retryAt = payAt + random.int(2, 7) * DAY_MS;
        h.add(retryAt, 'billing', channel, 'billing.payment', `Payment received: ${money(amount)}`, { invoiceId, amount, currency: 'USD', method, retry: true }, 'account');
      }
    } else {
      h.add(payAt, 'billing', channel, 'billing.payment', `Payment received: ${money(amount)}`, { invoiceId, amount, currency: 'USD', method }, 'account');
    }
  }
}

function writeContacts(
  h: History,
  a: TelcoAttributes,
  friction: number,
  satisfaction: number,
  windowStart: number,
  has: (kind: IdentityKind) => boolean,
): void {
  const { random, asOf } = h;
  const topics = topicWeights(a, satisfaction);
  const contacts = random.poisson(0.09 * friction ** 0.9 * ((asOf - windowStart) / MONTH_MS));
  // More contacts and a higher share of them complaints: complaints grow faster than friction.
  const complaintChance = clamp(0.07 * friction ** 0.8, 0.02, 0.65);
  const churn = a.Churn === 'Yes';
  for (let i = 0; i < contacts; i++) {
    const topic = random.weighted(topics);
    // Late contacts weigh more for churners: the trouble builds up before they leave.
    const u = churn ? Math.sqrt(random.next()) : random.next();
    const at = h.daytime(windowStart + u * (asOf - windowStart));
    const channel = random.weighted<Channel>([
      ['voice', 0.55],
      ['chat', has('chat') ? 0.25 : 0],
      ['email', 0.12],
      ['sms', 0.04],
      ['store', 0.06],
      ['social', has('social') ? 0.04 : 0],
    ]);
    addContact(h, at, channel, topic, satisfaction);

    if (random.chance(complaintChance)) {
      const complaintId = h.nextComplaintId();
      const severity = random.weighted([['low', 0.4], ['medium', 0.4], ['high', 0.2 * friction]] as const);
      h.add(at + 60_000, 'crm', channel === 'social' ? 'social' : channel, 'complaint.opened', `Complaint opened: ${topic.complaint}`, {
        complaintId,
        category: topic.category,
        severity,
        topic: topic.key,
      }, viaOf(channel));
      // Some stay open: these are the "open complaint" risk reasons the console shows.
      if (random.chance(churn ? 0.6 : 0.85)) {
        const resolvedAt = at + random.int(1, 12) * DAY_MS;
        const credit = random.chance(0.4) ? random.pick([5, 10, 15, 20, 25]) : 0;
        h.add(resolvedAt, 'crm', 'system', 'complaint.resolved', `Complaint resolved${credit ? `: ${money(credit)} credit applied` : ': fixed, customer informed'}`, {
          complaintId,
          resolution: credit ? 'credit' : 'fixed',
          ...(credit ? { creditAmount: credit } : {}),
        }, 'account');
      }
    }
    if (topic.billing && random.chance(0.25 + 0.05 * friction)) {
      const disputeId = h.nextDisputeId();
      const amount = round2(random.int(800, 6000) / 100);
      h.add(at + 120_000, 'billing', channel === 'social' ? 'voice' : channel, 'billing.dispute_opened', `Disputed ${money(amount)} on the ${monthName(at - 15 * DAY_MS)} invoice`, {
        disputeId,
        amount,
        currency: 'USD',
        reason: topic.key,
      }, 'account');
      if (random.chance(0.7)) {
        const resolvedAt = at + random.int(3, 20) * DAY_MS;
        const credited = random.chance(0.6);
        h.add(resolvedAt, 'billing', 'system', 'billing.dispute_resolved', credited ? `Dispute resolved: ${money(amount)} credited` : 'Dispute resolved: charge upheld', {
          disputeId,
          outcome: credited ? 'credited' : 'upheld',
          amount,
        }, 'account');
        if (credited && random.chance(0.4)) {
          h.add(resolvedAt + DAY_MS, 'billing', 'system', 'billing.refund', `Refund of ${money(amount)}`, { disputeId, amount, currency: 'USD' }, 'account');
        }
      }
    }
    if (topic.field && a.InternetService === 'Fiber optic' && random.chance(0.25)) {
      const outcome = random.pick(['replaced the router', 'repaired the fiber connection at the street box', 'fixed the wall socket', 'found no fault']);
      h.add(h.daytime(at + random.int(1, 5) * DAY_MS), 'crm', 'field', 'visit.field', `Technician visit: ${outcome}`, {
        reason: topic.key,
        outcome,
        durationMin: random.int(30, 150),
      }, 'account');
    }
    // Post-contact surveys, on the channels that send them.
    if (channel === 'voice' || channel === 'chat') {
      if (random.chance(0.22)) {
        const score = Math.round(clamp(1 + satisfaction * 4.3 + 0.7 * random.normal(), 1, 5));
        addSurvey(h, at + random.int(10, 120) * 60_000, 'survey.csat', score, 'sms', 'phone', a, { trigger: 'post-contact', contactChannel: channel, topic: topic.key });
      } else if (random.chance(0.1)) {
        const score = Math.round(clamp(1 + satisfaction * 6.2 + 0.9 * random.normal(), 1, 7));
        addSurvey(h, at + random.int(10, 120) * 60_000, 'survey.ces', score, 'email', 'email', a, { trigger: 'post-contact', contactChannel: channel, topic: topic.key });
      }
    }
  }
}

const viaOf = (channel: Channel): IdentityKind =>
  channel === 'voice' || channel === 'sms' ? 'phone' : channel === 'email' ? 'email' : channel === 'chat' ? 'chat' : channel === 'social' ? 'social' : 'account';

function addContact(h: History, at: number, channel: Channel, topic: Topic, satisfaction: number): void {
  const { random } = h;
  const unhappy = 1 - satisfaction;
  switch (channel) {
    case 'voice': {
      const waitSec = Math.round(random.int(10, 240) * (1 + unhappy));
      h.add(at, 'telephony', 'voice', 'call.inbound', `Called about ${topic.label}`, {
        topic: topic.key,
        queue: topic.queue,
        durationSec: Math.round(random.int(120, 900) * (1 + unhappy)),
        waitSec,
        resolvedFirstContact: random.chance(0.4 + 0.5 * satisfaction),
      }, 'phone');
      if (random.chance(0.08 + 0.1 * unhappy)) {
        h.add(at - random.int(1, 48) * 3600_000, 'telephony', 'voice', 'call.missed', 'Missed call: hung up in the queue', { queue: topic.queue, waitSec: random.int(300, 1500) }, 'phone');
      }
      return;
    }
    case 'chat':
      h.add(at, 'chat', 'chat', 'chat.session', `Chatted about ${topic.label}`, {
        topic: topic.key,
        queue: topic.queue,
        durationSec: random.int(180, 1500),
        messages: random.int(4, 30),
      }, 'chat');
      return;
    case 'email':
      h.add(at, 'crm', 'email', 'email.inbound', `Emailed about ${topic.label}`, { topic: topic.key, queue: topic.queue }, 'email');
      if (random.chance(0.85)) {
        h.add(at + random.int(2, 40) * 3600_000, 'crm', 'email', 'email.outbound', `Reply: about ${topic.label}`, { topic: topic.key, inReplyTo: 'email.inbound' }, 'email');
      }
      return;
    case 'sms':
      h.add(at, 'crm', 'sms', 'sms.inbound', `Texted about ${topic.label}`, { topic: topic.key }, 'phone');
      h.add(at + random.int(5, 180) * 60_000, 'crm', 'sms', 'sms.outbound', `Replied by text about ${topic.label}`, { topic: topic.key }, 'phone');
      return;
    case 'store':
      h.add(at, 'crm', 'store', 'visit.store', `Visited the ${random.pick(STORES)} store about ${topic.label}`, { topic: topic.key, durationMin: random.int(5, 45) }, 'account');
      return;
    case 'social':
      h.add(at, 'social', 'social', 'social.message', `Direct message about ${topic.label}`, { topic: topic.key, to: COMPANY_HANDLE }, 'social');
      return;
    default:
      throw new Error(`no contact on channel ${channel}`);
  }
}

function addSurvey(
  h: History,
  at: number,
  type: 'survey.nps' | 'survey.csat' | 'survey.ces',
  score: number,
  channel: Channel,
  via: IdentityKind,
  a: TelcoAttributes,
  extra: Record<string, unknown>,
): void {
  const { random } = h;
  const band = type === 'survey.nps' ? (score >= 9 ? 'good' : score >= 7 ? 'fair' : 'bad') : type === 'survey.csat' ? (score >= 4 ? 'good' : score === 3 ? 'fair' : 'bad') : score >= 5 ? 'good' : score >= 4 ? 'fair' : 'bad';
  const comment = random.chance(0.6) ? random.pick(band === 'good' ? GOOD_COMMENTS : band === 'fair' ? FAIR_COMMENTS : badComments(a)) : undefined;
  const label = type === 'survey.nps' ? `NPS ${score}/10` : type === 'survey.csat' ? `CSAT ${score}/5` : `Effort score ${score}/7`;
  h.add(at, 'surveys', channel, type, comment ? `${label}: "${comment}"` : label, { score, ...(comment ? { comment } : {}), ...extra }, via);
}

const GOOD_COMMENTS = [
  'Reliable service, never had a problem',
  'The agent sorted it out in minutes',
  'Great value for the speed',
  'Friendly staff at the store',
  'Easy to get hold of someone',
  'Installation was quick and tidy',
];
const FAIR_COMMENTS = [
  'Fine overall, a bit pricey',
  'Works most of the time',
  'Took two tries but it got fixed',
  'OK, the app could be better',
  'Waited a while but the answer was right',
];
const COMMON_BAD = [
  'Had to call three times about the same problem',
  'Waited 40 minutes on hold',
  'Nobody called me back as promised',
  'Thinking about switching to another provider',
];
function badComments(a: TelcoAttributes): string[] {
  const extra: string[] = [];
  if (a.InternetService === 'Fiber optic') extra.push('Internet drops every evening', 'Paying for fiber speed I never get', 'The price went up again for the same service');
  if (a.InternetService === 'DSL') extra.push('Internet is painfully slow');
  if (a.MonthlyCharges > 80) extra.push('Too expensive for what I get', 'My bill keeps going up');
  if (a.PaymentMethod === 'Electronic check') extra.push('Charged a late fee for a payment I made');
  if (a.Contract === 'Month-to-month') extra.push('Another provider offered me half the price');
  return [...COMMON_BAD, ...extra];
}

const POSITIVE_POSTS = [
  `Shout-out to ${COMPANY_HANDLE}, fixed my Wi-Fi in ten minutes`,
  `New router from ${COMPANY_HANDLE} and the whole house finally has signal`,
  `${COMPANY_HANDLE} support was actually helpful today, who knew`,
];
function negativePosts(a: TelcoAttributes): string[] {
  const posts = [
    `Two hours on hold with ${COMPANY_HANDLE} and still no fix`,
    `${COMPANY_HANDLE} your chat bot is useless, I need a person`,
    `Seriously considering switching providers. ${COMPANY_HANDLE} are you listening?`,
  ];
  if (a.InternetService !== 'No') posts.push(`Internet down AGAIN. Third time this week ${COMPANY_HANDLE}`, `Paying for 300 Mbps and getting 20. Thanks ${COMPANY_HANDLE}`);
  if (a.MonthlyCharges > 80) posts.push(`${COMPANY_HANDLE} raised my bill again without a word. Time to shop around`);
  return posts;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
