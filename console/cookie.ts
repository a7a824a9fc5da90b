import { sessionCookieName, sessionLifetimeMs } from './session';

/**
 * The Set-Cookie header for a console session: HttpOnly (no script reads it), SameSite=Strict (no
 * other site sends it), Secure when the console is served over https, scoped to /console.
 */
export function sessionCookieHeader(value: string, secure: boolean): string {
  return cookie(value, Math.floor(sessionLifetimeMs / 1000), secure);
}

/** Sign-out: the same cookie, emptied and already expired. */
export function clearedSessionCookieHeader(secure: boolean): string {
  return cookie('', 0, secure);
}

function cookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${sessionCookieName}=${value}`, 'Path=/console', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join(
    '; ',
  );
}

/** One cookie's value from a Cookie request header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}
