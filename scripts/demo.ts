import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { OnboardingClient, workflowIdFor } from '../client/onboarding-client';
import { dataConverter } from '../codec/data-converter';
import { providerNames, type ProviderName } from '../domain/providers';
import { providersConfigFrom } from '../providers/config';
import { createAdapters } from '../providers/registry';
import { startSandbox } from '../sandbox/server';
import { sandboxAdmin } from '../sandbox/admin-client';
import { createOnboardingWorker } from '../workers/onboarding-worker';
import { demoRequest } from './demo-requests';
import { startDevServer } from './dev-server';

/**
 * `npm run demo [-- --provider sovera|stokn|sfox|sumvin] [--account-type corporation] [--keep]`: a full onboarding on real
 * parts (the Temporal dev server with its Web UI, the sandbox, a worker), the person and support
 * staff played by this script, with a live timeline.
 */
const root = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      provider: { type: 'string', default: 'sovera' },
      'account-type': { type: 'string', default: 'individual' },
      keep: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.DEMO_TEMPORAL_PORT ?? '7233' },
      'ui-port': { type: 'string', default: process.env.DEMO_UI_PORT ?? '8233' },
    },
  });
  const provider = values.provider as ProviderName;
  if (!providerNames.includes(provider)) throw new Error(`--provider must be one of ${providerNames.join(', ')}`);
  const accountType = values['account-type'];
  if (accountType !== 'individual' && accountType !== 'corporation') throw new Error('--account-type must be individual or corporation');
  // The timeline below is the demo's output; the worker speaks up only when something is wrong.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const t0 = Date.now();
  const say = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

  say('starting the Temporal dev server (Web UI on) ...');
  const server = await startDevServer({
    port: Number(values.port),
    uiPort: Number(values['ui-port']),
    dbFile: path.join(root, '.data', 'temporal-dev.db'),
  });
  const sandbox = await startSandbox();
  const admin = sandboxAdmin(sandbox.url);
  say(`sandbox providers at ${sandbox.url}; Temporal at ${server.address}; Web UI ${server.uiUrl}`);

  const taskQueue = 'onboarding-demo';
  const env = { ...process.env, TEMPORAL_ADDRESS: server.address, ONBOARDING_TASK_QUEUE: taskQueue, SANDBOX_URL: sandbox.url };
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  say('bundling the workflow and starting a worker ...');
  const worker = await createOnboardingWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    adapters: createAdapters(providersConfigFrom(env)),
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const client = new OnboardingClient(new Client({ connection, dataConverter: dataConverter() }), taskQueue);

  const request = await demoRequest(provider, sandbox.url, accountType);
  await client.start(request);
  const workflowId = workflowIdFor(request.reference);
  say(`started onboarding ${request.reference} with ${provider}`);
  say(`watch it: ${server.uiUrl}/namespaces/default/workflows/${workflowId}`);

  let seenSteps = 0;
  let answeredChallenge = '';
  let kycDecided = false;
  for (;;) {
    const status = await client.status(request.reference);
    for (const entry of status.timeline.slice(seenSteps)) say(`step: ${entry.step}`);
    seenSteps = status.timeline.length;
    if (!status.running) break;

    // The person reads the code from their phone (the sandbox outbox) and types it in.
    if (status.step === 'verifying-contact' && status.otp && status.userId && answeredChallenge !== status.otp.expiresAt + status.otp.channel) {
      const message = (await admin.outbox({ provider, userId: status.userId, channel: status.otp.channel })).at(-1);
      if (message) {
        answeredChallenge = status.otp.expiresAt + status.otp.channel;
        say(`person: received the ${status.otp.channel} code, entering it`);
        const answer = await client.submitOtp(request.reference, message.code);
        say(`  -> ${answer.accepted ? 'accepted' : `refused (${answer.reason})`}`);
      }
    }
    // A few seconds into KYC, compliance clears the person and support records it with the CLI.
    if (status.step === 'awaiting-kyc' && status.userId && !kycDecided) {
      kycDecided = true;
      if (status.nextAction) say(`person: ${status.nextAction}`);
      await new Promise((r) => setTimeout(r, 3_000));
      await admin.decideKyc(provider, status.userId, 'VERIFIED');
      say('provider compliance: identity VERIFIED');
      say('support: onboarding kyc approve (CLI)');
      execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'client', 'cli.ts'), 'kyc', 'approve', request.reference, '--by', 'demo-support'], {
        env,
        stdio: 'inherit',
      });
    }
    await new Promise((r) => setTimeout(r, 300));
  }

  const outcome = await client.result(request.reference);
  if (outcome.status === 'completed') {
    const { deposit, userId, holder } = outcome.result;
    say(`COMPLETED: user ${userId}, ${holder.kind} ${holder.id}`);
    say(`deposit address: ${deposit.address} (${deposit.currency} on ${deposit.network})`);
  } else {
    say(`FAILED: ${outcome.type}: ${outcome.message}`);
    process.exitCode = 1;
  }
  say(`in the Web UI: ${server.uiUrl}/namespaces/default/workflows/${workflowId}`);

  if (values.keep) {
    say('--keep: everything stays up; press Ctrl-C to stop.');
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  }
  worker.shutdown();
  await running;
  await nativeConnection.close();
  await connection.close();
  await sandbox.close();
  await server.stop();
  say('stopped cleanly');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
