import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import fc from 'fast-check';
import type { z } from 'zod';
import { cancelBody, credentialBody, kycDecisionBody, otpBody, supportResolutionBody } from '../../api/schemas';
import { workflowIdFor } from '../../client/onboarding-client';
import { onboardingInput, parseOnboardingRequest } from '../../domain/input';
import { harnessWithApi } from '../support/api';
import { sfoxCorporationRequest, sfoxIndividualRequest, soveraRequest, stoknRequest } from '../support/requests';
import { applied, mutationsOf, type Mutation } from './mutations';

/** `npm run fuzz -- --runs N --seed S` sets these; CI runs the fixed seed and size below. */
const runs = Number(process.env.FUZZ_RUNS ?? 300);
const seed = Number(process.env.FUZZ_SEED ?? 20261204);

type Json = Parameters<typeof applied>[0];
const hourly = { kycPollInterval: '1 hour', kycDeadline: '2 hours' };
const seeds: Record<string, () => Json> = {
  sovera: () => soveraRequest({ wait: hourly }) as unknown as Json,
  stokn: () => stoknRequest({ wait: hourly }) as Json,
  'sfox individual': () => sfoxIndividualRequest({ wait: hourly }) as Json,
  'sfox corporation': () => sfoxCorporationRequest({ wait: hourly }) as Json,
};

/** The messages, each with a valid body, its route on a reference that does not exist, and a role that may send it. */
const messages: { name: string; path: string; role: 'backend' | 'support'; schema: z.ZodType; valid: Json }[] = [
  { name: 'otp', path: '/otp', role: 'backend', schema: otpBody, valid: { code: '123456' } },
  { name: 'kyc-decision', path: '/kyc-decision', role: 'support', schema: kycDecisionBody, valid: { decision: 'REJECTED', reason: 'document unreadable' } },
  { name: 'credential', path: '/credential', role: 'backend', schema: credentialBody, valid: { credential: { secret: 'eyJhbGciOiJIUzI1NiJ9.e30.sig' } } },
  {
    name: 'support-resolution',
    path: '/support-resolution',
    role: 'support',
    schema: supportResolutionBody,
    valid: { decision: 'found', userId: 'u-1', accountId: 'a-1' },
  },
  { name: 'cancel', path: '/cancel', role: 'support', schema: cancelBody, valid: { reason: 'the person asked' } },
];

/**
 * Property-based tests (issue 22 §5): valid bodies, mutated with wrong types, values at and past
 * their bounds, Unicode edge cases, missing and extra fields, sent to the real API. The API never
 * answers 5xx; a start it takes is an onboarding our own schema accepts and Temporal holds; every
 * 400 names a field, and the API refuses exactly what the schema refuses. A failing seed found
 * once becomes a case in the hostile suite (docs/api-hardening.md).
 */
describe('API fuzzing', () => {
  const setup = harnessWithApi();

  const problemFields = (body: unknown) => ((body as { errors?: { field?: string }[] } | undefined)?.errors ?? []).map((e) => e.field ?? '');

  test(`starts: ${runs} mutated requests (seed ${seed})`, async () => {
    const { h, api } = setup;
    const seen = { started: 0, refused: 0 };
    const cases = fc.constantFrom(...Object.keys(seeds)).chain((kind) => {
      const valid = seeds[kind]();
      return fc.tuple(fc.constant(kind), fc.constant(valid), mutationsOf(valid, onboardingInput));
    });
    await fc.assert(
      fc.asyncProperty(cases, async ([, valid, mutations]: [string, Json, Mutation[]]) => {
        const body = applied(valid, mutations);
        const answer = await api.call('POST', '/v1/onboardings', { role: 'backend', body, headers: { 'idempotency-key': randomUUID() } });
        const verdict = parseOnboardingRequest(body);
        if (answer.status >= 500) throw new Error(`answered ${answer.status}`);
        if (answer.status === 201) {
          if (!verdict.success) throw new Error('started an onboarding our schema refuses');
          const reference = (body as { reference: string }).reference;
          await h.env.client.workflow
            .getHandle(workflowIdFor(reference))
            .describe()
            .catch((err: unknown) => {
              throw err instanceof WorkflowNotFoundError ? new Error('answered 201 with no workflow in Temporal') : err;
            });
          await h.client.cancel(reference);
          seen.started++;
          return;
        }
        // A valid request may still find its reference taken by an earlier run's mutation.
        if (answer.status === 409 && (answer.body as { type?: string }).type === '/problems/reference-taken') return;
        // A valid request the provider itself refuses answers so in the start's answer (Update-With-Start), naming the field.
        if ((answer.body as { type?: string }).type === '/problems/provider-refused' && problemFields(answer.body).filter(Boolean).length > 0) return;
        if (verdict.success) throw new Error(`refused (${answer.status}) a request our schema accepts`);
        if (answer.status !== 400 && answer.status !== 413) throw new Error(`refused with ${answer.status}, not 400 or 413`);
        if (problemFields(answer.body).filter(Boolean).length === 0) throw new Error('a refusal that names no field');
        seen.refused++;
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
    // Both sides were exercised: mutations the schema takes (boundary values) and ones it refuses.
    expect({ started: seen.started > 0, refused: seen.refused > runs / 2 }).toEqual({ started: true, refused: true });
  });

  test.each(messages.map((m) => [m.name, m] as const))(`%s: ${Math.ceil(runs / 3)} mutated bodies (seed ${seed})`, async (_name, message) => {
    const { api } = setup;
    const path = `/v1/onboardings/fuzz-nobody-${randomUUID().slice(0, 8)}${message.path}`;
    await fc.assert(
      fc.asyncProperty(mutationsOf(message.valid, message.schema), async (mutations) => {
        const body = applied(message.valid, mutations);
        const answer = await api.call('POST', path, { role: message.role, body });
        if (answer.status >= 500) throw new Error(`answered ${answer.status}`);
        const valid = message.schema.safeParse(body).success;
        // Valid bodies reach the (missing) onboarding: 404. Invalid ones are refused first, naming a field.
        if (valid && answer.status !== 404) throw new Error(`a valid body answered ${answer.status}, not 404`);
        if (!valid && answer.status !== 400) throw new Error(`an invalid body answered ${answer.status}, not 400`);
        if (!valid && problemFields(answer.body).filter(Boolean).length === 0) throw new Error('a refusal that names no field');
      }),
      { seed, numRuns: Math.ceil(runs / 3), endOnFailure: true },
    );
  });
});
