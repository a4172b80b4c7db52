// Numbers written for messages.

/** `1234567` → `"1,234,567"`. */
export function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
