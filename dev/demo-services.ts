import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { parseApiKeys, sha256Hex } from '../api/auth';
import { buildApi } from '../api/server';
import { buildCodecServer } from '../codec-server/server';
import type { OnboardingClient } from '../client/onboarding-client';
import { EncryptionCodec } from '../codec/encryption-codec';
import { loadCodecKeys } from '../codec/keys';
import { apiRoles, type ApiRole } from '../domain/actor';
import { providerNames } from '../domain/providers';

/**
 * The demo's API and codec server, in its own process: one fresh key per role and one webhook
 * secret per provider, made for this run only (printed, never written anywhere).
 */
export interface DemoServices {
  apiUrl: string;
  codecUrl: string;
  keys: Record<ApiRole, { principal: string; key: string }>;
  webhookSecrets: Map<string, string[]>;
  close(): Promise<void>;
}

export async function startDemoServices(options: {
  client: OnboardingClient;
  apiPort: number;
  codecPort: number;
  uiOrigin: string;
  logFile?: string;
}): Promise<DemoServices> {
  const keys = Object.fromEntries(
    apiRoles.map((role) => [role, { principal: `demo-${role}`, key: `onb_${randomBytes(18).toString('base64url')}` }]),
  ) as DemoServices['keys'];
  const table = parseApiKeys(apiRoles.map((role) => `${keys[role].principal}:${role}:${sha256Hex(keys[role].key)}`).join(','));
  const webhookSecrets = new Map(providerNames.map((p) => [p, [randomBytes(24).toString('base64url')]]));
  // Request and audit lines go to a file: the demo's own output is its timeline.
  const destination = pino.destination({ dest: options.logFile ?? '/dev/null', mkdir: true, sync: false });
  // Ready before anything can fail: pino flushes it on exit, and an unopened file throws there ("sonic boom is not ready yet").
  await once(destination, 'ready');
  const logger = pino({ level: 'info' }, destination);
  const api: FastifyInstance = await buildApi({
    client: options.client,
    keys: table,
    webhookSecrets,
    webhookToleranceSeconds: 300,
    bodyLimitBytes: 64 * 1024,
    otpLimits: { perReference: 10, perKey: 120, windowSeconds: 60 },
    logger,
  });
  const codec = await buildCodecServer({ keys: table, codec: new EncryptionCodec(loadCodecKeys()), corsOrigins: [options.uiOrigin], logger });
  try {
    await api.listen({ host: '127.0.0.1', port: options.apiPort });
    await codec.listen({ host: '127.0.0.1', port: options.codecPort });
  } catch (err) {
    await Promise.all([api.close(), codec.close()]);
    throw err;
  }
  return {
    apiUrl: `http://localhost:${options.apiPort}`,
    codecUrl: `http://localhost:${options.codecPort}`,
    keys,
    webhookSecrets,
    async close() {
      await api.close();
      await codec.close();
      logger.flush();
    },
  };
}
