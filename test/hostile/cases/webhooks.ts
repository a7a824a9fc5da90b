import { randomUUID } from 'node:crypto';
import { signWebhook } from '../../../webhooks/signature';
import type { Fixtures, HostileCase, HostileRequest } from '../hostile-case';

const chapter = 'webhook forgery and replay (API10)';
const event = (userId: string, decision = 'VERIFIED') => JSON.stringify({ type: 'kyc.decided', userId, decision });
/** A webhook to Sovera's route, signed with `secret` at `at` (ms). */
function webhook(f: Fixtures, body: string, options: { secret?: string; at?: number; id?: string; provider?: string } = {}): HostileRequest {
  const headers = signWebhook(options.secret ?? f.webhookSecret, options.id ?? `evt_${randomUUID()}`, body, options.at);
  return { method: 'POST', path: `/v1/webhooks/${options.provider ?? 'sovera'}`, headers: { ...headers, 'content-type': 'application/json' }, body };
}

/** A KYC decision only a provider holding the secret can send, once, recently, about its own user. */
export const webhookCases: HostileCase[] = [
  {
    chapter,
    name: 'unsigned',
    request: () => ({ method: 'POST', path: '/v1/webhooks/sovera', body: event('u-1') }),
    expect: { status: 401, type: 'unauthenticated' },
  },
  {
    chapter,
    name: 'signed with another secret',
    request: (f) => webhook(f, event('u-1'), { secret: 'not-the-secret-0123456789' }),
    expect: { status: 401, type: 'unauthenticated' },
  },
  {
    chapter,
    name: 'signed six minutes ago',
    request: (f) => webhook(f, event('u-1'), { at: Date.now() - 360_000 }),
    expect: { status: 401, type: 'unauthenticated' },
  },
  {
    chapter,
    name: 'signed six minutes ahead',
    request: (f) => webhook(f, event('u-1'), { at: Date.now() + 360_000 }),
    expect: { status: 401, type: 'unauthenticated' },
  },
  {
    chapter,
    name: 'a body changed after signing',
    request: (f) => {
      const signed = webhook(f, event('u-1', 'REJECTED'));
      return { ...signed, body: event('u-1', 'VERIFIED') };
    },
    expect: { status: 401, type: 'unauthenticated' },
  },
  {
    chapter,
    name: 'to a provider with no secret configured',
    request: (f) => webhook(f, event('u-1'), { provider: 'stokn' }),
    expect: { status: 401, type: 'unauthenticated' },
  },
  {
    chapter,
    name: 'to a provider that does not exist',
    request: (f) => webhook(f, event('u-1'), { provider: 'evil' }),
    expect: { status: 400, field: 'path.provider' },
  },
  { chapter, name: 'signed, of a decision that is not one', request: (f) => webhook(f, event('u-1', 'MAYBE')), expect: { status: 400, field: 'decision' } },
  {
    chapter,
    name: 'signed, with an unknown member',
    request: (f) => webhook(f, JSON.stringify({ type: 'kyc.decided', userId: 'u-1', decision: 'VERIFIED', admin: true })),
    expect: { status: 400, field: 'admin' },
  },
  {
    chapter,
    name: 'signed, about a user no onboarding has',
    request: (f) => webhook(f, event(`nobody-${randomUUID()}`)),
    expect: { status: 404, type: 'unknown-user' },
  },
  {
    chapter,
    // A refused delivery is not remembered: the provider's retry, once the onboarding exists, is taken.
    name: 'the same refused delivery twice is judged again',
    request: (f) => {
      const once = webhook(f, event(`nobody-${randomUUID()}`));
      return [once, once];
    },
    expect: { status: 404, type: 'unknown-user' },
  },
];
