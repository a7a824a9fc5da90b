import { randomUUID } from 'node:crypto';
import { soveraRequest } from '../../support/requests';
import type { HostileCase, HostileRequest } from '../hostile-case';

/** Onboardings these cases start poll hourly: they only have to exist. */
const quiet = () => soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });

const chapter = 'idempotency races (API6)';
const start = (key: string, body: unknown): HostileRequest => ({
  method: 'POST',
  path: '/v1/onboardings',
  as: 'backend',
  headers: { 'idempotency-key': key },
  body,
});

/** A start is made once whatever a client repeats; a key reused for another request is refused. */
export const idempotencyCases: HostileCase[] = [
  {
    chapter,
    name: 'the same start twice: one onboarding, the second answer 200',
    request: () => {
      const key = randomUUID();
      const body = quiet();
      return [start(key, body), start(key, body)];
    },
    expect: { status: 200 },
    starts: 1,
  },
  {
    chapter,
    name: 'a key reused for another request of the same reference',
    request: () => {
      const key = randomUUID();
      const first = quiet();
      return [start(key, first), start(key, { ...first, person: { ...first.person, firstName: 'Jane' } })];
    },
    expect: { status: 409, type: 'idempotency-key-reused' },
    starts: 1,
  },
  {
    chapter,
    name: 'a running reference started again with a new key',
    request: (f) => start(randomUUID(), { ...soveraRequest(), reference: f.running.reference }),
    expect: { status: 409, type: 'reference-taken' },
  },
  {
    chapter,
    name: 'a start without a key',
    request: () => ({ method: 'POST', path: '/v1/onboardings', as: 'backend', body: soveraRequest() }),
    expect: { status: 400, field: 'header.idempotency-key' },
  },
  {
    chapter,
    name: 'a key of 256 characters',
    request: () => start('k'.repeat(256), soveraRequest()),
    expect: { status: 400, field: 'header.idempotency-key' },
  },
  { chapter, name: 'a key with a space', request: () => start('a key', soveraRequest()), expect: { status: 400, field: 'header.idempotency-key' } },
];
