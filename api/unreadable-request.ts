import type { Socket } from 'node:net';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError, problemBody } from './problems';

/**
 * A request Node cannot read as HTTP never reaches a route, a hook or the error handler: Node
 * hands the socket to Fastify's `clientErrorHandler`. Headers over Node's `maxHeaderSize` (16 KiB
 * in all by default) are 431, a request too slow to arrive 408, anything else 400; each as problem+json naming what is
 * wrong, never cached or sniffed (helmet's headers are not sent from here), and the connection is
 * closed. Nothing has been read, so nothing can have started.
 */
export function answerUnreadableRequest(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, field, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers', `are larger than the ${maxHeaderSize / 1024} KiB in all the server reads`]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request', 'did not arrive in time']
        : [400, 'request', 'is not valid HTTP/1.1'];
  this.log.info({ code: err.code, status }, 'unreadable request refused');
  const body = JSON.stringify(
    problemBody(status, status === 431 ? 'headers-too-large' : status === 408 ? 'request-timeout' : 'invalid-request', undefined, [{ field, message }]),
  );
  if (socket.writable) {
    socket.write(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        'Content-Type: application/problem+json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Cache-Control: no-store',
        'X-Content-Type-Options: nosniff',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  }
  socket.destroy(err);
}

/**
 * A URL the router cannot take (a parameter longer than Fastify's maxParamLength, a malformed
 * percent-encoding) is answered before any hook: as a problem naming the path, without repeating
 * it, and with the headers every answer carries (api/security-headers.ts runs in a hook).
 */
export function answerUnroutableRequest(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const [status, message] = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? [414, 'has a part longer than the API reads'] : [400, 'is not a valid URL'];
  void reply
    .status(status)
    .headers({ 'content-type': 'application/problem+json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
    .send(JSON.stringify(problemBody(status, status === 414 ? 'uri-too-long' : 'invalid-request', undefined, [{ field: 'path', message }])));
}

/** One header's value at most (Node bounds only all of them together, 16 KiB): no header of ours comes near. */
export const maxHeaderValueBytes = 8 * 1024;

/** Refuses a request with one header longer than `maxHeaderValueBytes`, naming it, before anything reads it. */
export function refuseLongHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const long = Object.entries(request.headers).find(([, value]) => Buffer.byteLength(String(value ?? '')) > maxHeaderValueBytes);
    if (long)
      throw new ProblemError(431, 'headers-too-large', undefined, [
        { field: `header.${long[0]}`, message: `is longer than ${maxHeaderValueBytes / 1024} KiB` },
      ]);
  });
}
