import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { temporalConfigFrom, temporalConnectionOptions } from '../../config/temporal';

describe("Temporal connection settings (Temporal's own environment variables)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'temporal-tls-'));
  const file = (name: string, content: string) => {
    const at = path.join(dir, name);
    writeFileSync(at, content);
    return at;
  };

  test('a local dev server: plaintext, no API key', () => {
    expect(temporalConnectionOptions(temporalConfigFrom({}))).toEqual({ address: 'localhost:7233' });
  });

  test('mTLS from files: client certificate pair, CA and server name', () => {
    const config = temporalConfigFrom({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem', 'CERT'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: file('client.key', 'KEY'),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('ca.pem', 'CA'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.example.com',
    });
    const options = temporalConnectionOptions(config);
    expect(options.address).toBe('temporal.internal:7233');
    expect(options.tls?.serverNameOverride).toBe('temporal.example.com');
    expect(Buffer.from(options.tls!.serverRootCACertificate!).toString()).toBe('CA');
    expect(Buffer.from(options.tls!.clientCertPair!.crt).toString()).toBe('CERT');
    expect(Buffer.from(options.tls!.clientCertPair!.key).toString()).toBe('KEY');
  });

  test('mTLS from inline PEM data', () => {
    const options = temporalConnectionOptions(temporalConfigFrom({ TEMPORAL_TLS_CLIENT_CERT_DATA: 'C', TEMPORAL_TLS_CLIENT_KEY_DATA: 'K' }));
    expect(Buffer.from(options.tls!.clientCertPair!.key).toString()).toBe('K');
  });

  test('Temporal Cloud with an API key: TLS on (system CAs) unless TEMPORAL_TLS=false', () => {
    const cloud = { TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233', TEMPORAL_NAMESPACE: 'onboarding.a1b2c', TEMPORAL_API_KEY: 'key' };
    expect(temporalConnectionOptions(temporalConfigFrom(cloud))).toEqual({ address: cloud.TEMPORAL_ADDRESS, tls: {}, apiKey: 'key' });
    expect(temporalConfigFrom(cloud).namespace).toBe('onboarding.a1b2c');
    expect(temporalConnectionOptions(temporalConfigFrom({ ...cloud, TEMPORAL_TLS: 'false' }))).toEqual({ address: cloud.TEMPORAL_ADDRESS, apiKey: 'key' });
    expect(temporalConnectionOptions(temporalConfigFrom({ TEMPORAL_TLS: 'true' })).tls).toEqual({});
  });

  test('contradictions and unreadable files are refused, naming the variable and never a secret', () => {
    expect(() => temporalConfigFrom({ TEMPORAL_TLS_CLIENT_CERT_DATA: 'C' })).toThrow(/go together/);
    expect(() => temporalConfigFrom({ TEMPORAL_TLS_CLIENT_KEY_DATA: 'SECRET-KEY' })).toThrow(/go together/);
    expect(() => temporalConfigFrom({ TEMPORAL_TLS_CLIENT_KEY_DATA: 'SECRET-KEY' })).not.toThrow(/SECRET-KEY/);
    expect(() => temporalConfigFrom({ TEMPORAL_TLS_SERVER_CA_CERT_DATA: 'A', TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/x' })).toThrow(/not both/);
    expect(() => temporalConfigFrom({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(dir, 'missing.pem') })).toThrow(
      /TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read/,
    );
    expect(() => temporalConfigFrom({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_SERVER_NAME: 'x' })).toThrow(/contradicts/);
    expect(() => temporalConfigFrom({ TEMPORAL_TLS: 'yes' })).toThrow();
  });
});
