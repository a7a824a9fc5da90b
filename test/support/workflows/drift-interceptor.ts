import { sleep, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * Test only: an onboarding run with this interceptor starts with a timer that today's code never
 * asks for, as if an old worker had run an incompatible version. Any worker of today's bundle that
 * replays such a history meets a nondeterminism error: a stuck onboarding made on purpose.
 */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        await sleep(1);
        return next(input);
      },
    },
  ],
});
