#!/usr/bin/env -S npx tsx
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ZodType } from 'zod';
import { providerNames } from '../domain/providers';
import { needsActions, onboardingSteps } from '../domain/onboarding-steps';
import { InvalidOnboardingInput, NoWorkerPolling } from './errors';
// Types only: the clients and the input schemas load in about half a second, so `--help` and
// usage errors do without them; they are imported when a command needs them.
import type { ApiProblem, OnboardingApi } from './api-client';
import type { OnboardingClient } from './onboarding-client';

type OnboardingView = Awaited<ReturnType<OnboardingApi['status']>>;

/** Exit codes: scripts tell a refusal from a typo from an outage from a key that may not. */
export const exitCodes = { ok: 0, failed: 1, usage: 2, notFound: 3, unavailable: 4, key: 5 } as const;

interface CommandHelp {
  usage: string;
  summary: string;
  details?: () => Promise<string>;
}

/** Every command's usage and help; `onboarding <command> --help` prints one of these. */
const commands: Record<string, CommandHelp> = {
  start: {
    usage: `start [--provider ${providerNames.join('|')}] --input <file.json | -> [--no-worker-check]`,
    summary:
      "start an onboarding from a JSON request (its fields below); prints the Idempotency-Key it sent. Refused (exit 4) while no worker polls the API's task queue, unless --no-worker-check",
    details: () => startFields(),
  },
  status: {
    usage: 'status <reference> [--until STEP]',
    summary: 'step, next action, KYC and OTP state, the call being retried; --until waits until the onboarding has reached STEP (exit 1 if it ends without)',
    details: async () => `  --until         one of ${onboardingSteps.join(', ')}`,
  },
  result: { usage: 'result <reference>', summary: 'wait for the end and print the outcome (polls the status, less often as it waits)' },
  list: {
    usage: 'list [--step STEP] [--provider PROVIDER] [--needs-action WHO] [--page-size N] [--page-token TOKEN | --all]',
    summary: 'onboardings, newest first, one page at a time (--all: every page)',
    details: async () =>
      `  --step          one of ${onboardingSteps.join(', ')}\n  --provider      one of ${providerNames.join(', ')}\n  --needs-action  one of ${needsActions.join(', ')}`,
  },
  stuck: {
    usage: 'stuck',
    summary: 'operator, talks to Temporal directly: running onboardings whose workflow task keeps failing (a nondeterminism error): reference, attempts, cause',
  },
  kyc: {
    usage: 'kyc approve|reject <reference> [--reason TEXT]',
    summary: 'record a KYC decision (an approval is checked with the provider); reject needs --reason',
  },
  'kyc-access': {
    usage: 'kyc-access <reference> [--reveal]',
    summary: "what the person needs for KYC: the identification URL, or the app's access token (printed only with --reveal)",
  },
  otp: { usage: 'otp <reference> <code>', summary: 'submit the code the person received' },
  'resend-otp': { usage: 'resend-otp <reference>', summary: 'send the person a new code' },
  credential: { usage: 'credential <reference> --input <file | ->', summary: 'hand over a fresh JWT for the person (Sumvin)' },
  support: {
    usage: 'support <reference> retry|found [--user-id ID] [--account-id ID] [--holder-id ID]',
    summary: 'answer an onboarding waiting for support: nothing was created at the provider (retry), or it was, with the ids you found (found)',
  },
  cancel: {
    usage: 'cancel <reference> [--reason TEXT]',
    summary: 'cancel a running onboarding (and undo where the provider allows); exit 4 when no worker polls its task queue, so nothing acts on it yet',
  },
};

const environment = `Environment: ONBOARDING_API_URL (http://127.0.0.1:3000) and ONBOARDING_API_KEY (your own key: the API's roles
and audit apply, the audit trail names the key's principal). Only "stuck" (operator) talks to Temporal directly:
TEMPORAL_ADDRESS (localhost:7233), TEMPORAL_NAMESPACE (default), ONBOARDING_TASK_QUEUE (onboarding; the demo's worker
polls "onboarding-demo").`;

const help = `onboarding: start and drive crypto-account onboardings (support and backend CLI)

Usage:
${Object.values(commands)
  .map((c) => `  onboarding ${c.usage}\n      ${c.summary}`)
  .join('\n')}

Options:
  --json        machine-readable output
  -h, --help    this text; after a command, that command's help

${environment}
Exit codes: 0 ok, 1 onboarding failed or message refused, 2 bad usage or invalid input, 3 no such onboarding,
4 API (or, for stuck, Temporal) unreachable, or no worker polls the task queue (start refuses, cancel waits), 5 your key is missing, unknown, or its role may not.`;

/** The fields of the start request, per provider, from the schemas themselves. */
async function startFields(): Promise<string> {
  const [{ z }, { onboardingInput }] = await Promise.all([import('zod'), import('../domain/input')]);
  const lines: string[] = ['Input fields (JSON; * required). Secrets are given as {"secret": "..."}:'];
  const schema = z.toJSONSchema(onboardingInput, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const constant = (s: JsonSchema | undefined) => s?.const ?? s?.enum?.[0];
  // sFOX is itself a union, by accountType.
  const variants = (schema.anyOf ?? []).flatMap((v) => v.anyOf ?? v.oneOf ?? [v]);
  for (const variant of variants) {
    const accountType = constant(variant.properties?.accountType);
    lines.push(`  provider "${String(constant(variant.properties?.provider))}"${accountType ? `, accountType "${String(accountType)}"` : ''}:`);
    describeFields(variant, '    ', lines);
  }
  return lines.join('\n');
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
}

function describeFields(schema: JsonSchema, indent: string, lines: string[]): void {
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    if (name === 'provider') continue;
    const star = schema.required?.includes(name) ? '*' : ' ';
    const kind = field.enum
      ? field.enum.map((v) => JSON.stringify(v)).join('|')
      : field.const !== undefined
        ? JSON.stringify(field.const)
        : field.type === 'array'
          ? 'list'
          : (field.type ?? 'value');
    const fallback = field.default !== undefined && typeof field.default !== 'object' ? ` (default ${JSON.stringify(field.default)})` : '';
    lines.push(`${indent}${star} ${name}: ${kind}${fallback}`);
    if (field.properties) describeFields(field, `${indent}    `, lines);
    if (field.items?.properties) describeFields(field.items, `${indent}    `, lines);
  }
}

class UsageError extends Error {}

function readInput(source: string | undefined): string {
  if (!source) throw new UsageError('--input <file | -> is required');
  try {
    return readFileSync(source === '-' ? 0 : source, 'utf8');
  } catch (err) {
    throw new UsageError(`--input ${source}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

function print(json: boolean, value: unknown, human: string): void {
  console.log(json ? JSON.stringify(value, null, 2) : human);
}

function describeStatus(s: OnboardingView): string {
  const kyc = s.kyc as { providerStatus?: string; checks?: number; deadline?: string; unconfirmedClaim?: string } | undefined;
  const otp = s.otp as { channel?: string; expiresAt?: string; attemptsLeft?: number } | undefined;
  const lines = [`${s.reference} (${s.provider}): ${s.step}${s.running ? '' : ' [closed]'}`];
  if (s.nextAction) lines.push(`  next: ${s.nextAction}`);
  if (s.userId) lines.push(`  user: ${s.userId}`);
  if (kyc) lines.push(`  kyc: ${kyc.providerStatus ?? 'not checked yet'}, ${kyc.checks} checks, deadline ${kyc.deadline}`);
  if (kyc?.unconfirmedClaim) lines.push(`  note: ${kyc.unconfirmedClaim}`);
  if (otp) lines.push(`  otp: ${otp.channel} code, expires ${otp.expiresAt}, ${otp.attemptsLeft} attempts left`);
  if (s.support) lines.push(`  waits for support: ${s.support.check}`);
  if (s.pendingCall && s.pendingCall.attempt > 1) {
    lines.push(`  retrying: ${s.pendingCall.activity}, attempt ${s.pendingCall.attempt} (${s.pendingCall.lastFailureType ?? 'error'})`);
  }
  if (s.depositAddress) lines.push(`  deposit address: ${s.depositAddress}`);
  if (s.failure) lines.push(`  failed: ${s.failure.type}: ${s.failure.message}`);
  return lines.join('\n');
}

/** A local check of what the API will check too, so a typo is reported before anything is contacted. */
function checked<T>(schema: ZodType<T>, value: unknown, fieldNames: Record<string, string> = {}): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const name = (path: PropertyKey[]) => fieldNames[String(path[0])] ?? path.join('.');
  throw new UsageError(parsed.error.issues.map((i) => `${name(i.path)}: ${i.message}`).join('; '));
}

/**
 * A command checked in full (arguments, files, the start request) before anything is contacted:
 * most go through the HTTP API with the caller's key, `stuck` (operator) to Temporal directly.
 */
type Plan =
  | { via: 'api'; execute: (api: OnboardingApi, json: boolean) => Promise<number> }
  | { via: 'temporal'; execute: (client: OnboardingClient, json: boolean) => Promise<number> };
const viaApi = (execute: (api: OnboardingApi, json: boolean) => Promise<number>): Plan => ({ via: 'api', execute });

async function plan(command: string, rest: string[], values: Record<string, string | boolean | undefined>): Promise<Plan> {
  const need = (n: number) => {
    if (rest.length !== n) throw new UsageError(`usage: onboarding ${commands[command].usage}`);
    return rest;
  };
  const reason = values.reason as string | undefined;
  switch (command) {
    case 'start': {
      need(0);
      let request: unknown;
      try {
        request = JSON.parse(readInput(values.input as string | undefined));
      } catch (err) {
        if (err instanceof UsageError) throw err;
        throw new UsageError(`--input is not valid JSON: ${(err as Error).message.replace(/, ".*$/, '')}`);
      }
      if (values.provider) {
        const given = (request as { provider?: unknown }).provider;
        if (given !== undefined && given !== values.provider) {
          throw new UsageError(`--provider ${String(values.provider)} contradicts "provider": "${String(given)}" in the input`);
        }
        request = { ...(request as object), provider: values.provider };
      }
      const { parseOnboardingRequest } = await import('../domain/input');
      const parsed = parseOnboardingRequest(request);
      if (!parsed.success) throw new InvalidOnboardingInput(parsed.issues);
      // One key per invocation: run the same command again and it is a new request; the key printed lets a script retry this one.
      const idempotencyKey = randomUUID();
      const workerCheck = !values['no-worker-check'];
      return viaApi(async (api, json) => {
        // The API would accept it, and the onboarding would sit on a queue nobody polls.
        const served = workerCheck ? await api.workers() : undefined;
        if (served?.workers === 0) {
          const { taskQueue } = served;
          return fail(
            exitCodes.unavailable,
            `no worker is polling task queue "${taskQueue}", where the API starts onboardings: nothing was started (run a worker with ONBOARDING_TASK_QUEUE=${taskQueue}, or pass --no-worker-check to start it anyway and let it wait for one)`,
            json,
            { taskQueue },
          );
        }
        const started = await api.start(request, idempotencyKey);
        print(
          json,
          { ...started, idempotencyKey },
          `${started.created ? 'started' : 'already started'} ${started.workflowId} (Idempotency-Key ${idempotencyKey}); ${
            started.next ? `next: ${started.next.action ?? started.next.step}` : `still on its way to its first wait: see status ${started.reference}`
          }`,
        );
        return exitCodes.ok;
      });
    }
    case 'status': {
      const [reference] = need(1);
      const until = values.until as string | undefined;
      if (until !== undefined && !(onboardingSteps as readonly string[]).includes(until)) {
        throw new UsageError(`--until must be one of ${onboardingSteps.join(', ')}`);
      }
      return viaApi(async (api, json) => {
        // A script waits for a step rather than betting on how long the steps before it take; the timeline counts a step already passed.
        const reached = (s: OnboardingView) => s.timeline.some((t) => t.step === until);
        const status = until ? await polled(api, reference, (s) => !s.running || reached(s)) : await api.status(reference);
        print(json, status, describeStatus(status));
        if (until && !reached(status)) {
          console.error(`${reference} ended in step ${status.step} without reaching ${until}`);
          return exitCodes.failed;
        }
        return exitCodes.ok;
      });
    }
    case 'result': {
      const [reference] = need(1);
      return viaApi(async (api, json) => {
        const ended = await polled(api, reference, (s) => !s.running);
        if (ended.failure) {
          print(json, { status: 'failed', reference, failure: ended.failure }, `failed: ${ended.failure.type}: ${ended.failure.message}`);
          return exitCodes.failed;
        }
        if (ended.step === 'completed' && ended.depositAddress) {
          print(
            json,
            { status: 'completed', reference, userId: ended.userId, holderId: ended.holderId, depositAddress: ended.depositAddress },
            `completed: deposit address ${ended.depositAddress}`,
          );
          return exitCodes.ok;
        }
        print(json, { status: 'ended', reference, step: ended.step }, `ended in step ${ended.step} without an outcome (terminated by an operator?)`);
        return exitCodes.failed;
      });
    }
    case 'list': {
      need(0);
      const choice = (flag: string, allowed: readonly string[]) => {
        const given = values[flag] as string | undefined;
        if (given !== undefined && !allowed.includes(given)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}`);
        return given;
      };
      const filter = { step: choice('step', onboardingSteps), provider: choice('provider', providerNames), needsAction: choice('needs-action', needsActions) };
      const pageSize = values['page-size'] === undefined ? 20 : Number(values['page-size']);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw new UsageError('--page-size must be a whole number from 1 to 100');
      if (values.all && values['page-token']) throw new UsageError('--all and --page-token exclude each other');
      return viaApi(async (api, json) => {
        let pageToken = values['page-token'] as string | undefined;
        const shown = [];
        do {
          const page = await api.list({ ...filter, pageSize, pageToken });
          shown.push(...page.onboardings);
          pageToken = page.nextPageToken;
          if (!json)
            for (const o of page.onboardings)
              console.log(`${o.reference.padEnd(30)} ${(o.provider ?? '').padEnd(7)} ${(o.step ?? '').padEnd(26)} ${o.status.padEnd(10)} ${o.startedAt ?? ''}`);
        } while (values.all && pageToken);
        if (json) console.log(JSON.stringify({ onboardings: shown, nextPageToken: pageToken }, null, 2));
        else if (pageToken) console.log(`more: onboarding list ... --page-token ${pageToken}`);
        else if (shown.length === 0) console.log('no onboarding matches');
        return exitCodes.ok;
      });
    }
    case 'stuck': {
      need(0);
      return {
        via: 'temporal',
        execute: async (client, json) => {
          const stuck = await client.stuck();
          if (json) console.log(JSON.stringify({ stuck }, null, 2));
          else if (stuck.length === 0) console.log('no onboarding is stuck');
          else for (const o of stuck) console.log(`${o.reference.padEnd(30)} attempts ${String(o.attempts).padEnd(5)} ${o.cause}`);
          return exitCodes.ok;
        },
      };
    }
    case 'kyc': {
      const [verb, reference] = need(2);
      if (verb !== 'approve' && verb !== 'reject') throw new UsageError(`usage: onboarding ${commands.kyc.usage}`);
      if (verb === 'reject' && !reason?.trim()) throw new UsageError('kyc reject needs --reason TEXT');
      const { kycDecisionPayload } = await import('../domain/messages');
      const decision = checked(kycDecisionPayload, { decision: verb === 'approve' ? 'VERIFIED' : 'REJECTED', reason }, { reason: '--reason' });
      return viaApi(async (api, json) => {
        const answer = await api.decideKyc(reference, decision.decision, decision.reason);
        print(
          json,
          { reference, decision: verb, actor: answer.actor },
          `KYC ${verb === 'approve' ? 'approval' : 'rejection'} recorded for ${reference} (by ${answer.actor.id})`,
        );
        return exitCodes.ok;
      });
    }
    case 'kyc-access': {
      const [reference] = need(1);
      return viaApi(async (api, json) => {
        // A fresh app token each time (Sumvin's live 600 s); the onboarding keeps none.
        const access = await api.kycAccess(reference);
        const token = access.accessToken;
        const shownToken = token && (values.reveal ? token : `${token.slice(0, 4)}… (${token.length} characters; --reveal prints it)`);
        const lines = [
          access.identificationUrl && `identification URL: ${access.identificationUrl}`,
          shownToken && `access token for the person's app: ${shownToken}`,
        ];
        print(
          json,
          { reference, identificationUrl: access.identificationUrl, accessToken: values.reveal ? token : undefined },
          lines.filter(Boolean).join('\n'),
        );
        return exitCodes.ok;
      });
    }
    case 'otp': {
      const [reference, code] = need(2);
      const { submitOtpPayload } = await import('../domain/messages');
      checked(submitOtpPayload, { code });
      return viaApi(async (api, json) => {
        const answer = await api.submitOtp(reference, code);
        print(
          json,
          answer,
          answer.accepted ? `${answer.channel} code accepted` : `${answer.channel} code refused (${answer.reason}), ${answer.attemptsLeft} attempts left`,
        );
        return answer.accepted ? exitCodes.ok : exitCodes.failed;
      });
    }
    case 'resend-otp': {
      const [reference] = need(1);
      return viaApi(async (api, json) => {
        const sent = await api.resendOtp(reference);
        print(json, sent, `new ${sent.channel} code sent${sent.sentTo ? ` to ${sent.sentTo}` : ''}, expires ${sent.expiresAt}`);
        return exitCodes.ok;
      });
    }
    case 'credential': {
      const [reference] = need(1);
      const credential = readInput(values.input as string | undefined).trim();
      if (!credential) throw new UsageError('--input holds no credential');
      const { supplyCredentialPayload } = await import('../domain/messages');
      // The message never names the credential's value, only that it is not one.
      checked(supplyCredentialPayload, { credential: { secret: credential } }, { credential: '--input' });
      return viaApi(async (api, json) => {
        await api.supplyCredential(reference, credential);
        print(json, { reference, supplied: true }, `fresh credential handed to ${reference}`);
        return exitCodes.ok;
      });
    }
    case 'support': {
      const [reference, decision] = need(2);
      if (decision !== 'retry' && decision !== 'found') throw new UsageError(`usage: onboarding ${commands.support.usage}`);
      const given = { userId: values['user-id'], accountId: values['account-id'], holderId: values['holder-id'] };
      const ids = Object.fromEntries(Object.entries(given).filter(([, id]) => id !== undefined));
      if (decision === 'retry' && Object.keys(ids).length > 0)
        throw new UsageError('support retry takes no ids: --user-id, --account-id and --holder-id go with "found"');
      const { supportResolutionPayload } = await import('../domain/messages');
      const resolution = checked(supportResolutionPayload, { decision, ...ids }, { userId: '--user-id', accountId: '--account-id', holderId: '--holder-id' });
      return viaApi(async (api, json) => {
        const answer = await api.resolveSupport(reference, resolution);
        print(json, answer, `support answer "${decision}" accepted for ${reference} (by ${answer.actor.id})`);
        return exitCodes.ok;
      });
    }
    case 'cancel': {
      const [reference] = need(1);
      const { cancelRequestPayload } = await import('../domain/messages');
      checked(cancelRequestPayload, { reason }, { reason: '--reason' });
      return viaApi(async (api, json) => {
        const answer = await api.cancel(reference, reason);
        const { taskQueue, workers } = await api.workersOf(reference);
        if (workers === 0) {
          return fail(
            exitCodes.unavailable,
            `cancellation requested for ${reference} (by ${answer.actor.id}), but no worker is polling its task queue "${taskQueue}": nothing acts on it, at the provider either, until one does (ONBOARDING_TASK_QUEUE=${taskQueue})`,
            json,
            { reference, cancelRequested: true, taskQueue },
          );
        }
        print(json, { reference, cancelled: true, actor: answer.actor }, `cancellation requested for ${reference} (by ${answer.actor.id})`);
        return exitCodes.ok;
      });
    }
    default:
      throw new UsageError(`unknown command "${command}" (onboarding --help lists them)`);
  }
}

/** Polls the status until `done` holds: soon at first, then less often (at most every 30 s). */
async function polled(api: OnboardingApi, reference: string, done: (status: OnboardingView) => boolean): Promise<OnboardingView> {
  for (let pause = 500; ; pause = Math.min(pause * 2, 30_000)) {
    const status = await api.status(reference);
    if (done(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

class TemporalUnreachable extends Error {}
class KeyMissing extends Error {}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      input: { type: 'string' },
      provider: { type: 'string' },
      reason: { type: 'string' },
      step: { type: 'string' },
      until: { type: 'string' },
      'needs-action': { type: 'string' },
      'page-size': { type: 'string' },
      'page-token': { type: 'string' },
      all: { type: 'boolean', default: false },
      reveal: { type: 'boolean', default: false },
      'user-id': { type: 'string' },
      'account-id': { type: 'string' },
      'holder-id': { type: 'string' },
      'no-worker-check': { type: 'boolean', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (!command) {
    console.log(help);
    return values.help ? exitCodes.ok : exitCodes.usage;
  }
  if (values.help) {
    const spec = commands[command];
    if (!spec) throw new UsageError(`unknown command "${command}" (onboarding --help lists them)`);
    console.log(`usage: onboarding ${spec.usage}\n  ${spec.summary}${spec.details ? `\n\n${await spec.details()}` : ''}\n\n${environment}`);
    return exitCodes.ok;
  }
  const planned = await plan(command, rest, values);
  return planned.via === 'api' ? planned.execute(await apiFromEnvironment(), values.json!) : viaTemporal(planned.execute, values.json!);
}

async function apiFromEnvironment(): Promise<OnboardingApi> {
  const key = process.env.ONBOARDING_API_KEY?.trim();
  if (!key) throw new KeyMissing('your key is missing: set ONBOARDING_API_KEY to the API key you were given (the audit trail names its principal)');
  const { OnboardingApi } = await import('./api-client');
  return new OnboardingApi(process.env.ONBOARDING_API_URL?.trim() || 'http://127.0.0.1:3000', key);
}

/** The operator's path: straight to Temporal, with the payload keys of this machine. */
async function viaTemporal(execute: (client: OnboardingClient, json: boolean) => Promise<number>, json: boolean): Promise<number> {
  const { temporalConfigFrom } = await import('../config/temporal');
  const config = temporalConfigFrom();
  const { OnboardingClient } = await import('./onboarding-client');
  let client: OnboardingClient;
  try {
    client = await OnboardingClient.connect(config, { connectTimeoutMs: 5_000 });
  } catch (err) {
    throw new TemporalUnreachable(`cannot reach Temporal at ${config.address} (TEMPORAL_ADDRESS): ${(err as Error).message}`);
  }
  try {
    return await execute(client, json);
  } catch (err) {
    if (isUnavailable(err)) throw new TemporalUnreachable(`cannot reach Temporal at ${config.address} (TEMPORAL_ADDRESS): ${(err as Error).message}`);
    throw err;
  } finally {
    await client.close();
  }
}

function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code ?? (err as { cause?: { code?: unknown } })?.cause?.code;
  return code === 14 || /ECONNREFUSED|UNAVAILABLE/i.test(String((err as Error)?.message));
}

/** An API refusal as a sentence and an exit code; 401 and 403 speak of the caller's key. */
function fromProblem(err: ApiProblem): { code: number; message: string } {
  switch (err.status) {
    case 401:
      return { code: exitCodes.key, message: `your key (ONBOARDING_API_KEY) was not accepted by the API: ${err.message}` };
    case 403:
      return { code: exitCodes.key, message: `your key's role may not do this: ${err.problem.detail ?? err.message}` };
    case 404:
      // An API older than this CLI has no such route: that is not "no such onboarding".
      if (err.problem.type.endsWith('/no-route'))
        return {
          code: exitCodes.unavailable,
          message: `the API does not offer this command (${err.problem.detail ?? 'no such route'}): it may be older than this CLI`,
        };
      return { code: exitCodes.notFound, message: err.message };
    case 400:
    case 413:
    case 415:
    case 422:
      return { code: exitCodes.usage, message: err.message };
    case 503:
      return { code: exitCodes.unavailable, message: err.message };
    default:
      return { code: exitCodes.failed, message: err.message };
  }
}

function fail(code: number, message: string, json: boolean, extra: Record<string, unknown> = {}): number {
  if (json) console.error(JSON.stringify({ error: message, ...extra }));
  else console.error(`error: ${message}`);
  return code;
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  try {
    return await run(argv);
  } catch (err) {
    if (err instanceof InvalidOnboardingInput) return fail(exitCodes.usage, err.message, json, { issues: err.issues });
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      return fail(exitCodes.usage, (err as Error).message, json);
    }
    const { ApiProblem, ApiUnreachable } = await import('./api-client');
    if (err instanceof ApiProblem) {
      const { code, message } = fromProblem(err);
      return fail(code, message, json, { status: err.status, problem: err.problem });
    }
    if (err instanceof KeyMissing) return fail(exitCodes.key, err.message, json);
    if (err instanceof ApiUnreachable || err instanceof TemporalUnreachable || err instanceof NoWorkerPolling)
      return fail(exitCodes.unavailable, err.message, json);
    return fail(exitCodes.failed, err instanceof Error ? err.message : String(err), json);
  }
}
