import { randomUUID } from 'node:crypto';
import { soveraRequest } from '../../support/requests';
import type { HostileCase } from '../hostile-case';

const chapter = 'structure (ASVS V5.1)';
const start = (body: unknown) => ({ method: 'POST', path: '/v1/onboardings', as: 'backend' as const, headers: { 'idempotency-key': randomUUID() }, body });
const json = () => JSON.stringify(soveraRequest());
/** The request's JSON with `extra` members added at the top (text, so a duplicate name survives). */
const withMembers = (extra: string) => `{${extra},${json().slice(1)}`;
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** JSON that is not the shape of any request, or not I-JSON (RFC 7493). */
export const structureCases: HostileCase[] = [
  { chapter, name: 'a start that is not JSON', request: () => start('{"provider":'), expect: { status: 400, field: 'body' } },
  { chapter, name: 'a start that is a JSON array', request: () => start('[]'), expect: { status: 400 } },
  { chapter, name: 'a start that is a JSON string', request: () => start('"sovera"'), expect: { status: 400 } },
  { chapter, name: 'a start that is null', request: () => start('null'), expect: { status: 400 } },
  {
    chapter,
    name: 'a start with no body',
    request: () => ({ ...start(undefined), headers: { 'idempotency-key': randomUUID(), 'content-type': 'application/json' } }),
    expect: { status: 400 },
  },
  { chapter, name: 'a start of an empty object', request: () => start('{}'), expect: { status: 400, field: 'provider' } },
  { chapter, name: 'a duplicate member name at the top', request: () => start(withMembers('"provider":"stokn"')), expect: { status: 400, field: 'body' } },
  {
    chapter,
    name: 'a duplicate member name inside the person',
    request: () => start(json().replace('"person":{', '"person":{"lastName":"Mallory",')),
    expect: { status: 400, field: 'body' },
  },
  {
    chapter,
    name: 'an escaped lone surrogate in a name',
    request: () => start(json().replace(/"firstName":"[^"]*"/, '"firstName":"Jo\\ud800hn"')),
    expect: { status: 400, field: 'body' },
  },
  { chapter, name: 'a number beyond a double (1e400)', request: () => start(withMembers('"n":1e400')), expect: { status: 400, field: 'body' } },
  { chapter, name: 'objects nested 40 deep', request: () => start(nested(40)), expect: { status: 400, field: 'body' } },
  { chapter, name: 'arrays nested 5000 deep', request: () => start(`${'['.repeat(5000)}${']'.repeat(5000)}`), expect: { status: 400, field: 'body' } },
  {
    chapter,
    name: '2000 beneficial owners',
    request: () => start(json().replace('"person":{', `"beneficialOwners":[${Array(2000).fill('{}').join(',')}],"person":{`)),
    expect: { status: 400, field: 'body' },
  },
  {
    chapter,
    name: '1000 unknown members',
    request: () => start(withMembers(Array.from({ length: 1000 }, (_, i) => `"m${i}":0`).join(','))),
    expect: { status: 400, field: 'body' },
  },
  { chapter, name: 'a __proto__ member', request: () => start(withMembers('"__proto__":{"admin":true}')), expect: { status: 400, field: '__proto__' } },
  {
    chapter,
    name: 'a constructor member',
    request: () => start(withMembers('"constructor":{"prototype":{"admin":true}}')),
    expect: { status: 400, field: 'constructor' },
  },
  {
    chapter,
    name: 'a member name of 300 characters',
    request: () => start(withMembers(`"${'k'.repeat(300)}":1`)),
    expect: { status: 400, notContaining: ['k'.repeat(300)] },
  },
  {
    chapter,
    name: 'a code as an array',
    request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/otp`, as: 'backend', body: { code: ['123456'] } }),
    expect: { status: 400, field: 'code' },
  },
  {
    chapter,
    name: 'a code as a number',
    request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/otp`, as: 'backend', body: '{"code":123456}' }),
    expect: { status: 400, field: 'code' },
  },
  {
    chapter,
    name: 'a KYC decision naming who decided',
    request: (f) => ({
      method: 'POST',
      path: `/v1/onboardings/${f.running.reference}/kyc-decision`,
      as: 'support',
      body: { decision: 'VERIFIED', decidedBy: 'someone-else' },
    }),
    expect: { status: 400, field: 'decidedBy' },
  },
  {
    chapter,
    name: 'a rejection without a reason',
    request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/kyc-decision`, as: 'support', body: { decision: 'REJECTED' } }),
    expect: { status: 400, field: 'reason' },
  },
  // Found by the fuzzer (seed 20261204): the route's schema took what the workflow's message refuses.
  {
    chapter,
    name: 'a cancel reason of unassigned code points',
    request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/cancel`, as: 'support', body: { reason: '\u{88a7e}\u{d8b1c}' } }),
    expect: { status: 400, field: 'reason' },
  },
  {
    chapter,
    name: 'a cancel whose body is an array',
    request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/cancel`, as: 'support', body: '[]' }),
    expect: { status: 400 },
  },
  {
    chapter,
    name: 'a resend with a body',
    request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/otp/resend`, as: 'support', body: { channel: 'sms' } }),
    expect: { status: 400, field: 'channel' },
  },
  {
    chapter,
    name: 'a support answer naming its actor',
    request: (f) => ({
      method: 'POST',
      path: `/v1/onboardings/${f.running.reference}/support-resolution`,
      as: 'support',
      body: { decision: 'retry', actor: { id: 'x', role: 'support' } },
    }),
    expect: { status: 400, field: 'actor' },
  },
  {
    chapter,
    name: 'a credential as a bare string',
    request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/credential`, as: 'backend', body: { credential: 'eyJ.a.b' } }),
    expect: { status: 400, field: 'credential' },
  },
];
