import { randomUUID } from 'node:crypto';
import { signWebhook } from '../../../webhooks/signature';
import { soveraRequest } from '../../support/requests';
import type { HostileCase } from '../hostile-case';

const chapter = 'transport and encoding (ASVS V13, V14)';
const start = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  path: '/v1/onboardings',
  as: 'backend' as const,
  headers: { 'idempotency-key': randomUUID(), ...headers },
  body,
});
/** A request whose last name holds the bytes FF FE, which no UTF-8 text has. */
const invalidUtf8 = () => {
  const [before, after] = JSON.stringify(soveraRequest()).split(/(?<="lastName":")/);
  return Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]);
};

/** Bytes that are not the JSON they claim to be: refused before anything reads them. */
export const transportCases: HostileCase[] = [
  ...['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-patch+json'].map(
    (type): HostileCase => ({
      chapter,
      name: `a start sent as ${type}`,
      request: () => start(JSON.stringify(soveraRequest()), { 'content-type': type }),
      expect: { status: 415, type: 'unsupported-media-type' },
    }),
  ),
  { chapter, name: 'a start of invalid UTF-8', request: () => start(invalidUtf8()), expect: { status: 400, field: 'body' } },
  { chapter, name: 'a start in UTF-16', request: () => start(Buffer.from(JSON.stringify(soveraRequest()), 'utf16le')), expect: { status: 400, field: 'body' } },
  {
    chapter,
    name: 'a start larger than the body limit',
    request: () => start(JSON.stringify({ ...soveraRequest(), padding: 'p'.repeat(64 * 1024) })),
    expect: { status: 413, type: 'body-too-large' },
  },
  {
    chapter,
    name: 'one header of 10 KB',
    request: () => ({ method: 'GET', path: '/v1/onboardings', as: 'operator', headers: { 'x-padding': 'p'.repeat(10 * 1024) } }),
    expect: { status: 431, type: 'headers-too-large', field: 'header.x-padding' },
  },
  {
    chapter,
    name: 'one header of 10 KB to the codec server',
    request: () => ({
      target: 'codec',
      method: 'POST',
      path: '/decode',
      as: 'operator',
      headers: { 'x-padding': 'p'.repeat(10 * 1024) },
      body: { payloads: [] },
    }),
    expect: { status: 431, type: 'headers-too-large', field: 'header.x-padding' },
  },
  {
    chapter,
    name: 'a header of 20 KB',
    request: () => ({ method: 'GET', path: '/v1/onboardings', as: 'operator', headers: { 'x-padding': 'p'.repeat(20 * 1024) } }),
    expect: { status: 431, type: 'headers-too-large', field: 'headers' },
  },
  {
    chapter,
    name: 'a codec decode of invalid UTF-8',
    request: () => ({ target: 'codec', method: 'POST', path: '/decode', as: 'operator', body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) }),
    expect: { status: 400, field: 'body' },
  },
  {
    chapter,
    name: 'a codec decode sent as text/plain',
    request: () => ({ target: 'codec', method: 'POST', path: '/decode', as: 'operator', headers: { 'content-type': 'text/plain' }, body: '{"payloads":[]}' }),
    expect: { status: 415 },
  },
  {
    chapter,
    name: 'a signed webhook of invalid UTF-8',
    request: (f) => {
      const body = Buffer.from([0x7b, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
      return {
        method: 'POST',
        path: '/v1/webhooks/sovera',
        headers: { ...signWebhook(f.webhookSecret, `evt_${randomUUID()}`, body), 'content-type': 'application/json' },
        body,
      };
    },
    expect: { status: 400, field: 'body' },
  },
];
