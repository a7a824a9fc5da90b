import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:tls';
import { promisify } from 'node:util';
import { NativeConnection, TransportError } from '@temporalio/worker';
import { OnboardingClient } from '../../client/onboarding-client';
import { temporalConfigFrom, temporalConnectionOptions } from '../../config/temporal';
import { providersConfigFrom } from '../../providers/config';
import { createAdapters } from '../../providers/registry';
import { createOnboardingWorker } from '../../workers/onboarding-worker';
import { startHarness, type Harness } from '../support/harness';
import { reachStep } from '../support/person';
import { soveraRequest } from '../support/requests';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

/**
 * mTLS to Temporal, end to end: a TLS front (requiring a client certificate of our test CA) before
 * the dev server, and the worker, the client library and the CLI reaching it through Temporal's
 * TEMPORAL_TLS_* variables (config/temporal.ts). Certificates are made for the test with openssl.
 */
describe('Temporal over mTLS: worker, client and CLI (end to end)', () => {
  let h: Harness;
  let front: Server;
  let dir: string;
  let tlsEnv: Record<string, string>;

  function openssl(...args: string[]): void {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  }

  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(path.join(tmpdir(), 'temporal-mtls-'));
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=onboarding test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
    for (const [name, cn] of [
      ['server', 'temporal.test'],
      ['client', 'onboarding-worker'],
    ]) {
      openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${cn}`, '-keyout', `${name}.key`, '-out', `${name}.csr`);
      const ext = path.join(dir, `${name}.ext`);
      writeFileSync(ext, name === 'server' ? 'subjectAltName=DNS:temporal.test\nextendedKeyUsage=serverAuth\n' : 'extendedKeyUsage=clientAuth\n');
      openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        ext,
        '-out',
        `${name}.pem`,
      );
    }
    const upstream = new URL(`http://${h.env.address}`);
    front = createServer(
      {
        key: readFileSync(path.join(dir, 'server.key')),
        cert: readFileSync(path.join(dir, 'server.pem')),
        ca: readFileSync(path.join(dir, 'ca.pem')),
        requestCert: true,
        rejectUnauthorized: true,
        ALPNProtocols: ['h2'],
      },
      (socket) => {
        const server = netConnect(Number(upstream.port), upstream.hostname);
        socket.pipe(server).pipe(socket);
        socket.on('error', () => server.destroy());
        server.on('error', () => socket.destroy());
      },
    );
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    tlsEnv = {
      TEMPORAL_ADDRESS: `127.0.0.1:${(front.address() as AddressInfo).port}`,
      TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(dir, 'client.pem'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: path.join(dir, 'client.key'),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(dir, 'ca.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
      ONBOARDING_TASK_QUEUE: `${h.client.taskQueue}-mtls`,
    };
  });
  afterAll(async () => {
    await new Promise((resolve) => front?.close(resolve));
    await h?.close();
  });

  test('an onboarding runs with the worker, the client and the CLI all connected through mTLS', async () => {
    const config = temporalConfigFrom(tlsEnv);
    const connection = await NativeConnection.connect(temporalConnectionOptions(config));
    const worker = await createOnboardingWorker({
      connection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      adapters: createAdapters(providersConfigFrom({ SANDBOX_URL: h.sandbox.url })),
      workflowBundle: { code: readFileSync(process.env.WORKFLOW_BUNDLE_FOR_TESTS!, 'utf8') },
      shutdownGraceTime: '1 second',
    });
    const running = worker.run();
    const client = await OnboardingClient.connect(config);
    try {
      const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
      await client.start(request);
      const waiting = await reachStep({ ...h, client }, request.reference, 'awaiting-kyc');
      await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');

      // The CLI's Temporal-direct command (the operator's `stuck`; the others go through the API), a separate process, with nothing but the TLS variables.
      const { stdout } = await run(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'cmd', 'onboarding.ts'), 'stuck', '--json'], {
        env: { ...process.env, ...tlsEnv },
      });
      expect(JSON.parse(stdout)).toEqual({ stuck: [] });
      await client.decideKyc(request.reference, { decision: 'VERIFIED' }, { id: 'agent-tls', role: 'support' });
      expect((await client.result(request.reference)).status).toBe('completed');
    } finally {
      await client.close();
      worker.shutdown();
      await running;
      await connection.close();
    }
  });

  test('without the client certificate the TLS front refuses the connection', async () => {
    const { TEMPORAL_TLS_CLIENT_CERT_PATH: _cert, TEMPORAL_TLS_CLIENT_KEY_PATH: _key, ...noClientCert } = tlsEnv;
    const config = temporalConfigFrom(noClientCert);
    const refused = await NativeConnection.connect(temporalConnectionOptions(config)).then(
      () => undefined,
      (err: unknown) => err,
    );
    // The TLS front ends the handshake: it asks for a certificate the client does not have. The
    // client fails at the transport on its first call (the alert, or the connection closed, or
    // reset: whichever it reads first), never with a configuration error.
    expect(refused).toBeInstanceOf(TransportError);
    expect((refused as Error).message).toMatch(/^Failed to call GetSystemInfo: .*transport::Error/);
  });
});
