import { z } from 'zod';

const env = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  ONBOARDING_TASK_QUEUE: z.string().min(1).default('onboarding'),
});

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
}

/** Where the Temporal server is and which task queue the onboarding uses. */
export function temporalConfigFrom(source: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const e = env.parse(source);
  return { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.ONBOARDING_TASK_QUEUE };
}
