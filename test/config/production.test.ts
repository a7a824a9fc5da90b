import { assertProductionReady, isProductionMode, NotProductionReady, productionProblems } from '../../config/production';
import { loadCodecKeys } from '../../codec/keys';
import { providerRuntimes, type AnyRuntime } from '../../providers/registry';
import { baseUrlVariable } from '../../providers/runtime';

const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
const keys = `prod-2:${key(2)},prod-1:${key(1)}`;
/** Every registered provider at a real URL with its own partner key, as production runs. */
const real: Record<string, string> = {
  ...Object.fromEntries(
    (Object.values(providerRuntimes) as AnyRuntime[]).flatMap((r) => [
      [baseUrlVariable(r.profile.name), `https://api.${r.profile.name}.example`],
      ...(r.partnerKey ? [[r.partnerKey.variable, `${r.profile.name}-key-from-vault`]] : []),
    ]),
  ),
  ONBOARDING_SECRETS_KEYS: `secrets-1:${key(3)}`,
};

describe('production mode', () => {
  test('is NODE_ENV=production, or any provider URL outside the sandbox', () => {
    expect(isProductionMode({})).toBe(false);
    expect(isProductionMode({ NODE_ENV: 'development' })).toBe(false);
    expect(isProductionMode({ NODE_ENV: 'production' })).toBe(true);
    expect(isProductionMode({ SOVERA_BASE_URL: 'http://127.0.0.1:4010/sovera/sovx/v1' })).toBe(false);
    expect(isProductionMode({ SANDBOX_URL: 'http://sandbox:4010', SFOX_BASE_URL: 'http://sandbox:4010/sfox' })).toBe(false);
    expect(isProductionMode({ SFOX_BASE_URL: 'https://api.staging.sfox.com' })).toBe(true);
    // A look-alike host is not the sandbox.
    expect(isProductionMode({ STOKN_BASE_URL: 'http://127.0.0.1:40100/stokn' })).toBe(true);
  });
});

describe('assertProductionReady', () => {
  test('outside production mode nothing is required', () => {
    expect(productionProblems({})).toEqual([]);
    expect(() => assertProductionReady({})).not.toThrow();
  });

  test('a fully configured production passes', () => {
    expect(productionProblems({ NODE_ENV: 'production', ONBOARDING_CODEC_KEYS: keys, ...real })).toEqual([]);
  });

  test('refuses to start without ONBOARDING_CODEC_KEYS, naming it', () => {
    const problems = productionProblems({ NODE_ENV: 'production', ...real });
    expect(problems).toEqual([expect.stringContaining('ONBOARDING_CODEC_KEYS is not set')]);
    expect(() => assertProductionReady({ NODE_ENV: 'production', ...real })).toThrow(NotProductionReady);
  });

  test('a worker needs ONBOARDING_SECRETS_KEYS; the codec server (scope "payloads") is not asked for it', () => {
    const { ONBOARDING_SECRETS_KEYS: _unset, ...withoutSecrets } = real;
    expect(productionProblems({ NODE_ENV: 'production', ONBOARDING_CODEC_KEYS: keys, ...withoutSecrets })).toEqual([
      expect.stringContaining('ONBOARDING_SECRETS_KEYS must be set in production mode'),
    ]);
    expect(productionProblems({ NODE_ENV: 'production', ONBOARDING_CODEC_KEYS: keys, ...withoutSecrets }, 'payloads')).toEqual([]);
  });

  test('refuses partner keys left at the sandbox defaults (or missing) where a real provider is used', () => {
    const problems = productionProblems({
      ONBOARDING_CODEC_KEYS: keys,
      ONBOARDING_SECRETS_KEYS: real.ONBOARDING_SECRETS_KEYS,
      SOVERA_BASE_URL: real.SOVERA_BASE_URL,
      SOVERA_OWNER_KEY: 'sandbox-sovera-owner-key',
      SFOX_BASE_URL: real.SFOX_BASE_URL,
    });
    expect(problems).toEqual([expect.stringContaining("SOVERA_OWNER_KEY is the sandbox's default"), expect.stringContaining('SFOX_ENTERPRISE_KEY is not set')]);
  });

  test('with NODE_ENV=production no provider may fall back to the sandbox', () => {
    const { STOKN_BASE_URL: _unset, ...rest } = real;
    expect(productionProblems({ NODE_ENV: 'production', ONBOARDING_CODEC_KEYS: keys, ...rest })).toEqual([
      expect.stringContaining('STOKN_BASE_URL is not set'),
    ]);
  });

  test("refuses a sandbox-only setting with a real URL: Cybrid's scripted KYC outcome", () => {
    const scripted = { NODE_ENV: 'production', ONBOARDING_CODEC_KEYS: keys, ...real, CYBRID_KYC_EXPECTED_BEHAVIOUR: 'passed_immediately' };
    expect(productionProblems(scripted)).toEqual(['CYBRID_KYC_EXPECTED_BEHAVIOUR is for the sandbox only, and CYBRID_BASE_URL points at a real provider']);
    const sandboxed = { ...scripted, CYBRID_BASE_URL: 'http://127.0.0.1:4010/cybrid', ONBOARDING_ALLOW_SANDBOX: 'true' };
    expect(productionProblems(sandboxed)).toEqual([]);
  });

  test('refuses duplicate key ids, and never prints a key', () => {
    const duplicated = `main:${key(3)},main:${key(4)}`;
    const problems = productionProblems({ NODE_ENV: 'production', ONBOARDING_CODEC_KEYS: duplicated, ...real });
    expect(problems).toEqual([expect.stringContaining('repeats the key id "main"')]);
    expect(problems.join()).not.toContain(key(3));
  });
});

describe('codec keys', () => {
  test('the first key encrypts, all decrypt', () => {
    const loaded = loadCodecKeys({ ONBOARDING_CODEC_KEYS: keys });
    expect(loaded.current.id).toBe('prod-2');
    expect([...loaded.all.keys()]).toEqual(['prod-2', 'prod-1']);
  });

  test('duplicate ids, malformed entries and odd ids are refused', () => {
    expect(() => loadCodecKeys({ ONBOARDING_CODEC_KEYS: `a:${key(1)},b:${key(2)},a:${key(3)}` })).toThrow(/repeats the key id "a"/);
    expect(() => loadCodecKeys({ ONBOARDING_CODEC_KEYS: `a:${Buffer.alloc(16).toString('base64')}` })).toThrow(/entry 1/);
    expect(() => loadCodecKeys({ ONBOARDING_CODEC_KEYS: `a b:${key(1)}` })).toThrow(/entry 1/);
    expect(() => loadCodecKeys({ ONBOARDING_CODEC_KEYS: `a:${key(1)}:x` })).toThrow(/entry 1/);
  });

  test("the development key's id is unique to its key (dev-<fingerprint>), and refused in production mode", () => {
    const dev = loadCodecKeys({ ONBOARDING_MODE: 'development' });
    expect(dev.current.id).toMatch(/^dev-[0-9a-f]{16}$/);
    expect(loadCodecKeys({ ONBOARDING_MODE: 'development' }).current.id).toBe(dev.current.id);
    // Neither keys nor a mode: no guess (a process beside a production worker would encrypt with a key no one else has).
    expect(() => loadCodecKeys({})).toThrow(/ONBOARDING_CODEC_KEYS is not set.*ONBOARDING_MODE=development/);
    expect(() => loadCodecKeys({ ONBOARDING_MODE: 'staging' })).toThrow(/ONBOARDING_MODE must be "production" or "development"/);
    expect(() => loadCodecKeys({ ONBOARDING_MODE: 'production' })).toThrow(/must be set in production mode/);
    expect(() => loadCodecKeys({ NODE_ENV: 'production' })).toThrow(/must be set in production mode/);
    expect(() => loadCodecKeys({ SUMVIN_BASE_URL: real.SUMVIN_BASE_URL })).toThrow(/must be set in production mode/);
  });
});
