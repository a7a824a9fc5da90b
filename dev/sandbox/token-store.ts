import { randomBytes } from 'node:crypto';

/** What a presented token is: the user it acts for, or why it acts for nobody. */
export type TokenCheck = { valid: true; userId: string } | { valid: false; reason: 'unknown' | 'expired' };

/**
 * The user tokens an emulator mints: random strings that act for one user until they expire or
 * are revoked. Each emulator keeps its own store (its tokens mean nothing at another provider)
 * and words the refusals in its own envelope.
 */
export class TokenStore {
  private readonly tokens = new Map<string, { userId: string; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  /** A new token for the user, valid until `expiresAt` (epoch ms). */
  mint(userId: string, expiresAt: number, format: { bytes: number; encoding: 'hex' | 'base64url' } = { bytes: 32, encoding: 'hex' }): string {
    const token = randomBytes(format.bytes).toString(format.encoding);
    this.tokens.set(token, { userId, expiresAt });
    return token;
  }

  check(token: string | undefined): TokenCheck {
    const entry = token ? this.tokens.get(token) : undefined;
    if (!entry) return { valid: false, reason: 'unknown' };
    if (this.now() >= entry.expiresAt) return { valid: false, reason: 'expired' };
    return { valid: true, userId: entry.userId };
  }

  expiresAt(token: string): number | undefined {
    return this.tokens.get(token)?.expiresAt;
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }

  revokeAllOf(userId: string): void {
    for (const [token, entry] of this.tokens) if (entry.userId === userId) this.tokens.delete(token);
  }

  /** Makes every live token of the user expire now (the sandbox's control, to exercise renewal); how many there were. */
  expireAllOf(userId: string): number {
    let expired = 0;
    for (const entry of this.tokens.values()) {
      if (entry.userId === userId && entry.expiresAt > this.now()) {
        entry.expiresAt = this.now();
        expired++;
      }
    }
    return expired;
  }
}
