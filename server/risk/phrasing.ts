/**
 * Plain words for a reason. Known telco columns (IBM's sample, which the default model is
 * trained on) get phrasings an agent can read aloud; any other column falls back to
 * "<column>: <value>", which is still true to the data for tables we have never seen.
 * Keys are matched case- and punctuation-insensitively so "tenure", "Tenure" and "TENURE" all
 * find theirs; an unexpected value of a known column also falls back.
 */
import type { DisplayValue } from './encoding';

type Phrase = (value: DisplayValue) => string | undefined;

const money = (amount: number): string => `$${Math.round(amount).toLocaleString('en-US')}`;

const yesNo = (yes: string, no: string, noInternet = 'No internet service'): Phrase => (value) => {
  switch (String(value).toLowerCase()) {
    case 'yes':
    case '1':
      return yes;
    case 'no':
    case '0':
      return no;
    case 'no internet service':
      return noInternet;
    case 'no phone service':
      return 'No phone service';
    default:
      return undefined;
  }
};

const TELCO_PHRASES: Record<string, Phrase> = {
  gender: (value) => (value === null ? undefined : `Gender: ${String(value).toLowerCase()}`),
  seniorcitizen: yesNo('Senior citizen', 'Not a senior citizen'),
  partner: yesNo('Has a partner', 'No partner'),
  dependents: yesNo('Has dependents', 'No dependents'),
  tenure: (value) => {
    if (typeof value !== 'number') return value === null ? 'Tenure unknown' : undefined;
    const months = Math.round(value);
    return months === 0 ? 'Joined this month' : `Tenure of ${months} month${months === 1 ? '' : 's'}`;
  },
  phoneservice: yesNo('Has phone service', 'No phone service'),
  multiplelines: yesNo('Multiple phone lines', 'Single phone line'),
  internetservice: (value) => {
    switch (String(value).toLowerCase()) {
      case 'fiber optic':
        return 'Fiber optic internet';
      case 'dsl':
        return 'DSL internet';
      case 'no':
        return 'No internet service';
      default:
        return undefined;
    }
  },
  onlinesecurity: yesNo('Has online security', 'No online security'),
  onlinebackup: yesNo('Has online backup', 'No online backup'),
  deviceprotection: yesNo('Has device protection', 'No device protection'),
  techsupport: yesNo('Has tech support', 'No tech support'),
  streamingtv: yesNo('Streams TV', 'No TV streaming'),
  streamingmovies: yesNo('Streams movies', 'No movie streaming'),
  contract: (value) => {
    switch (String(value).toLowerCase()) {
      case 'month-to-month':
        return 'Month-to-month contract';
      case 'one year':
        return 'One-year contract';
      case 'two year':
        return 'Two-year contract';
      default:
        return undefined;
    }
  },
  paperlessbilling: yesNo('Paperless billing', 'Paper bills'),
  paymentmethod: (value) => {
    switch (String(value).toLowerCase()) {
      case 'electronic check':
        return 'Pays by electronic check';
      case 'mailed check':
        return 'Pays by mailed check';
      case 'bank transfer (automatic)':
        return 'Pays by automatic bank transfer';
      case 'credit card (automatic)':
        return 'Pays by automatic credit card';
      default:
        return undefined;
    }
  },
  monthlycharges: (value) => (typeof value === 'number' ? `Monthly charges ${money(value)}` : value === null ? 'Monthly charges unknown' : undefined),
  // A blank TotalCharges in the telco data is a customer who joined this month and has not been billed yet.
  totalcharges: (value) => (typeof value === 'number' ? `Total billed ${money(value)}` : value === null ? 'Not billed yet' : undefined),
};

const keyOf = (column: string): string => column.toLowerCase().replace(/[^a-z0-9]/g, '');

function formatValue(value: DisplayValue): string {
  if (value === null) return 'unknown';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
  return value;
}

export function describeAttribute(column: string, value: DisplayValue): string {
  return TELCO_PHRASES[keyOf(column)]?.(value) ?? `${column}: ${formatValue(value)}`;
}
