import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { parseApiKeys, sha256Hex } from '../../api/auth';
import { buildApi } from '../../api/server';
import type { OnboardingClient } from '../../client/onboarding-client';

/** Our HTTP API in the bench's process, as a backend calls it: one backend key, limits that never refuse the bench. */
export interface BenchApi {
  /** POSTs a JSON body to `path` with the backend's key; the round trip in ms and the answer. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ ms: number; status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function benchApi(client: OnboardingClient): Promise<BenchApi> {
  const key = randomBytes(24).toString('base64url');
  const api = await buildApi({
    client,
    keys: parseApiKeys(`bench:backend:${sha256Hex(key)}`),
    webhookSecrets: new Map(),
    webhookToleranceSeconds: 300,
    bodyLimitBytes: 64 * 1024,
    otpLimits: { perReference: 100, perKey: 100_000, windowSeconds: 60 },
    startAnswerWaitMs: 60_000,
    logger: pino({ level: 'silent' }),
  });
  await api.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  return {
    async post(path, body, headers = {}) {
      const started = performance.now();
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      const ms = performance.now() - started;
      return { ms, status: res.status, body: await res.json().catch(() => undefined) };
    },
    close: () => api.close(),
  };
}
