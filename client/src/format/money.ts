const formatters = new Map<string, Intl.NumberFormat>();

/** An amount in the agent's locale; one formatter per currency, built on first use. */
export function formatMoney(amount: number, currency: string): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    formatters.set(currency, formatter);
  }
  return formatter.format(amount);
}
