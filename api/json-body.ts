import type { FastifyInstance } from 'fastify';
import { ProblemError } from './problems';

/**
 * JSON bodies: an empty body is no body (POST …/otp/resend needs none), a malformed one is a
 * problem naming where it broke, without echoing any of it (it may hold a person's data).
 * JSON.parse keeps "__proto__" as a plain own key, which the strict schemas then refuse.
 */
export function registerJsonBody(app: FastifyInstance): void {
  // JSON only: any other media type is 415 (Fastify would otherwise hand text/plain to the schema).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    // Before anything walks it (JSON.parse, a hook, a schema): thousands of levels would overflow a recursive walk.
    if (!nestsWithin(text, maxJsonDepth)) {
      return done(new ProblemError(400, 'malformed-json', undefined, [{ field: 'body', message: `nests deeper than ${maxJsonDepth} levels` }]), undefined);
    }
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      const position = (err as Error).message.match(/position (\d+)/)?.[1];
      done(
        new ProblemError(400, 'malformed-json', undefined, [
          { field: 'body', message: position ? `is not valid JSON (at character ${position})` : 'is not valid JSON' },
        ]),
        undefined,
      );
    }
  });
}

/** Far deeper than any request of ours (an sFOX corporation nests 5 levels). */
export const maxJsonDepth = 32;

/** True when no object or array in the JSON text nests deeper than `max`: one pass, no recursion. */
export function nestsWithin(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return false;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return true;
}
