import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import axios from 'axios';
import type { KycWebhookEvent } from '../../webhooks/kyc-event';
import { signWebhook } from '../../webhooks/signature';

/**
 * The sandbox's outbound KYC webhooks: when a provider's KYC decision is made, a signed event
 * goes to `<url>/<provider>`. (ours) No provider documents such a webhook; the event shape and
 * signature are our own (webhooks/), the ones the API's POST /v1/webhooks/{provider} verifies.
 * A delivery is retried a few times with backoff when the receiver fails or is down; every
 * delivery is listed at GET /_sandbox/webhooks and can be sent again (same id) for replay tests.
 */
export interface WebhookOptions {
  /** Base URL; the provider's name is appended (…/v1/webhooks/sovera). */
  url: string;
  /** Signing secret per provider; a provider without one sends nothing. */
  secrets: ReadonlyMap<string, readonly string[]>;
  /** Waits between attempts (ms); default 0.5 s, 2 s, 5 s. */
  retryDelaysMs?: number[];
}

export interface WebhookDelivery {
  id: string;
  provider: string;
  event: KycWebhookEvent;
  attempts: number;
  /** HTTP status of the last attempt, or "network" when the receiver could not be reached. */
  lastOutcome?: number | 'network';
  delivered: boolean;
}

export class WebhookSender {
  private readonly deliveries: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Aborted on close: waiting retries are dropped, as a provider that goes away would. */
  private readonly closing = new AbortController();

  constructor(private readonly options: WebhookOptions) {}

  /** Called by an emulator where its KYC decision is made. */
  kycDecided(provider: string, userId: string, decision: 'VERIFIED' | 'REJECTED', providerStatus: string): void {
    if (!this.options.secrets.get(provider)?.length) return;
    const delivery: WebhookDelivery = {
      id: `evt_${randomUUID()}`,
      provider,
      event: { type: 'kyc.decided', userId, decision, providerStatus, occurredAt: new Date().toISOString() },
      attempts: 0,
      delivered: false,
    };
    this.deliveries.push(delivery);
    this.track(this.deliver(delivery));
  }

  list(): WebhookDelivery[] {
    return this.deliveries.map((d) => ({ ...d }));
  }

  /** Sends a delivery again with the same id (a provider's retry, or a replay). */
  redeliver(id: string): WebhookDelivery | undefined {
    const delivery = this.deliveries.find((d) => d.id === id);
    if (delivery) this.track(this.deliver(delivery, 1));
    return delivery;
  }

  /** Stops retrying and waits for the requests under way (closing the sandbox). */
  async close(): Promise<void> {
    this.closing.abort();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async deliver(delivery: WebhookDelivery, maxAttempts?: number): Promise<void> {
    const delays = this.options.retryDelaysMs ?? [500, 2_000, 5_000];
    const attempts = maxAttempts ?? delays.length + 1;
    const body = JSON.stringify(delivery.event);
    const secret = this.options.secrets.get(delivery.provider)![0];
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) {
        try {
          await sleep(delays[attempt - 1], undefined, { signal: this.closing.signal });
        } catch {
          return;
        }
      }
      if (this.closing.signal.aborted) return;
      delivery.attempts++;
      try {
        const response = await axios.post(`${this.options.url}/${delivery.provider}`, body, {
          headers: { 'content-type': 'application/json', ...signWebhook(secret, delivery.id, body) },
          timeout: 10_000,
          validateStatus: () => true,
        });
        delivery.lastOutcome = response.status;
        // 2xx: taken; 409: the receiver already has this delivery. Other 4xx would fail again the same way.
        if (response.status < 300 || response.status === 409) {
          delivery.delivered = response.status < 300 || delivery.delivered;
          return;
        }
        if (response.status < 500 && response.status !== 404 && response.status !== 429) return;
      } catch {
        delivery.lastOutcome = 'network';
      }
    }
  }
}
