import type { ProfileAttributes, CustomerSummary } from '../../shared/customers';
import type { ChurnRisk, InteractionChannel } from '../../shared/interactions';
import type { NbaFacts } from './eligibility';

/** What the live loop knows at this moment of the interaction. */
export interface NbaMoment {
  channel: InteractionChannel;
  risk: ChurnRisk | null;
  /** Live signal codes detected so far in the conversation. */
  intents: readonly string[];
  /** Rolling customer sentiment, −1..1; null before the customer has spoken. */
  sentiment: number | null;
}

export interface NbaCustomer {
  attributes: ProfileAttributes;
  summary: Pick<CustomerSummary, 'openComplaints' | 'lastNps'>;
  /** Action keys offered to this customer in the last 30 days. */
  recentOffers: readonly string[];
}

/** Profile columns (as the telco export names them) that mean "has this service" when they say Yes. */
const SERVICE_COLUMNS: Record<string, string> = {
  PhoneService: 'phone',
  MultipleLines: 'multiple_lines',
  OnlineSecurity: 'online_security',
  OnlineBackup: 'online_backup',
  DeviceProtection: 'device_protection',
  TechSupport: 'tech_support',
  StreamingTV: 'streaming_tv',
  StreamingMovies: 'streaming_movies',
};

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const yesNo = (value: unknown): boolean | null => (value === 'Yes' || value === true || value === 1 ? true : value === 'No' || value === false || value === 0 ? false : null);

/**
 * Learning is per segment: customers who answer offers alike. Contract type and churn-risk
 * level split acceptance of retention and sales plays the most in telco practice, and both
 * are known for every seeded customer; finer segments would starve each of data.
 */
export function segmentOf(contract: string | null, riskLevel: string | null): string {
  const term = contract === null ? 'unknown' : contract === 'Month-to-month' ? 'monthly' : 'term';
  return `${term}/${riskLevel ?? 'unscored'}`;
}

/** The facts eligibility rules test, from the customer's profile and the live moment. */
export function buildFacts(customer: NbaCustomer, moment: NbaMoment): NbaFacts {
  const a = customer.attributes;
  const internet = text(a.InternetService);
  const services = Object.entries(SERVICE_COLUMNS).flatMap(([column, service]) => (yesNo(a[column]) ? [service] : []));
  if (internet && internet !== 'No') services.push('internet');
  const contract = text(a.Contract);
  return {
    'risk.level': moment.risk?.level ?? null,
    'risk.score': moment.risk?.score ?? null,
    'risk.reasons': moment.risk?.reasons.filter((r) => r.weight > 0).map((r) => r.code) ?? [],
    intents: [...new Set(moment.intents)],
    sentiment: moment.sentiment ?? 0,
    channel: moment.channel,
    segment: segmentOf(contract, moment.risk?.level ?? null),
    tenureMonths: number(a.tenure),
    contract,
    internet,
    services,
    monthlyCharges: number(a.MonthlyCharges),
    paymentMethod: text(a.PaymentMethod),
    paperlessBilling: yesNo(a.PaperlessBilling),
    seniorCitizen: yesNo(a.SeniorCitizen),
    recentOffers: [...customer.recentOffers],
    openComplaints: customer.summary.openComplaints,
    lastNps: customer.summary.lastNps?.score ?? null,
  };
}
