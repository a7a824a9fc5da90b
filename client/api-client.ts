import { z } from 'zod';
import { problemSchema, type Problem } from '../api/problems';
import { accepted, kycAccessAnswer, onboardingList, onboardingView, otpAnswer, otpSent, startedAnswer, workersAnswer } from '../api/schemas';

/**
 * The HTTP API of the orchestrator as a typed client: the caller's own key, every answer checked
 * with the API's own schemas, every refusal a problem+json turned into an ApiProblem. The CLI's
 * support and backend commands go through it, so the API's roles, audit and rate limits apply.
 */

/** An answer of the API that is not a success: its status and the problem it described. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(sentenceOf(problem));
  }
}

/** The API did not answer at all (refused connection, DNS, timeout). */
export class ApiUnreachable extends Error {}

/** "The request is not valid: code must be the 4-8 digits …; reason is required to reject." */
function sentenceOf(problem: Problem): string {
  const fields = (problem.errors ?? []).map((e) => `${e.field} ${e.message}`);
  const detail = problem.detail && problem.detail !== problem.title ? problem.detail : undefined;
  return [problem.title, [detail, ...fields].filter(Boolean).join('; ')].filter(Boolean).join(': ');
}

export type SupportResolution = { decision: 'retry' } | { decision: 'found'; userId?: string; accountId?: string; holderId?: string };
export type OnboardingListQuery = { step?: string; provider?: string; kycStatus?: string; needsAction?: string; pageSize?: number; pageToken?: string };

export class OnboardingApi {
  constructor(
    readonly baseUrl: string,
    private readonly key: string,
  ) {}

  start(request: unknown, idempotencyKey: string) {
    return this.call('POST', '/v1/onboardings', startedAnswer, request, { 'idempotency-key': idempotencyKey });
  }

  status(reference: string) {
    return this.call('GET', `/v1/onboardings/${encodeURIComponent(reference)}`, onboardingView);
  }

  list(query: OnboardingListQuery) {
    const search = new URLSearchParams(Object.entries(query).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])));
    return this.call('GET', `/v1/onboardings?${search}`, onboardingList);
  }

  submitOtp(reference: string, code: string) {
    return this.call('POST', `${this.path(reference)}/otp`, otpAnswer, { code });
  }

  resendOtp(reference: string) {
    return this.call('POST', `${this.path(reference)}/otp/resend`, otpSent);
  }

  decideKyc(reference: string, decision: 'VERIFIED' | 'REJECTED', reason?: string) {
    return this.call('POST', `${this.path(reference)}/kyc-decision`, accepted, { decision, ...(reason ? { reason } : {}) });
  }

  supplyCredential(reference: string, secret: string) {
    return this.call('POST', `${this.path(reference)}/credential`, accepted, { credential: { secret } });
  }

  kycAccess(reference: string) {
    return this.call('POST', `${this.path(reference)}/kyc-access`, kycAccessAnswer);
  }

  resolveSupport(reference: string, resolution: SupportResolution) {
    return this.call('POST', `${this.path(reference)}/support-resolution`, accepted, resolution);
  }

  cancel(reference: string, reason?: string) {
    return this.call('POST', `${this.path(reference)}/cancel`, accepted, reason ? { reason } : undefined);
  }

  /** The task queue this API starts onboardings on, and how many workers poll it. */
  workers() {
    return this.call('GET', '/v1/workers', workersAnswer);
  }

  /** The task queue an onboarding runs on, and how many workers poll it. */
  workersOf(reference: string) {
    return this.call('GET', `${this.path(reference)}/workers`, workersAnswer);
  }

  private path(reference: string): string {
    return `/v1/onboardings/${encodeURIComponent(reference)}`;
  }

  private async call<T extends z.ZodType>(method: string, path: string, answer: T, body?: unknown, headers: Record<string, string> = {}): Promise<z.infer<T>> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          authorization: `Bearer ${this.key}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiUnreachable(`cannot reach the API at ${this.baseUrl} (ONBOARDING_API_URL): ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const problem = problemSchema.safeParse(parsed);
      throw new ApiProblem(
        response.status,
        problem.success ? problem.data : { type: '/problems/unknown', title: `The API answered HTTP ${response.status}`, status: response.status },
      );
    }
    const checked = answer.safeParse(parsed);
    if (!checked.success) {
      const fields = checked.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ');
      throw new Error(`the API at ${this.baseUrl} answered ${method} ${path.split('?')[0]} with an unexpected body: ${fields}`);
    }
    return checked.data;
  }
}
