import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../api/auth';
import { actorIdPattern, apiRoles, type ApiRole } from '../domain/actor';

/** How long a console sign-in lasts: one working day. */
export const sessionLifetimeMs = 8 * 60 * 60 * 1000;
export const sessionCookieName = 'console_session';

export interface ConsoleSession extends Principal {
  /** Epoch milliseconds after which the cookie is refused. */
  expiresAt: number;
}

/**
 * Stateless signed sessions, so any API instance accepts a cookie another issued: the HMAC key is
 * derived (HKDF) from the secrets key every API instance already shares, and the codec server
 * never holds (so it could not forge a session).
 * The cookie holds ids and a role only, never the API key.
 */
export class SessionSigner {
  private readonly macKey: Buffer;

  constructor(secretsKey: Uint8Array) {
    this.macKey = Buffer.from(hkdfSync('sha256', secretsKey, Buffer.alloc(0), 'onboarding console session v1', 32));
  }

  private mac(text: string): string {
    return createHmac('sha256', this.macKey).update(text).digest('base64url');
  }

  issue(principal: Principal, now = Date.now()): string {
    const body = `${principal.id}.${principal.role}.${now + sessionLifetimeMs}`;
    return `${body}.${this.mac(`session\n${body}`)}`;
  }

  /** The session a cookie names, or undefined when it is forged, malformed or expired. */
  verify(cookie: string | undefined, now = Date.now()): ConsoleSession | undefined {
    const parts = (cookie ?? '').split('.');
    if (parts.length < 4) return undefined;
    const signature = parts.pop() as string;
    const expires = parts.pop() as string;
    const role = parts.pop() as string;
    const id = parts.join('.');
    const body = `${id}.${role}.${expires}`;
    if (!equal(signature, this.mac(`session\n${body}`))) return undefined;
    const expiresAt = Number(expires);
    if (!actorIdPattern.test(id) || !apiRoles.includes(role as ApiRole) || !(expiresAt > now)) return undefined;
    return { id, role: role as ApiRole, expiresAt };
  }

  /** The CSRF token bound to one session cookie: a form from another session (or none) is refused. */
  csrfToken(cookie: string): string {
    return this.mac(`csrf\n${cookie}`);
  }

  checkCsrf(cookie: string, token: string | undefined): boolean {
    return token !== undefined && equal(token, this.csrfToken(cookie));
  }
}

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
