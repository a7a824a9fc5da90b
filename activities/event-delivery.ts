import axios from 'axios';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { backendEvent, type BackendEvent } from '../domain/events';
import type { FailureType } from '../domain/failures';
import { signWebhook } from '../webhooks/signature';

/** Where the backend receives events, and the secret they are signed with (from the environment only). */
export interface BackendEventsConfig {
  url: string;
  secret: string;
  timeoutMs: number;
}

const env = z.object({
  ONBOARDING_EVENTS_URL: z.url().optional(),
  ONBOARDING_EVENTS_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  ONBOARDING_EVENTS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
});

/** Undefined when no URL is configured: events are then not sent (said once by the worker). */
export function backendEventsConfigFrom(source: NodeJS.ProcessEnv = process.env): BackendEventsConfig | undefined {
  const e = env.parse(source);
  if (!e.ONBOARDING_EVENTS_URL) return undefined;
  if (!e.ONBOARDING_EVENTS_SECRET) throw new Error('ONBOARDING_EVENTS_URL is set: ONBOARDING_EVENTS_SECRET must be set too');
  return { url: e.ONBOARDING_EVENTS_URL, secret: e.ONBOARDING_EVENTS_SECRET, timeoutMs: e.ONBOARDING_EVENTS_TIMEOUT_MS };
}

const failure = (type: FailureType, message: string, nextRetryDelay?: number) =>
  ApplicationFailure.create({ type, message, nonRetryable: type === 'BackendEventRejected', ...(nextRetryDelay ? { nextRetryDelay } : {}) });

/** The activity that sends one event to the backend; the workflow calls it in order, with eventDeliveryRetry. */
export function createEventActivities(config: BackendEventsConfig | undefined) {
  return {
    async deliverEvent(event: BackendEvent): Promise<{ delivered: boolean; status?: number }> {
      const parsed = backendEvent.safeParse(event);
      if (!parsed.success)
        throw ApplicationFailure.create({
          type: 'InvalidInput' satisfies FailureType,
          message: `not a backend event: ${z.prettifyError(parsed.error)}`,
          nonRetryable: true,
        });
      if (!config) return { delivered: false };
      const body = JSON.stringify(parsed.data);
      let status: number;
      let retryAfter: string | undefined;
      try {
        const response = await axios.post(config.url, body, {
          headers: { 'content-type': 'application/json', ...signWebhook(config.secret, event.id, body) },
          timeout: config.timeoutMs,
          validateStatus: () => true,
          maxRedirects: 0,
        });
        status = response.status;
        retryAfter = response.headers['retry-after'] as string | undefined;
      } catch (err) {
        // Refused, reset, timed out: the backend is away for now.
        throw failure('BackendUnavailable', `event ${event.id} not delivered: ${(err as { code?: string }).code ?? 'network error'}`);
      }
      // 409: the backend already has this event id (a redelivery it deduplicated): delivered.
      if ((status >= 200 && status < 300) || status === 409) return { delivered: true, status };
      if (status >= 500 || status === 408 || status === 425 || status === 429) {
        const seconds = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
        throw failure('BackendUnavailable', `event ${event.id}: the backend answered ${status}`, seconds);
      }
      throw failure('BackendEventRejected', `event ${event.id}: the backend refused it with ${status}`);
    },
  };
}
