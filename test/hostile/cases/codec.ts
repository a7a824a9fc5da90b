import type { HostileCase } from '../hostile-case';

const chapter = 'codec abuse (API3, API5)';
const json = (value: unknown) => ({
  metadata: { encoding: Buffer.from('json/plain').toString('base64') },
  data: Buffer.from(JSON.stringify(value)).toString('base64'),
});
const codec = (path: string, body: unknown, as?: 'backend' | 'support' | 'operator' | 'compliance') => ({
  target: 'codec' as const,
  method: 'POST',
  path,
  as,
  body,
});

/** The codec server decrypts for people who may read, and encrypts only what support sends from the UI. */
export const codecCases: HostileCase[] = [
  { chapter, name: 'a decode without a credential', request: () => codec('/decode', { payloads: [] }), expect: { status: 401 } },
  { chapter, name: 'a decode by a backend key', request: () => codec('/decode', { payloads: [] }, 'backend'), expect: { status: 403 } },
  {
    chapter,
    name: 'an encode by an operator',
    request: () => codec('/encode', { payloads: [json({ decision: 'VERIFIED' })] }, 'operator'),
    expect: { status: 403 },
  },
  {
    chapter,
    name: 'an encode of an OTP code by support',
    request: () => codec('/encode', { payloads: [json({ code: '123456', actor: { id: 'x', role: 'support' } })] }, 'support'),
    expect: { status: 422 },
  },
  {
    chapter,
    name: 'an encode of an onboarding input by support',
    request: () => codec('/encode', { payloads: [json({ provider: 'sovera', reference: 'forged-1' })] }, 'support'),
    expect: { status: 422 },
  },
  { chapter, name: 'a decode without payloads', request: () => codec('/decode', {}, 'operator'), expect: { status: 400, field: 'payloads' } },
  {
    chapter,
    name: 'a decode whose payloads are a string',
    request: () => codec('/decode', { payloads: 'all' }, 'operator'),
    expect: { status: 400, field: 'payloads' },
  },
  { chapter, name: 'a decode that is not JSON', request: () => codec('/decode', '{"payloads":', 'operator'), expect: { status: 400, field: 'body' } },
  {
    chapter,
    name: 'a decode with a duplicate member',
    request: () => codec('/decode', '{"payloads":[],"payloads":[]}', 'operator'),
    expect: { status: 400, field: 'body' },
  },
  {
    chapter,
    name: 'a decode nested 40 deep',
    request: () => codec('/decode', `{"payloads":[${'['.repeat(40)}${']'.repeat(40)}]}`, 'operator'),
    expect: { status: 400 },
  },
];
