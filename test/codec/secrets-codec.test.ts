import { defaultPayloadConverter } from '@temporalio/common';
import { loadSecretsKeys } from '../../codec/keys';
import { SecretsCodec } from '../../codec/secrets-codec';

const key = (n: number) => Buffer.alloc(32, n).toString('base64');
const codec = new SecretsCodec(loadSecretsKeys({ ONBOARDING_SECRETS_KEYS: `a:${key(1)}` }));
const toPayload = (value: unknown) => defaultPayloadConverter.toPayload(value);
const text = (payload: { data?: Uint8Array | null }) => Buffer.from(payload.data ?? []).toString('utf8');

describe('SecretsCodec', () => {
  it('seals every {secret}, a submitOtp code and a bare OTP code, and unseals them', async () => {
    const values = [
      { session: { token: { secret: 'user-token-123' } }, userId: 'u1' },
      { code: '123456', actor: { role: 'backend', principal: 'b' } },
      '654321',
    ];
    const encoded = await codec.encode(values.map(toPayload));
    const sealed = encoded.map(text).join('\n');
    for (const secret of ['user-token-123', '123456', '654321']) expect(sealed).not.toContain(secret);
    expect(sealed).toContain('"userId":"u1"');
    expect(sealed).toMatch(/"sealed":"v1:a:/);
    const decoded = await codec.decode(encoded);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(values);
  });

  it('leaves unrelated fields named code alone', async () => {
    const other = { code: 'NOT_FOUND', detail: 'x' };
    const [encoded] = await codec.encode([toPayload(other)]);
    expect(defaultPayloadConverter.fromPayload(encoded)).toEqual(other);
  });

  it('decodes payloads written before sealing (plaintext credentials) unchanged', async () => {
    const old = toPayload({ token: { secret: 'old-token' } });
    const [decoded] = await codec.decode([old]);
    expect(decoded).toBe(old);
  });

  it('refuses a marker sealed with a key it does not hold, with a sentence', async () => {
    const other = new SecretsCodec(loadSecretsKeys({ ONBOARDING_SECRETS_KEYS: `b:${key(2)}` }));
    const encoded = await other.encode([toPayload({ secret: 'x-token' })]);
    await expect(codec.decode(encoded)).rejects.toThrow(
      'a credential in this payload was sealed with the secrets key "b", which this process does not hold (ONBOARDING_SECRETS_KEYS)',
    );
  });

  it('accepts rotated keys: the old key still unseals', async () => {
    const old = new SecretsCodec(loadSecretsKeys({ ONBOARDING_SECRETS_KEYS: `b:${key(2)}` }));
    const rotated = new SecretsCodec(loadSecretsKeys({ ONBOARDING_SECRETS_KEYS: `a:${key(1)},b:${key(2)}` }));
    const encoded = await old.encode([toPayload({ secret: 'kept' })]);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode(encoded))[0])).toEqual({ secret: 'kept' });
  });
});
