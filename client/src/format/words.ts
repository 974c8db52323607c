/** "payment_method" / "PaymentMethod" / "StreamingTV" → "Payment method" / "Payment method" / "Streaming TV". */
export function humanize(text: string): string {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[_\-\s]+/)
    .filter(Boolean);
  return words
    .map((word, index) => {
      // Acronyms (TV, DSL, ID) keep their capitals; everything else reads as a sentence.
      if (word.length > 1 && word === word.toUpperCase()) return word;
      const lower = word.toLowerCase();
      return index === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(' ');
}
