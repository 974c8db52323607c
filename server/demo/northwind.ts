import type { IngestEvent } from '../../shared/ingest';
import type { Channel, EventType, Identity, IdentityKind } from '../../shared/timeline';
import { DAY_MS, HISTORY_MONTHS } from './history';
import { Random } from './random';

/**
 * One heavy customer: a small business with two dozen lines whose staff call, chat, order and
 * complain all the time, so the console's timeline has exactly 10,000 events to scroll through.
 * The name is easy to search for.
 */
export const NORTHWIND = {
  name: 'Northwind Traders',
  account: 'NWT-100200',
  identities: [
    { kind: 'account', value: 'NWT-100200' },
    { kind: 'phone', value: '+12067841200' },
    { kind: 'email', value: 'accounts@northwindtraders.com' },
    { kind: 'chat', value: 'northwind-traders' },
    { kind: 'social', value: '@northwindtraders' },
  ] satisfies Identity[],
  attributes: {
    segment: 'Small business',
    lines: 24,
    gender: null,
    SeniorCitizen: 0,
    Partner: 'No',
    Dependents: 'No',
    tenure: 58,
    PhoneService: 'Yes',
    MultipleLines: 'Yes',
    InternetService: 'Fiber optic',
    OnlineSecurity: 'Yes',
    OnlineBackup: 'Yes',
    DeviceProtection: 'Yes',
    TechSupport: 'Yes',
    StreamingTV: 'No',
    StreamingMovies: 'No',
    Contract: 'Two year',
    PaperlessBilling: 'Yes',
    PaymentMethod: 'Bank transfer (automatic)',
    MonthlyCharges: 1249.0,
    TotalCharges: 70563.5,
    Churn: 'No',
  },
  eventCount: 10_000,
} as const;

type Maker = (random: Random, n: number) => { source: string; channel: Channel; type: EventType; summary: string; data: Record<string, unknown>; via: IdentityKind };

const STAFF = ['Nancy Davolio', 'Andrew Fuller', 'Janet Leverling', 'Margaret Peacock', 'Steven Buchanan', 'Michael Suyama', 'Robert King', 'Laura Callahan', 'Anne Dodsworth'];
const SITES = ['Seattle warehouse', 'Tacoma shop', 'Redmond office', 'Kirkland depot'];
const ISSUES = ['a line with no dial tone', 'slow internet at the warehouse', 'voicemail not reaching email', 'a handset that will not register', 'the Wi-Fi in the back office', 'call forwarding to mobiles', 'a new starter who needs a line', 'porting a number from another provider'];

const MAKERS: readonly (readonly [Maker, number])[] = [
  [(r) => ({ source: 'telephony', channel: 'voice', type: 'call.inbound', summary: `${r.pick(STAFF)} called about ${r.pick(ISSUES)}`, data: { queue: 'support', durationSec: r.int(90, 1200), site: r.pick(SITES) }, via: 'phone' }), 30],
  [(r) => ({ source: 'telephony', channel: 'voice', type: 'call.outbound', summary: `Account manager called ${r.pick(STAFF)} back`, data: { queue: 'support', durationSec: r.int(60, 900) }, via: 'phone' }), 8],
  [(r) => ({ source: 'chat', channel: 'chat', type: 'chat.session', summary: `${r.pick(STAFF)} chatted about ${r.pick(ISSUES)}`, data: { queue: 'support', messages: r.int(4, 40) }, via: 'chat' }), 14],
  [(r) => ({ source: 'crm', channel: 'email', type: 'email.inbound', summary: `${r.pick(STAFF)} emailed about ${r.pick(ISSUES)}`, data: { queue: 'support' }, via: 'email' }), 10],
  [(r) => ({ source: 'crm', channel: 'email', type: 'email.outbound', summary: `Reply to ${r.pick(STAFF)}`, data: {}, via: 'email' }), 8],
  [(r) => ({ source: 'crm', channel: 'sms', type: 'sms.outbound', summary: `Engineer on the way to the ${r.pick(SITES)}`, data: { template: 'engineer_en_route' }, via: 'phone' }), 3],
  [(r, n) => { const item = r.pick(['desk handset', 'headset', '4G backup router', 'extra line', 'mesh Wi-Fi kit']); return { source: 'crm', channel: 'web', type: 'order.placed', summary: `Ordered a ${item} for the ${r.pick(SITES)}`, data: { orderId: `NWT-O${n}`, item, amount: r.int(30, 400) }, via: 'account' }; }, 7],
  [(r) => ({ source: 'crm', channel: 'field', type: 'visit.field', summary: `Technician at the ${r.pick(SITES)}: ${r.pick(['patched the comms cabinet', 'replaced a faulty switch', 'moved three lines', 'installed new handsets'])}`, data: { durationMin: r.int(30, 240) }, via: 'account' }), 4],
  [(r) => ({ source: 'campaigns', channel: 'email', type: 'campaign.sent', summary: `Campaign: ${r.pick(['Business fiber 2 Gbps', 'Unlimited business mobile', 'Cloud PBX migration'])}`, data: { campaignId: 'business' }, via: 'email' }), 3],
  [(r, n) => ({ source: 'crm', channel: 'voice', type: 'complaint.opened', summary: `Complaint opened: ${r.pick(ISSUES)}`, data: { complaintId: `NWT-C${n}`, category: r.pick(['network', 'service', 'device']), severity: r.pick(['low', 'medium']) }, via: 'account' }), 2],
  [(r) => { const score = r.int(3, 5); return { source: 'surveys', channel: 'email', type: 'survey.csat', summary: `CSAT ${score}/5`, data: { score }, via: 'email' }; }, 3],
  [(r) => ({ source: 'crm', channel: 'system', type: 'account.note', summary: `Note: ${r.pick(['renewal conversation planned for Q3', 'prefers email over calls', 'asked for a single monthly invoice', 'new office manager is the contact'])}`, data: {}, via: 'account' }), 1],
];

/** Exactly `NORTHWIND.eventCount` events over the history window, newest no later than `asOf`. */
export function generateNorthwindEvents(options: { seed: number; asOf: Date }): IngestEvent[] {
  const random = new Random(options.seed, NORTHWIND.account);
  const asOf = options.asOf.getTime();
  const start = asOf - HISTORY_MONTHS * 30.44 * DAY_MS;
  const drafts: (ReturnType<Maker> & { at: number })[] = [];

  // A monthly invoice and payment, then a steady stream of everything else.
  const now = new Date(asOf);
  for (let k = HISTORY_MONTHS - 1; k >= 0; k--) {
    const at = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1, 6);
    if (at > asOf) continue;
    const amount = NORTHWIND.attributes.MonthlyCharges;
    const period = new Date(at).toISOString().slice(0, 7);
    drafts.push({ at, source: 'billing', channel: 'email', type: 'billing.invoice', summary: `Invoice for ${period}: $${amount.toFixed(2)}`, data: { invoiceId: `NWT-${period}`, amount, currency: 'USD', period }, via: 'account' });
    if (at + 14 * DAY_MS <= asOf) {
      drafts.push({ at: at + 14 * DAY_MS, source: 'billing', channel: 'system', type: 'billing.payment', summary: `Payment received: $${amount.toFixed(2)}`, data: { invoiceId: `NWT-${period}`, amount, currency: 'USD' }, via: 'account' });
    }
  }
  for (let n = 1; drafts.length < NORTHWIND.eventCount; n++) {
    // Working hours on weekdays, where a business's contacts happen.
    let at = start + random.next() * (asOf - start);
    const day = new Date(at).getUTCDay();
    if (day === 0 || day === 6) at += (day === 6 ? 2 : 1) * DAY_MS;
    at = Math.floor(at / DAY_MS) * DAY_MS + random.int(15 * 3600, 25 * 3600) * 1000;
    if (at > asOf) continue;
    const made = random.weighted(MAKERS)(random, n);
    drafts.push({ at, ...made });
    // Follow-ups reference what they follow; one past `asOf` has not happened yet.
    const later = at + random.int(1, 5) * DAY_MS;
    if (made.type === 'complaint.opened' && later <= asOf) {
      drafts.push({ at: later, source: 'crm', channel: 'system', type: 'complaint.resolved', summary: 'Complaint resolved: fixed on site', data: { complaintId: made.data.complaintId, resolution: 'fixed' }, via: 'account' });
    }
    if (made.type === 'order.placed' && later <= asOf) {
      drafts.push({ at: later, source: 'crm', channel: 'mail', type: 'order.shipped', summary: `Shipped order ${String(made.data.orderId)}`, data: { orderId: made.data.orderId, carrier: random.pick(['UPS', 'FedEx']) }, via: 'account' });
    }
  }
  // A follow-up may overshoot by one; the newest goes.
  drafts.sort((a, b) => a.at - b.at);
  drafts.length = NORTHWIND.eventCount;

  const byKind = new Map<IdentityKind, Identity>(NORTHWIND.identities.map((identity) => [identity.kind, identity]));
  return drafts.map((draft, i) => ({
    source: draft.source,
    sourceEventId: `${NORTHWIND.account}-${String(i + 1).padStart(5, '0')}`,
    occurredAt: new Date(draft.at).toISOString(),
    channel: draft.channel,
    type: draft.type,
    customer:
      i === 0
        ? { identities: [...NORTHWIND.identities], profile: { name: NORTHWIND.name, attributes: { ...NORTHWIND.attributes } } }
        : { identities: [byKind.get(draft.via)!] },
    summary: draft.summary,
    data: draft.data,
  }));
}
