import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ApplicationFailure } from '@temporalio/common';
import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import type { FailureType } from '../domain/failures';
import type { ProviderName } from '../domain/providers';
import { failureDetails, providerFailure } from './failures';

/** What an adapter reads out of one of its provider's error bodies. */
export interface ProviderErrorInfo {
  message: string;
  code?: string;
  field?: string;
  /** Overrides the type the status alone would give (a 401 on a user call is an expired credential). */
  type?: FailureType;
}

export interface ProviderHttpOptions {
  provider: ProviderName;
  baseURL: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Reads the provider's own error envelope. */
  describeError(status: number, body: unknown): ProviderErrorInfo;
}

/** A no-op until a tracer provider is installed (observability/tracing.ts). */
const tracer = trace.getTracer('onboarding-providers');

const byStatus: Record<number, FailureType> = {
  400: 'ProviderValidation',
  401: 'ProviderAuth',
  403: 'ProviderForbidden',
  404: 'ProviderNotFound',
  409: 'ProviderConflict',
  422: 'ProviderValidation',
};

/**
 * The one HTTP path of every adapter: sends a request, parses a 2xx with the given zod schema,
 * and turns anything else into a typed ApplicationFailure (5xx, network errors and 429 retryable;
 * a 429 waits at least its Retry-After).
 */
export class ProviderHttp {
  private readonly client: AxiosInstance;

  constructor(private readonly options: ProviderHttpOptions) {
    this.client = axios.create({
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 15_000,
      headers: { 'content-type': 'application/json', ...options.headers },
      validateStatus: () => true,
    });
  }

  /** One provider call, as a client span in the activity's trace (provider, method, status: no URL, ids or bodies). */
  request<S extends z.ZodType>(
    config: AxiosRequestConfig & { describeError?: ProviderHttpOptions['describeError'] },
    schema: S,
  ): Promise<{ status: number; data: z.output<S> }> {
    const method = config.method?.toUpperCase() ?? 'GET';
    const attributes = { 'onboarding.provider': this.options.provider, 'http.request.method': method };
    return tracer.startActiveSpan(`${this.options.provider} ${method}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      try {
        const answer = await this.send(config, schema);
        span.setAttribute('http.response.status_code', answer.status);
        return answer;
      } catch (err) {
        const failure = err instanceof ApplicationFailure ? err : undefined;
        const status = failure && failureDetails(failure)?.status;
        if (status) span.setAttribute('http.response.status_code', status);
        span.setStatus({ code: SpanStatusCode.ERROR, message: failure?.type ?? 'error' });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  private async send<S extends z.ZodType>(
    config: AxiosRequestConfig & { describeError?: ProviderHttpOptions['describeError'] },
    schema: S,
  ): Promise<{ status: number; data: z.output<S> }> {
    const what = `${config.method?.toUpperCase() ?? 'GET'} ${config.url}`;
    let response: AxiosResponse;
    try {
      response = await this.client.request(config);
    } catch (err) {
      // No answer at all: the request may or may not have taken effect, so only an idempotent retry is safe.
      const code = (err as { code?: string }).code ?? 'network error';
      throw providerFailure('ProviderUnavailable', `${this.options.provider} ${what}: no answer (${code})`, {
        provider: this.options.provider,
        code,
      });
    }
    const { status } = response;
    if (status >= 200 && status < 300) {
      const parsed = schema.safeParse(response.data);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
        throw providerFailure('InvalidProviderResponse', `${this.options.provider} ${what}: unexpected answer (${fields})`, {
          provider: this.options.provider,
          status,
        });
      }
      return { status, data: parsed.data };
    }
    const details = { provider: this.options.provider, status };
    if (status === 429) {
      const delayMs = retryAfterMs(response.headers['retry-after']);
      throw providerFailure('ProviderRateLimited', `${this.options.provider} ${what}: rate limited`, details, delayMs);
    }
    if (status >= 500) {
      throw providerFailure('ProviderUnavailable', `${this.options.provider} ${what}: HTTP ${status}`, details);
    }
    const info = (config.describeError ?? this.options.describeError)(status, response.data);
    const type = info.type ?? byStatus[status] ?? 'ProviderValidation';
    const where = info.field ? ` (field ${info.field})` : '';
    throw providerFailure(type, `${this.options.provider} ${what}: ${info.message}${where}`, {
      ...details,
      code: info.code,
      field: info.field,
    });
  }
}

/** Retry-After in seconds or as an HTTP date; at least one second when absent or unreadable. */
export function retryAfterMs(header: unknown): number {
  if (typeof header === 'string') {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(1_000, seconds * 1_000);
    const at = Date.parse(header);
    if (!Number.isNaN(at)) return Math.max(1_000, at - Date.now());
  }
  return 1_000;
}
