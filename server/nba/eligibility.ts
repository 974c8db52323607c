import type { Condition, EligibilityFact, EligibilityRule } from '../../shared/nba';

/** The facts of one moment, as eligibility rules see them. A fact the server does not know is null. */
export type NbaFacts = {
  [K in EligibilityFact]: K extends 'risk.reasons' | 'intents' | 'services' | 'recentOffers'
    ? string[]
    : K extends 'risk.score' | 'sentiment' | 'tenureMonths' | 'monthlyCharges' | 'openComplaints' | 'lastNps'
      ? number | null
      : K extends 'paperlessBilling' | 'seniorCitizen'
        ? boolean | null
        : string | null;
};

/**
 * Evaluates a rule validated by `eligibilityRuleSchema` (never `eval`). A condition on an
 * unknown fact is false, except `neq`, `nin`, `excludes`, `includesNone` and `exists: false`,
 * which say what the customer is not.
 */
export function isEligible(rule: EligibilityRule, facts: NbaFacts): boolean {
  if ('all' in rule) return rule.all.every((r) => isEligible(r, facts));
  if ('any' in rule) return rule.any.some((r) => isEligible(r, facts));
  if ('not' in rule) return !isEligible(rule.not, facts);
  return holds(rule, facts[rule.fact]);
}

function holds({ op, value }: Condition, fact: NbaFacts[EligibilityFact]): boolean {
  if (op === 'exists') {
    const present = Array.isArray(fact) ? fact.length > 0 : fact !== null;
    return value === false ? !present : present;
  }
  if (Array.isArray(fact)) {
    const wanted = Array.isArray(value) ? value.map(String) : [String(value)];
    switch (op) {
      case 'includes':
        return fact.includes(String(value));
      case 'excludes':
        return !fact.includes(String(value));
      case 'includesAny':
        return wanted.some((v) => fact.includes(v));
      case 'includesNone':
        return !wanted.some((v) => fact.includes(v));
      default:
        return false;
    }
  }
  if (fact === null) return op === 'neq' || op === 'nin';
  switch (op) {
    case 'eq':
      return fact === value;
    case 'neq':
      return fact !== value;
    case 'in':
      return Array.isArray(value) && value.some((v) => v === fact);
    case 'nin':
      return Array.isArray(value) && !value.some((v) => v === fact);
    case 'gt':
      return typeof value === 'number' && typeof fact === 'number' && fact > value;
    case 'gte':
      return typeof value === 'number' && typeof fact === 'number' && fact >= value;
    case 'lt':
      return typeof value === 'number' && typeof fact === 'number' && fact < value;
    case 'lte':
      return typeof value === 'number' && typeof fact === 'number' && fact <= value;
    default:
      return false;
  }
}
