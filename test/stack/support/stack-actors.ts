import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { IdempotencyFingerprints } from '../../../client/idempotency';
import { OnboardingClient } from '../../../client/onboarding-client';
import { dataConverter } from '../../../codec/data-converter';
import { loadCodecKeys, loadSecretsKeys } from '../../../codec/keys';
import { sandboxAdmin, type SandboxAdmin } from '../../../dev/sandbox/admin-client';
import type { StackContext } from '../../../dev/stack/service';
import type { Topology } from '../../../dev/stack/services';
import { stackContext } from '../../../dev/stack/stack';
import { stackSecretsKeys } from '../../../dev/stack/settings';
import type { Actors } from '../../support/person';
import { replayOnboardings } from '../../support/replay';

export interface StackActors extends Actors {
  ctx: StackContext;
  client: OnboardingClient;
  admin: SandboxAdmin;
  temporal: Client;
  /** The payload converter the stack's workers use (its keys): for workers a test runs itself. */
  dataConverter: DataConverter;
  /** A client of the same Temporal for onboardings on another task queue (workers a test runs itself). */
  clientOn(taskQueue: string): OnboardingClient;
  /** Replays every onboarding started since these actors were made (but `except`), with the workers' bundle; returns how many. */
  replay(except?: ReadonlySet<string>): Promise<number>;
  close(): Promise<void>;
}

/**
 * What test:stack runs: the Temporal cluster (one frontend, two history, two matching and one
 * worker host, each its own process) and three workers, as production scales it.
 */
export const stackUnderTest: Topology = 'cluster';

/** A client of the running stack (its Temporal, task queue and payload key) and its sandbox's controls. */
export async function stackActors(): Promise<StackActors> {
  const ctx = stackContext(stackUnderTest);
  const env = ctx.nodeEnv;
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
  const keys = loadCodecKeys(env);
  // The stack's workers and API hold this key (dev/stack/services.ts), its codec server does not.
  const secretsKeys = loadSecretsKeys({ ONBOARDING_SECRETS_KEYS: stackSecretsKeys() });
  const converter = dataConverter(keys, undefined, secretsKeys);
  const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, dataConverter: converter });
  const since = new Date();
  const clientOn = (taskQueue: string) => new OnboardingClient(temporal, taskQueue, new IdempotencyFingerprints(keys));
  return {
    replay: (except) => replayOnboardings(temporal, { since, keys, secretsKeys, except }),
    ctx,
    temporal,
    dataConverter: converter,
    clientOn,
    client: clientOn(env.ONBOARDING_TASK_QUEUE!),
    admin: sandboxAdmin(env.SANDBOX_URL!),
    close: () => connection.close(),
  };
}
