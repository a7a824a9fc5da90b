import { z } from 'zod';
import { temporalConfigFrom, type TemporalConfig } from '../config/temporal';
import { parseWebhookSecrets } from '../webhooks/signature';
import { parseApiKeys, type ApiKeyTable } from './auth';

/** POST /v1/onboardings waits this long for the first wait by default (API_START_ANSWER_WAIT_MS). */
export const defaultStartAnswerWaitMs = 5_000;

const env = z.object({
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  API_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  API_OTP_LIMIT_PER_REFERENCE: z.coerce.number().int().min(1).default(10),
  API_OTP_LIMIT_PER_KEY: z.coerce.number().int().min(1).default(120),
  API_OTP_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  API_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).default(300),
  CONSOLE_SECURE_COOKIE: z.enum(['true', 'false']).default('false'),
  API_START_ANSWER_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(defaultStartAnswerWaitMs),
});

export interface OtpLimits {
  perReference: number;
  perKey: number;
  windowSeconds: number;
}

export interface ApiConfig {
  host: string;
  port: number;
  temporal: TemporalConfig;
  keys: ApiKeyTable;
  /** Per provider, the secrets its webhooks may be signed with (two while one is rotated). */
  webhookSecrets: ReadonlyMap<string, string[]>;
  webhookToleranceSeconds: number;
  bodyLimitBytes: number;
  otpLimits: OtpLimits;
  /** The console's session cookie is Secure even on http (TLS ends at a proxy in front); over https it always is. */
  consoleSecureCookie: boolean;
  /** How long POST /v1/onboardings waits for the first wait (a code sent, KYC) before answering 202 with the status URL. */
  startAnswerWaitMs: number;
}

/** Everything the API reads from its environment; secrets only from there, never from the source. */
export function apiConfigFrom(source: NodeJS.ProcessEnv = process.env): ApiConfig {
  const e = env.parse(source);
  return {
    host: e.API_HOST,
    port: e.API_PORT,
    temporal: temporalConfigFrom(source),
    keys: parseApiKeys(source.ONBOARDING_API_KEYS),
    webhookSecrets: parseWebhookSecrets(source.ONBOARDING_WEBHOOK_SECRETS, 'ONBOARDING_WEBHOOK_SECRETS'),
    webhookToleranceSeconds: e.API_WEBHOOK_TOLERANCE_SECONDS,
    bodyLimitBytes: e.API_BODY_LIMIT_BYTES,
    consoleSecureCookie: e.CONSOLE_SECURE_COOKIE === 'true',
    startAnswerWaitMs: e.API_START_ANSWER_WAIT_MS,
    otpLimits: { perReference: e.API_OTP_LIMIT_PER_REFERENCE, perKey: e.API_OTP_LIMIT_PER_KEY, windowSeconds: e.API_OTP_LIMIT_WINDOW_SECONDS },
  };
}
