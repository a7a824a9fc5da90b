import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { OnboardingClient, workflowIdFor, type OnboardingView } from '../client/onboarding-client';
import { dataConverter } from '../codec/data-converter';
import { apiRoles, type ApiRole } from '../domain/actor';
import { providerNames } from '../domain/providers';
import { providersConfigFrom } from '../providers/config';
import { createAdapters, sampleFlows, type SampleFlowName } from '../providers/registry';
import { startSandbox } from '../sandbox/server';
import { sandboxAdmin } from '../sandbox/admin-client';
import { createOnboardingWorker } from '../workers/onboarding-worker';
import { demoRequest } from './demo-requests';
import { startDevServer } from './dev-server';
import { startDemoServices } from './demo-services';

/**
 * `npm run demo [-- --provider <name> | --flow <flow>] [--keep]`: a full onboarding on real
 * parts (the Temporal dev server and the Web UI server with its codec endpoint, the HTTP API and the codec
 * server, the sandbox with its KYC webhooks, a worker). The backend, the person and support staff
 * are played by this script over HTTP, with a live timeline.
 */
const root = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  process.env.ONBOARDING_MODE ??= 'development'; // this machine's development key, for the demo's own processes
  const { values } = parseArgs({
    options: {
      provider: { type: 'string', default: 'sovera' },
      flow: { type: 'string' },
      keep: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.DEMO_TEMPORAL_PORT ?? '7233' },
      'ui-port': { type: 'string', default: process.env.DEMO_UI_PORT ?? '8233' },
      'api-port': { type: 'string', default: process.env.DEMO_API_PORT ?? '3000' },
      'codec-port': { type: 'string', default: process.env.DEMO_CODEC_PORT ?? '8081' },
    },
  });
  const flows = Object.keys(sampleFlows) as SampleFlowName[];
  // --provider picks its provider's first flow; --flow one flow by name (sfox-corporation).
  const flow = (values.flow ?? flows.find((f) => sampleFlows[f].provider === values.provider)) as SampleFlowName | undefined;
  if (!flow || !flows.includes(flow))
    throw new Error(values.flow ? `--flow must be one of ${flows.join(', ')}` : `--provider must be one of ${providerNames.join(', ')}`);
  const provider = sampleFlows[flow].provider;
  // The timeline below is the demo's output; the worker speaks up only when something is wrong.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const t0 = Date.now();
  const say = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
  const uiPort = Number(values['ui-port']);
  const codecPort = Number(values['codec-port']);
  const apiPort = Number(values['api-port']);

  say('starting the Temporal dev server and its Web UI (codec endpoint set, browser credentials included) ...');
  const server = await startDevServer({
    port: Number(values.port),
    uiPort,
    dbFile: path.join(root, '.data', 'temporal-dev.db'),
    codecEndpoint: `http://localhost:${codecPort}`,
  });
  const taskQueue = 'onboarding-demo';
  const connection = await Connection.connect({ address: server.address });
  const client = new OnboardingClient(new Client({ connection, dataConverter: dataConverter() }), taskQueue);
  const services = await startDemoServices({
    client,
    apiPort,
    codecPort,
    uiOrigin: `http://localhost:${uiPort}`,
    logFile: path.join(root, '.data', 'demo-api.log'),
  });
  const sandbox = await startSandbox({ webhooks: { url: `http://127.0.0.1:${apiPort}/v1/webhooks`, secrets: services.webhookSecrets } });
  const admin = sandboxAdmin(sandbox.url);
  say(`Temporal at ${server.address} (task queue ${taskQueue}); Web UI ${server.uiUrl}; sandbox providers at ${sandbox.url}`);
  say(`HTTP API ${services.apiUrl} (OpenAPI: ${services.apiUrl}/openapi.json); codec server ${services.codecUrl}; request and audit log in .data/demo-api.log`);

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

  /** The demo plays a backend (and support staff) calling the HTTP API, as any language would. */
  const http = async (role: ApiRole, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(services.apiUrl + route, {
      method,
      headers: { authorization: `Bearer ${services.keys[role].key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${route} -> ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };

  const request = await demoRequest(flow, admin);
  const reference = request.reference;
  await http('backend', 'POST', '/v1/onboardings', request, { 'idempotency-key': randomUUID() });
  const workflowId = workflowIdFor(reference);
  say(`backend: POST /v1/onboardings -> started ${reference} with ${provider}`);
  say(`watch it: ${server.uiUrl}/namespaces/default/workflows/${workflowId}`);

  let seenSteps = 0;
  let answeredChallenge = '';
  let kycDecided = false;
  for (;;) {
    const status = (await http('backend', 'GET', `/v1/onboardings/${reference}`)) as unknown as OnboardingView;
    for (const entry of status.timeline.slice(seenSteps)) say(`step: ${entry.step}`);
    seenSteps = status.timeline.length;
    if (!status.running) break;

    // The person reads the code from their phone (the sandbox outbox); the backend's app sends it.
    if (status.step === 'verifying-contact' && status.otp && status.userId && answeredChallenge !== status.otp.expiresAt + status.otp.channel) {
      const message = (await admin.outbox({ provider, userId: status.userId, channel: status.otp.channel })).at(-1);
      if (message) {
        answeredChallenge = status.otp.expiresAt + status.otp.channel;
        const answer = await http('backend', 'POST', `/v1/onboardings/${reference}/otp`, { code: message.code });
        say(`backend: POST /otp with the person's ${status.otp.channel} code -> ${answer.accepted ? 'accepted' : `refused (${String(answer.reason)})`}`);
      }
    }
    // A few seconds into KYC, the provider's compliance decides (its webhook reaches the API) and support records it.
    if (status.step === 'awaiting-kyc' && status.userId && !kycDecided) {
      kycDecided = true;
      if (status.nextAction) say(`person: ${status.nextAction}`);
      await new Promise((r) => setTimeout(r, 3_000));
      await admin.decideKyc(provider, status.userId, 'VERIFIED');
      say('provider compliance: identity VERIFIED (signed webhook sent to the API)');
      await http('support', 'POST', `/v1/onboardings/${reference}/kyc-decision`, { decision: 'VERIFIED' }).then(
        () => say(`support (${services.keys.support.principal}): POST /kyc-decision VERIFIED`),
        (err: unknown) => say(`support: ${(err as Error).message}`),
      );
    }
    await new Promise((r) => setTimeout(r, 300));
  }

  const outcome = await client.result(reference);
  if (outcome.status === 'completed') {
    const { deposit, userId, holder } = outcome.result;
    say(`COMPLETED: user ${userId}, ${holder.kind} ${holder.id}`);
    say(`deposit address: ${deposit.address} (${deposit.currency} on ${deposit.network})`);
  } else {
    say(`FAILED: ${outcome.type}: ${outcome.message}`);
    process.exitCode = 1;
  }
  const webhook = (await admin.webhooks()).at(-1);
  if (webhook) say(`provider webhook ${webhook.id}: HTTP ${String(webhook.lastOutcome)} from the API after ${webhook.attempts} attempt(s)`);
  say(
    `in the Web UI: 1. open ${services.codecUrl}/ and sign in as ${services.keys.operator.principal} with key ${services.keys.operator.key} (support and compliance: see --keep);`,
  );
  say(`  2. open ${server.uiUrl}/namespaces/default/workflows/${workflowId}: the input decoded as your role may see it (README, "Web UI")`);
  say(
    `support console: open ${services.apiUrl}/console/onboardings/${reference} and sign in with the support key ${services.keys.support.key} (docs/console.md)`,
  );

  if (values.keep) {
    say('--keep: everything stays up; try the API with these keys (this run only):');
    for (const role of apiRoles) say(`  ${role.padEnd(8)} ${services.keys[role].principal}: ${services.keys[role].key}`);
    say(`  curl -H "Authorization: Bearer ${services.keys.operator.key}" ${services.apiUrl}/v1/onboardings/${reference}`);
    say('press Ctrl-C to stop.');
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  }
  worker.shutdown();
  await running;
  await nativeConnection.close();
  await services.close();
  await connection.close();
  await sandbox.close();
  await server.stop();
  say('stopped cleanly');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
