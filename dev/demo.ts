import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pino from 'pino';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { OnboardingClient, workflowIdFor, type OnboardingView } from '../client/onboarding-client';
import { dataConverter } from '../codec/data-converter';
import { apiRoles, type ApiRole } from '../domain/actor';
import { createLogger } from '../observability/logger';
import { sdkRuntimeOptions } from '../observability/sdk-runtime';
import { providersConfigFrom } from '../providers/config';
import { createAdapters, sampleFlows } from '../providers/registry';
import { startSandbox } from './sandbox/server';
import { sandboxAdmin } from './sandbox/admin-client';
import { createOnboardingWorker } from '../workers/onboarding-worker';
import { demoExitCodes, demoUsage, DemoUsageError, parseDemoOptions } from './demo-options';
import { demoRequest } from './demo-requests';
import { devDatabaseFile, startDevServer } from './dev-server';
import { startDemoServices } from './demo-services';
import { PortTaken, refuseTakenPorts, type WantedPort } from './port-check';
import { Teardown } from './teardown';
import { writeDemoEnv } from './demo-env';

/**
 * `npm run demo [-- --provider <name> | --flow <flow>] [--keep]` (`-- --help` for every option):
 * a full onboarding on real parts (the Temporal dev server and the Web UI server with its codec
 * endpoint, the HTTP API and the codec server, the sandbox with its KYC webhooks, a worker). The
 * backend, the person and support staff are played by this script over HTTP, with a live timeline.
 * Ctrl-C (SIGINT) or SIGTERM stops every part, at any point, and exits 0.
 */
const root = path.resolve(__dirname, '..');
const teardown = new Teardown();
let interrupted = false;
/** The ports this run wants, once the options are read: an EADDRINUSE after the check (a race) is named with them. */
let wantedPorts: WantedPort[] = [];
const t0 = Date.now();
const say = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

/** Stops what has started and exits: 0 when every part stopped, 1 when one did not. */
async function stopAndExit(code: number): Promise<never> {
  if (teardown.empty) process.exit(code); // nothing started: --help, a usage error, a taken port
  const failed = await teardown.run();
  if (failed.length > 0) console.error(`error: could not stop ${failed.join(', ')}; it may still hold its port`);
  else say('stopped cleanly');
  process.exit(failed.length > 0 ? demoExitCodes.failed : code);
}

function stopOnSignal(): void {
  const stop = () => {
    if (interrupted) return; // a terminal's Ctrl-C reaches tsx and this process both
    interrupted = true;
    say('stopping ...');
    void stopAndExit(demoExitCodes.ok);
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
}

async function main(): Promise<number> {
  process.env.ONBOARDING_MODE ??= 'development'; // this machine's development key, for the demo's own processes
  const options = parseDemoOptions(process.argv.slice(2), process.env);
  if (options.help) {
    console.log(demoUsage);
    return demoExitCodes.ok;
  }
  const { flow, ports } = options;
  const provider = sampleFlows[flow].provider;
  wantedPorts = [
    { port: ports.temporal, flag: '--port', what: 'the Temporal dev server' },
    { port: ports.ui, flag: '--ui-port', what: 'the Temporal Web UI' },
    { port: ports.api, flag: '--api-port', what: 'the HTTP API' },
    { port: ports.codec, flag: '--codec-port', what: 'the codec server' },
  ];
  await refuseTakenPorts(wantedPorts);
  stopOnSignal();
  // The timeline is the demo's output; the worker speaks up (on stderr) only when something is
  // wrong, filtered as the worker process filters its logs. The signals are ours: see stopOnSignal.
  Runtime.install({ ...sdkRuntimeOptions(createLogger('warn', pino.destination(2)), 'warn'), shutdownSignals: [] });

  say('starting the Temporal dev server and its Web UI (codec endpoint set, browser credentials included) ...');
  const server = await startDevServer({
    port: ports.temporal,
    uiPort: ports.ui,
    // One database per port: two demos on different ports never share (nor lock) one file.
    dbFile: devDatabaseFile(ports.temporal),
    codecEndpoint: `http://localhost:${ports.codec}`,
  });
  teardown.add('the Temporal dev server', () => server.stop());
  const taskQueue = 'onboarding-demo';
  const connection = await Connection.connect({ address: server.address });
  teardown.add('the Temporal client', () => connection.close());
  const client = new OnboardingClient(new Client({ connection, dataConverter: dataConverter() }), taskQueue);
  const services = await startDemoServices({
    client,
    apiPort: ports.api,
    codecPort: ports.codec,
    uiOrigin: `http://localhost:${ports.ui}`,
    logFile: path.join(root, '.data', 'demo-api.log'),
  });
  teardown.add('the HTTP API and the codec server', () => services.close());
  const sandbox = await startSandbox({ webhooks: { url: `http://127.0.0.1:${ports.api}/v1/webhooks`, secrets: services.webhookSecrets } });
  teardown.add('the sandbox', () => sandbox.close());
  const admin = sandboxAdmin(sandbox.url);
  say(`Temporal at ${server.address} (task queue ${taskQueue}); Web UI ${server.uiUrl}; sandbox providers at ${sandbox.url}`);
  say(`HTTP API ${services.apiUrl} (OpenAPI: ${services.apiUrl}/openapi.json); codec server ${services.codecUrl}; request and audit log in .data/demo-api.log`);

  const env = { ...process.env, TEMPORAL_ADDRESS: server.address, ONBOARDING_TASK_QUEUE: taskQueue, SANDBOX_URL: sandbox.url };
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  teardown.add('the worker connection', () => nativeConnection.close());
  say('bundling the workflow and starting a worker ...');
  const worker = await createOnboardingWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    adapters: createAdapters(providersConfigFrom(env)),
  });
  const running = worker.run();
  teardown.add('the worker', async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  });

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

  if (options.keep) {
    const envFile = path.join(root, '.data', 'demo.env');
    teardown.add('the demo.env file', writeDemoEnv(envFile, { apiUrl: services.apiUrl, sandboxUrl: sandbox.url, keys: services.keys }));
    say('--keep: everything stays up; try the API with these keys (this run only):');
    for (const role of apiRoles) say(`  ${role.padEnd(8)} ${services.keys[role].principal}: ${services.keys[role].key}`);
    say(`  or in a shell: source ${path.relative(process.cwd(), envFile)} (the URLs, and each role's key as BACKEND_KEY, SUPPORT_KEY, ...)`);
    say(`  curl -H "Authorization: Bearer ${services.keys.operator.key}" ${services.apiUrl}/v1/onboardings/${reference}`);
    say('press Ctrl-C to stop.');
    await new Promise<never>(() => {}); // stopOnSignal ends the process
  }
  return outcome.status === 'completed' ? demoExitCodes.ok : demoExitCodes.failed;
}

/** A failure as one sentence and its exit code; a port taken between the check and the listen reads as one found by the check. */
function explained(err: unknown): { message: string; code: number } {
  if (err instanceof DemoUsageError) return { message: err.message, code: demoExitCodes.usage };
  const raced = (err as NodeJS.ErrnoException).code === 'EADDRINUSE' && wantedPorts.find((w) => w.port === (err as { port?: number }).port);
  if (err instanceof PortTaken || raced) return { message: raced ? new PortTaken(raced).message : (err as Error).message, code: demoExitCodes.portTaken };
  return { message: err instanceof Error ? err.message : String(err), code: demoExitCodes.failed };
}

main().then(
  (code) => stopAndExit(code),
  (err: unknown) => {
    if (interrupted) return; // stopping: what fails now is the parts going away
    const { message, code } = explained(err);
    console.error(`error: ${message}`);
    return stopAndExit(code);
  },
);
