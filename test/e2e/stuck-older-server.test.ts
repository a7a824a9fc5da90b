import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { OnboardingClient, workflowIdFor } from '../../client/onboarding-client';
import { dataConverter } from '../../codec/data-converter';
import { startDevServer, temporalVersions, type DevServer } from '../../dev/dev-server';
import { freePort } from '../../dev/port-check';
import { soveraRequest } from '../support/requests';

/**
 * `onboarding stuck` lists by `TemporalReportedProblems`, which the oldest server we support
 * (1.29.1) does not have: there it refuses the query, and the command describes every running
 * onboarding instead (stuck-onboarding.test.ts lists a stuck one on the server we ship).
 */
describe('onboarding stuck on the oldest supported server', () => {
  let server: DevServer;
  let connection: Connection;
  beforeAll(async () => {
    server = await startDevServer({ port: await freePort(), version: temporalVersions().TEMPORAL_SERVER_PREVIOUS_VERSION });
    connection = await Connection.connect({ address: server.address });
  });
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  test('answers without TemporalReportedProblems: a running onboarding whose task never failed is not stuck', async () => {
    const temporal = new Client({ connection, namespace: server.namespace, dataConverter: dataConverter() });
    const client = new OnboardingClient(temporal, `no-worker-${randomUUID()}`);
    const query = `TemporalReportedProblems IN ('category=WorkflowTaskFailed')`;
    await expect(temporal.workflowService.listWorkflowExecutions({ namespace: server.namespace, query })).rejects.toThrow(/TemporalReportedProblems/);
    const request = soveraRequest();
    await client.start(request);
    expect((await temporal.workflow.getHandle(workflowIdFor(request.reference)).describe()).status.name).toBe('RUNNING');
    expect(await client.stuck()).toEqual([]);
  });
});
