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
