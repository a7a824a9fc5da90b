import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import type { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import type { FailureType } from '../domain/failures';
import type { ProviderName } from '../domain/providers';
import { providerCallTimeoutMs } from '../domain/provider-calls';
import { callScope } from './call-scope';
import { providerFailure } from './failures';

/** What an adapter reads out of one of its provider's error bodies. */
export interface ProviderErrorInfo {
  message: string;
  code?: string;
  field?: string;
  /** Overrides the type the status alone would give (a 401 on a user call is an expired credential). */
  type?: FailureType;
}

export type DescribeError = (status: number, body: unknown) => ProviderErrorInfo;

export interface ProviderHttpOptions {
  provider: ProviderName;
  baseURL: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Reads the provider's own error envelope. */
  describeError: DescribeError;
}

export type RequestConfig = AxiosRequestConfig & { describeError?: DescribeError };

/**
 * A 4xx the provider answered on purpose: its status, its body (to be read by the adapter, never
 * logged or put in a message as it is) and the typed failure it becomes if the adapter does not
 * make something else of it.
 */
export interface Refusal {
  ok: false;
  status: number;
  body: unknown;
  failure: ApplicationFailure;
}

export type Sent<T> = { ok: true; status: number; data: T } | Refusal;

/**
 * Non-retryable 4xx: the same request gets the same answer. Every 4xx not listed here (408, 423,
 * 425, ...) says "not now" and is retried as ProviderUnavailable; 429 waits for its Retry-After.
 */
const refusedByStatus: Record<number, FailureType> = {
  400: 'ProviderValidation',
  401: 'ProviderAuth',
  403: 'ProviderForbidden',
  404: 'ProviderNotFound',
  405: 'ProviderValidation',
  406: 'ProviderValidation',
  409: 'ProviderConflict',
  410: 'ProviderNotFound',
  411: 'ProviderValidation',
  413: 'ProviderValidation',
  414: 'ProviderValidation',
  415: 'ProviderValidation',
  422: 'ProviderValidation',
  451: 'ProviderForbidden',
};

/** A call is not started with less time than this left in its attempt: it could not finish. */
const minimumCallMs = 250;
/** How often a call in flight reports progress (the SDK throttles what reaches the server). */
const heartbeatEveryMs = 1_000;

/**
 * The one HTTP path of every adapter: sends a request, parses a 2xx with the given zod schema,
 * and turns anything else into a typed ApplicationFailure (5xx, network errors, 429 and unlisted
 * 4xx retryable; a 429 waits at least its Retry-After). Every call runs inside its attempt's
 * call scope: it ends before the attempt's deadline, heartbeats while it waits, and is aborted
 * when the step is cancelled, so a timed-out or cancelled attempt has nothing left in flight
 * when its retry starts.
 */
/** A no-op until a tracer provider is installed (observability/tracing.ts). */
const tracer = trace.getTracer('onboarding-providers');

export class ProviderHttp {
  private readonly client: AxiosInstance;
  private readonly timeoutMs: number;

  constructor(private readonly options: ProviderHttpOptions) {
    this.timeoutMs = options.timeoutMs ?? providerCallTimeoutMs;
    this.client = axios.create({
      baseURL: options.baseURL,
      headers: { 'content-type': 'application/json', ...options.headers },
      validateStatus: () => true,
    });
  }

  /** A 2xx parsed by `schema`, or the typed failure of anything else. */
  async request<S extends z.ZodType>(config: RequestConfig, schema: S): Promise<{ status: number; data: z.output<S> }> {
    const answer = await this.send(config, schema);
    if (!answer.ok) throw answer.failure;
    return { status: answer.status, data: answer.data };
  }

  /**
   * Like `request`, but a non-retryable 4xx comes back as a Refusal for the adapter to judge (an
   * OTP verdict, a create that met its own earlier attempt). Retryable outcomes still throw.
   */
  async send<S extends z.ZodType>(config: RequestConfig, schema: S): Promise<Sent<z.output<S>>> {
    const { provider } = this.options;
    const what = `${config.method?.toUpperCase() ?? 'GET'} ${config.url}`;
    const response = await this.exchange(config, what);
    const { status } = response;
    if (status >= 200 && status < 300) {
      const parsed = schema.safeParse(response.data);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
        throw providerFailure('InvalidProviderResponse', `${provider} ${what}: unexpected answer (${fields})`, { provider, status });
      }
      return { ok: true, status, data: parsed.data };
    }
    const details = { provider, status };
    if (status === 429) {
      const delayMs = retryAfterMs(response.headers['retry-after']);
      throw providerFailure('ProviderRateLimited', `${provider} ${what}: rate limited`, details, delayMs);
    }
    const refused = refusedByStatus[status];
    if (status >= 500 || status < 400 || !refused) {
      throw providerFailure('ProviderUnavailable', `${provider} ${what}: HTTP ${status}`, details);
    }
    const info = (config.describeError ?? this.options.describeError)(status, response.data);
    const where = info.field ? ` (field ${info.field})` : '';
    const failure = providerFailure(info.type ?? refused, `${provider} ${what}: ${info.message}${where}`, {
      ...details,
      code: info.code,
      field: info.field,
    });
    return { ok: false, status, body: response.data, failure };
  }

  /** One provider call, as a client span in the activity's trace (provider, method, status: no URL, ids or bodies). */
  private exchange(config: RequestConfig, what: string): Promise<AxiosResponse> {
    const method = config.method?.toUpperCase() ?? 'GET';
    const attributes = { 'onboarding.provider': this.options.provider, 'http.request.method': method };
    return tracer.startActiveSpan(`${this.options.provider} ${method}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      try {
        const response = await this.transmit(config, what);
        span.setAttribute('http.response.status_code', response.status);
        if (response.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${response.status}` });
        return response;
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as { type?: string }).type ?? 'no answer' });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  /** Sends within the attempt's deadline, heartbeating, abortable; no answer at all is retryable. */
  private async transmit(config: RequestConfig, what: string): Promise<AxiosResponse> {
    const { provider } = this.options;
    const scope = callScope();
    if (scope.signal?.aborted) throw scope.signal.reason;
    const left = scope.deadlineAt === undefined ? Infinity : scope.deadlineAt - Date.now();
    if (left < minimumCallMs) {
      // Nothing was sent: the retry starts a fresh attempt with its whole budget.
      throw providerFailure('ProviderUnavailable', `${provider} ${what}: not sent, no time left in this attempt`, { provider, code: 'NO_TIME_LEFT' });
    }
    scope.heartbeat?.();
    const beating = scope.heartbeat ? setInterval(scope.heartbeat, heartbeatEveryMs) : undefined;
    // axios's `timeout` only bounds a silent socket: a provider that trickles its answer would
    // outlast it. The deadline bounds the whole call, connection to last byte.
    const deadline = AbortSignal.timeout(Math.min(this.timeoutMs, left));
    try {
      const signal = scope.signal ? AbortSignal.any([scope.signal, deadline]) : deadline;
      return await this.client.request({ ...config, timeout: Math.min(this.timeoutMs, left), signal });
    } catch (err) {
      // Cancelled: report the cancellation itself, so Temporal records the attempt as cancelled.
      if (scope.signal?.aborted) throw scope.signal.reason;
      // No answer at all: the request may or may not have taken effect, so only an idempotent retry is safe.
      const code = deadline.aborted ? 'DEADLINE_EXCEEDED' : ((err as { code?: string }).code ?? 'network error');
      throw providerFailure('ProviderUnavailable', `${provider} ${what}: no answer (${code})`, { provider, code });
    } finally {
      if (beating) clearInterval(beating);
    }
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
