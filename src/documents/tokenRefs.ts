/**
 * Tokens that hover links and code actions refer to. Command links carry a
 * number, never token text, so nothing a token holds can reach a command URI;
 * the token stays in memory. Bounded: old references are forgotten.
 */
export class TokenRefs {
  private static readonly MAX = 64;
  private readonly tokens = new Map<number, string>();
  private next = 1;

  add(token: string): number {
    for (const [ref, known] of this.tokens) if (known === token) return ref;
    const ref = this.next++;
    this.tokens.set(ref, token);
    if (this.tokens.size > TokenRefs.MAX) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    return ref;
  }

  /** The token behind a command argument `{ ref }`, if it is still known. */
  resolve(arg: unknown): string | undefined {
    if (typeof arg === 'string') return arg;
    const ref = typeof arg === 'object' && arg !== null ? (arg as { ref?: unknown }).ref : undefined;
    return typeof ref === 'number' ? this.tokens.get(ref) : undefined;
  }
}
