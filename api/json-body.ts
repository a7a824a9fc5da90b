import type { FastifyInstance } from 'fastify';
import { ProblemError } from './problems';
import { jsonLimits, readWellFormedJson, type JsonLimits } from './well-formed';

/**
 * JSON bodies: an empty body is no body (POST …/otp/resend needs none); any other is read as
 * bytes and must be well-formed (./well-formed.ts) before a hook or a schema sees it. A bad one is
 * a 400 problem naming `body` and what is wrong with it, without echoing any of it (it may hold a
 * person's data). JSON.parse keeps "__proto__" as a plain own key, which the strict schemas then refuse.
 */
export function registerJsonBody(app: FastifyInstance, limits: JsonLimits = jsonLimits): void {
  // JSON only: any other media type is 415 (Fastify would otherwise hand text/plain to the schema).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    const bytes = body as Buffer;
    if (isBlank(bytes)) return done(null, undefined);
    const read = readWellFormedJson(bytes, limits);
    if (!read.ok) return done(malformedBody(read.problem), undefined);
    done(null, read.value);
  });
}

/** The problem of a body that is not well-formed JSON, from what is wrong with it. */
export function malformedBody(problem: string): ProblemError {
  return new ProblemError(400, 'malformed-json', undefined, [{ field: 'body', message: problem }]);
}

/** Only JSON's whitespace (or nothing). */
function isBlank(bytes: Buffer): boolean {
  return bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
}
