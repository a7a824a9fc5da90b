import axios from 'axios';
import type { FaultRuleInput } from './faults';
import type { LoggedRequest, RouteCounters } from './request-log';
import type { OutboxMessage } from './outbox';
import type { WebhookDelivery } from './webhooks';

/** The sandbox's controls over HTTP, as tests and the demo use them. */
export function sandboxAdmin(baseURL: string) {
  const http = axios.create({ baseURL: `${baseURL}/_sandbox`, validateStatus: (s) => s < 300 });
  return {
    async fault(rule: FaultRuleInput): Promise<void> {
      await http.post('/faults', rule);
    },
    async clearFaults(): Promise<void> {
      await http.delete('/faults');
    },
    async requests(provider: string, route?: string): Promise<LoggedRequest[]> {
      return (await http.get('/requests', { params: { provider, route } })).data;
    },
    async counters(): Promise<Record<string, Record<string, RouteCounters>>> {
      return (await http.get('/counters')).data;
    },
    async outbox(filter: { provider?: string; userId?: string; channel?: string }): Promise<OutboxMessage[]> {
      return (await http.get('/outbox', { params: filter })).data;
    },
    /** Moves the sandbox's clock forward (tokens, codes, KYC and Safe timers see the new time). */
    async advanceClock(ms: number): Promise<void> {
      await http.post('/clock/advance', { ms });
    },
    /** Sumvin: ends the Safe's creation now, completed or failed. */
    async sumvinSafe(userId: string, outcome: 'completed' | 'failed'): Promise<void> {
      await http.post(`/sumvin/users/${encodeURIComponent(userId)}/safe`, { outcome });
    },
    async decideKyc(provider: string, userId: string, decision: 'VERIFIED' | 'REJECTED'): Promise<void> {
      await http.post(`/${provider}/users/${encodeURIComponent(userId)}/kyc`, { decision });
    },
    /** A test JWT for a person, as Dynamic Labs or Privy would issue it, at a provider that acts with the user's own (Sumvin). */
    async userJwt(provider: string, subject: string, ttlSeconds = 3600): Promise<string> {
      return (await http.post(`/${provider}/jwt`, { subject, ttlSeconds })).data.jwt;
    },
    /** sFOX: make the person's pending codes expire now. */
    async expireSfoxOtp(userId: string): Promise<void> {
      await http.post(`/sfox/users/${encodeURIComponent(userId)}/expire-otp`, {});
    },
    /** Expires the person's current user tokens, at a provider whose emulator mints them. */
    async expireTokens(provider: string, userId: string): Promise<void> {
      await http.post(`/${provider}/users/${encodeURIComponent(userId)}/expire-tokens`, {});
    },
    /** The outbound KYC webhooks sent so far (dev/sandbox/webhooks.ts). */
    async webhooks(): Promise<WebhookDelivery[]> {
      return (await http.get('/webhooks')).data;
    },
    async redeliverWebhook(id: string): Promise<void> {
      await http.post(`/webhooks/${encodeURIComponent(id)}/redeliver`, {});
    },
    async users<T = Record<string, unknown>>(provider: string): Promise<T[]> {
      return (await http.get(`/${provider}/users`)).data;
    },
    async user<T = Record<string, unknown>>(provider: string, userId: string): Promise<T> {
      return (await http.get(`/${provider}/users/${encodeURIComponent(userId)}`)).data;
    },
  };
}
export type SandboxAdmin = ReturnType<typeof sandboxAdmin>;
