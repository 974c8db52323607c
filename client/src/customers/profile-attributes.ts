import type { ProfileAttributes } from '../../../shared/customers';
import { formatMoney } from '../format/money';
import { humanize } from '../format/words';

export interface AttributeView {
  key: string;
  label: string;
  value: string;
}

type Value = ProfileAttributes[string];

interface KnownAttribute {
  label: string;
  format?: (value: Value) => string;
}

/** Profile data from telco billing systems names fields every which way (MonthlyCharges, monthly_charges). */
const normalizeKey = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

const money = (value: Value) => {
  const amount = typeof value === 'number' ? value : Number(value);
  // The demo contact center bills in US dollars; profile attributes carry no currency of their own.
  return Number.isFinite(amount) ? formatMoney(amount, 'USD') : plain(value);
};
const months = (value: Value) => {
  const count = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(count)) return plain(value);
  if (count < 12) return `${count} month${count === 1 ? '' : 's'}`;
  const years = Math.floor(count / 12);
  const rest = count % 12;
  return `${count} months (${years} yr${rest ? ` ${rest} mo` : ''})`;
};
const yesNo = (value: Value) => (value === 1 || value === true || value === '1' ? 'Yes' : value === 0 || value === false || value === '0' ? 'No' : plain(value));

function plain(value: Value): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

/** What an agent checks first on a telco account, in that order; shown prominently. */
const KEY_ATTRIBUTES: ReadonlyMap<string, KnownAttribute> = new Map([
  ['contract', { label: 'Contract' }],
  ['tenure', { label: 'Tenure', format: months }],
  ['monthlycharges', { label: 'Monthly charges', format: money }],
  ['internetservice', { label: 'Internet' }],
  ['paymentmethod', { label: 'Payment method' }],
]);

const OTHER_KNOWN: ReadonlyMap<string, KnownAttribute> = new Map([
  ['totalcharges', { label: 'Total charges', format: money }],
  ['seniorcitizen', { label: 'Senior citizen', format: yesNo }],
  ['paperlessbilling', { label: 'Paperless billing' }],
  ['customerid', { label: 'Customer ID' }],
  ['streamingtv', { label: 'Streaming TV' }],
]);

export interface ProfileAttributeViews {
  key: AttributeView[];
  more: AttributeView[];
}

/** Splits a profile into the few attributes shown up front and the rest, each labelled and formatted. */
export function viewProfileAttributes(attributes: ProfileAttributes): ProfileAttributeViews {
  const key: AttributeView[] = [];
  const more: AttributeView[] = [];
  const byNormalized = new Map(Object.keys(attributes).map((name) => [normalizeKey(name), name]));

  for (const [normalized, known] of KEY_ATTRIBUTES) {
    const name = byNormalized.get(normalized);
    if (name === undefined) continue;
    const value = attributes[name] ?? null;
    if (value === null || value === '') continue;
    key.push({ key: name, label: known.label, value: (known.format ?? plain)(value) });
  }

  for (const name of Object.keys(attributes).sort((a, b) => a.localeCompare(b))) {
    const normalized = normalizeKey(name);
    const value = attributes[name] ?? null;
    if (KEY_ATTRIBUTES.has(normalized) || value === null || value === '') continue;
    const known = OTHER_KNOWN.get(normalized);
    more.push({ key: name, label: known?.label ?? humanize(name), value: (known?.format ?? plain)(value) });
  }
  return { key, more };
}
