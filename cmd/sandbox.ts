import { parseWebhookSecrets } from '../webhooks/signature';
import { startSandbox } from '../dev/sandbox/server';
import { providerNames } from '../domain/providers';
import type { EmulatorOptions } from '../dev/sandbox/emulators';

/**
 * The standalone sandbox: `npm run sandbox`. Listens on $SANDBOX_HOST:$SANDBOX_PORT (default 127.0.0.1:4010),
 * where providers/config.ts looks by default. SANDBOX_KYC_AUTO_DECIDE_MS, when set, makes every
 * provider decide KYC by itself that long after it starts (personas decide the outcome).
 * SANDBOX_WEBHOOK_URL (the API's …/v1/webhooks) with SANDBOX_WEBHOOK_SECRETS ("provider:secret,…",
 * the API's ONBOARDING_WEBHOOK_SECRETS) turns on the signed KYC webhooks (dev/sandbox/webhooks.ts).
 */
async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('SANDBOX_PORT must be a port number');
  const autoMs = process.env.SANDBOX_KYC_AUTO_DECIDE_MS;
  const auto = autoMs !== undefined && autoMs !== '' ? { autoDecideKycAfterMs: Number(autoMs) } : {};
  if (auto.autoDecideKycAfterMs !== undefined && !(auto.autoDecideKycAfterMs >= 0)) {
    throw new Error('SANDBOX_KYC_AUTO_DECIDE_MS must be a number of milliseconds');
  }

  const webhookUrl = process.env.SANDBOX_WEBHOOK_URL;
  const webhooks = webhookUrl ? { url: webhookUrl, secrets: parseWebhookSecrets(process.env.SANDBOX_WEBHOOK_SECRETS, 'SANDBOX_WEBHOOK_SECRETS') } : undefined;
  // Every emulator takes the same automatic KYC decision.
  const emulatorOptions = Object.fromEntries(providerNames.map((p) => [p, auto])) as EmulatorOptions;
  const sandbox = await startSandbox({ port, host: process.env.SANDBOX_HOST ?? '127.0.0.1', webhooks, ...emulatorOptions });
  console.log(`Sandbox listening on ${sandbox.url}`);
  for (const e of sandbox.emulators.values()) console.log(`  ${e.name.padEnd(8)} ${sandbox.url}${e.basePath}`);
  console.log(`  controls ${sandbox.url}/_sandbox (faults, requests, counters, outbox, webhooks, /<provider>/users)`);
  if (webhooks) console.log(`  KYC webhooks to ${webhooks.url}/<provider> for ${[...webhooks.secrets.keys()].join(', ')}`);

  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing the sandbox`);
    sandbox.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
