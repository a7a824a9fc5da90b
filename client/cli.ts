#!/usr/bin/env -S npx tsx
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { actorIdPattern, type Actor } from '../domain/actor';
import { providerNames } from '../domain/providers';
import { onboardingSteps } from '../domain/onboarding-steps';
import { InvalidOnboardingInput, NoWorkerPolling, OnboardingAlreadyExists, OnboardingClosed, OnboardingNotFound, OnboardingRefused } from './errors';
// Types only: the Temporal client and the input schemas load in about half a second, so `--help`
// and usage errors do without them; they are imported when a command needs them.
import type { OnboardingClient, OnboardingFilter, OnboardingView } from './onboarding-client';

/** Exit codes: scripts tell a refusal from a typo from an outage. */
export const exitCodes = { ok: 0, failed: 1, usage: 2, notFound: 3, unavailable: 4 } as const;

interface CommandHelp {
  usage: string;
  summary: string;
  details?: () => Promise<string>;
}

/** Every command's usage and help; `onboarding <command> --help` prints one of these. */
const commands: Record<string, CommandHelp> = {
  start: {
    usage: 'start [--provider sovera|stokn|sfox|sumvin] --input <file.json | ->',
    summary: 'start an onboarding from a JSON request (its fields below)',
    details: () => startFields(),
  },
  status: { usage: 'status <reference>', summary: 'step, next action, KYC and OTP state, the call being retried' },
  result: { usage: 'result <reference>', summary: 'wait for the end and print the outcome' },
  list: {
    usage: 'list [--step STEP] [--provider PROVIDER] [--page-size N] [--page-token TOKEN | --all]',
    summary: 'onboardings, newest first, one page at a time (--all: every page)',
    details: async () => `  --step      one of ${onboardingSteps.join(', ')}\n  --provider  one of ${providerNames.join(', ')}`,
  },
  stuck: {
    usage: 'stuck',
    summary: 'running onboardings whose workflow task keeps failing (a nondeterminism error): reference, attempts, cause',
  },
  kyc: {
    usage: 'kyc approve|reject <reference> [--reason TEXT] [--by NAME]',
    summary: 'record a KYC decision (an approval is checked with the provider); reject needs --reason',
  },
  'kyc-access': {
    usage: 'kyc-access <reference> [--reveal]',
    summary: "what the person needs for KYC: the identification URL, or the app's access token (printed only with --reveal)",
  },
  otp: { usage: 'otp <reference> <code>', summary: 'submit the code the person received' },
  'resend-otp': { usage: 'resend-otp <reference>', summary: 'send the person a new code' },
  credential: { usage: 'credential <reference> --input <file | ->', summary: 'hand over a fresh JWT for the person (Sumvin)' },
  cancel: { usage: 'cancel <reference>', summary: 'cancel a running onboarding (and undo where the provider allows)' },
};

const environment = `Environment: TEMPORAL_ADDRESS (localhost:7233), TEMPORAL_NAMESPACE (default), ONBOARDING_TASK_QUEUE (onboarding;
the demo's worker polls "onboarding-demo"), ONBOARDING_ACTOR (who you are in the audit trail; --by, else your user name).`;

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
4 Temporal unreachable or no worker on the task queue.`;

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
    const kind = field.enum ? field.enum.map((v) => JSON.stringify(v)).join('|') : field.const !== undefined ? JSON.stringify(field.const) : field.type === 'array' ? 'list' : (field.type ?? 'value');
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
  const lines = [`${s.reference} (${s.provider}): ${s.step}${s.running ? '' : ' [closed]'}`];
  if (s.nextAction) lines.push(`  next: ${s.nextAction}`);
  if (s.userId) lines.push(`  user: ${s.userId}`);
  if (s.kyc) lines.push(`  kyc: ${s.kyc.providerStatus ?? 'not checked yet'}, ${s.kyc.checks} checks, deadline ${s.kyc.deadline}`);
  if (s.kyc?.unconfirmedClaim) lines.push(`  note: ${s.kyc.unconfirmedClaim}`);
  if (s.otp) lines.push(`  otp: ${s.otp.channel} code, expires ${s.otp.expiresAt}, ${s.otp.attemptsLeft} attempts left`);
  if (s.pendingCall && s.pendingCall.attempt > 1) {
    lines.push(`  retrying: ${s.pendingCall.activity}, attempt ${s.pendingCall.attempt} (${s.pendingCall.lastFailureType ?? 'error'})`);
  }
  if (s.depositAddress) lines.push(`  deposit address: ${s.depositAddress}`);
  if (s.failure) lines.push(`  failed: ${s.failure.type}: ${s.failure.message}`);
  return lines.join('\n');
}

/** A command checked in full (arguments, files, the start request) before Temporal is contacted. */
type Plan = (client: OnboardingClient, json: boolean) => Promise<number>;

async function plan(command: string, rest: string[], values: Record<string, string | boolean | undefined>): Promise<Plan> {
  const need = (n: number) => {
    if (rest.length !== n) throw new UsageError(`usage: onboarding ${commands[command].usage}`);
    return rest;
  };
  const by = (values.by as string | undefined) ?? process.env.ONBOARDING_ACTOR ?? safeUserName();
  const actor = (): Actor => {
    if (!actorIdPattern.test(by)) throw new UsageError('--by must be an id (letters, digits, ._@:-), never a person\'s name or email');
    return { id: by, role: 'cli' };
  };
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
      const who = actor();
      return async (client, json) => {
        const started = await client.start(request as Parameters<OnboardingClient['start']>[0], { actor: who });
        print(json, started, `started ${started.workflowId} on task queue ${client.taskQueue}`);
        return exitCodes.ok;
      };
    }
    case 'status': {
      const [reference] = need(1);
      return async (client, json) => {
        const status = await client.status(reference);
        print(json, status, describeStatus(status));
        return exitCodes.ok;
      };
    }
    case 'result': {
      const [reference] = need(1);
      return async (client, json) => {
        const outcome = await client.result(reference);
        if (outcome.status === 'completed') {
          const shown = outcome.result;
          print(json, { status: 'completed', result: shown }, `completed: deposit address ${shown.deposit.address} (${shown.deposit.currency} on ${shown.deposit.network})`);
          return exitCodes.ok;
        }
        print(json, outcome, `failed: ${outcome.type}: ${outcome.message}`);
        return exitCodes.failed;
      };
    }
    case 'list': {
      need(0);
      const filter: OnboardingFilter = {};
      if (values.step !== undefined) {
        if (!(onboardingSteps as readonly string[]).includes(values.step as string)) throw new UsageError(`--step must be one of ${onboardingSteps.join(', ')}`);
        filter.step = values.step as OnboardingFilter['step'];
      }
      if (values.provider !== undefined) {
        if (!(providerNames as readonly string[]).includes(values.provider as string)) throw new UsageError(`--provider must be one of ${providerNames.join(', ')}`);
        filter.provider = values.provider as OnboardingFilter['provider'];
      }
      const pageSize = values['page-size'] === undefined ? 20 : Number(values['page-size']);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw new UsageError('--page-size must be a whole number from 1 to 100');
      if (values.all && values['page-token']) throw new UsageError('--all and --page-token exclude each other');
      return async (client, json) => {
        let pageToken = values['page-token'] as string | undefined;
        const shown = [];
        do {
          const page = await client.list(filter, { pageSize, pageToken });
          shown.push(...page.onboardings);
          pageToken = page.nextPageToken;
          if (!json) for (const o of page.onboardings) console.log(`${o.reference.padEnd(30)} ${(o.provider ?? '').padEnd(7)} ${(o.step ?? '').padEnd(26)} ${o.status.padEnd(10)} ${o.startedAt ?? ''}`);
        } while (values.all && pageToken);
        if (json) console.log(JSON.stringify({ onboardings: shown, nextPageToken: pageToken }, null, 2));
        else if (pageToken) console.log(`more: onboarding list ... --page-token ${pageToken}`);
        else if (shown.length === 0) console.log('no onboarding matches');
        return exitCodes.ok;
      };
    }
    case 'stuck': {
      need(0);
      return async (client, json) => {
        const stuck = await client.stuck();
        if (json) console.log(JSON.stringify({ stuck }, null, 2));
        else if (stuck.length === 0) console.log('no onboarding is stuck');
        else for (const o of stuck) console.log(`${o.reference.padEnd(30)} attempts ${String(o.attempts).padEnd(5)} ${o.cause}`);
        return exitCodes.ok;
      };
    }
    case 'kyc': {
      const [verb, reference] = need(2);
      if (verb !== 'approve' && verb !== 'reject') throw new UsageError(`usage: onboarding ${commands.kyc.usage}`);
      const reason = values.reason as string | undefined;
      if (verb === 'reject' && !reason?.trim()) throw new UsageError('kyc reject needs --reason TEXT');
      const who = actor();
      return async (client, json) => {
        await client.decideKyc(reference, { decision: verb === 'approve' ? 'VERIFIED' : 'REJECTED', reason }, who);
        print(json, { reference, decision: verb, decidedBy: who.id }, `KYC ${verb === 'approve' ? 'approval' : 'rejection'} recorded for ${reference} (by ${who.id})`);
        return exitCodes.ok;
      };
    }
    case 'kyc-access': {
      const [reference] = need(1);
      const who = actor();
      return async (client, json) => {
        // A fresh app token each time (Sumvin's live 600 s); the onboarding keeps none.
        const access = await client.issueKycAccess(reference, who);
        const token = access.accessToken?.secret;
        const shownToken = token && (values.reveal ? token : `${token.slice(0, 4)}… (${token.length} characters; --reveal prints it)`);
        const lines = [access.identificationUrl && `identification URL: ${access.identificationUrl}`, shownToken && `access token for the person's app: ${shownToken}`];
        print(json, { reference, identificationUrl: access.identificationUrl, accessToken: values.reveal ? token : undefined }, lines.filter(Boolean).join('\n'));
        return exitCodes.ok;
      };
    }
    case 'otp': {
      const [reference, code] = need(2);
      const who = actor();
      return async (client, json) => {
        const answer = await client.submitOtp(reference, code, who);
        print(json, answer, answer.accepted ? `${answer.channel} code accepted` : `${answer.channel} code refused (${answer.reason}), ${answer.attemptsLeft} attempts left`);
        return answer.accepted ? exitCodes.ok : exitCodes.failed;
      };
    }
    case 'resend-otp': {
      const [reference] = need(1);
      const who = actor();
      return async (client, json) => {
        const sent = await client.resendOtp(reference, who);
        print(json, sent, `new ${sent.channel} code sent${sent.sentTo ? ` to ${sent.sentTo}` : ''}, expires ${sent.expiresAt}`);
        return exitCodes.ok;
      };
    }
    case 'credential': {
      const [reference] = need(1);
      const credential = readInput(values.input as string | undefined).trim();
      if (!credential) throw new UsageError('--input holds no credential');
      const who = actor();
      return async (client, json) => {
        await client.supplyCredential(reference, credential, who);
        print(json, { reference, supplied: true }, `fresh credential handed to ${reference}`);
        return exitCodes.ok;
      };
    }
    case 'cancel': {
      const [reference] = need(1);
      const who = actor();
      return async (client, json) => {
        await client.cancel(reference, who);
        print(json, { reference, cancelled: true }, `cancellation requested for ${reference}`);
        return exitCodes.ok;
      };
    }
    default:
      throw new UsageError(`unknown command "${command}" (onboarding --help lists them)`);
  }
}

function safeUserName(): string {
  try {
    return process.env.USER ?? userInfo().username;
  } catch {
    return 'cli';
  }
}

class TemporalUnreachable extends Error {}

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
      by: { type: 'string' },
      step: { type: 'string' },
      'page-size': { type: 'string' },
      'page-token': { type: 'string' },
      all: { type: 'boolean', default: false },
      reveal: { type: 'boolean', default: false },
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
  const execute = await plan(command, rest, values);

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
    return await execute(client, values.json!);
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
    if (err instanceof OnboardingNotFound) return fail(exitCodes.notFound, err.message, json);
    if (err instanceof OnboardingAlreadyExists || err instanceof OnboardingRefused || err instanceof OnboardingClosed) return fail(exitCodes.failed, err.message, json);
    if (err instanceof TemporalUnreachable || err instanceof NoWorkerPolling) return fail(exitCodes.unavailable, err.message, json);
    return fail(exitCodes.failed, err instanceof Error ? err.message : String(err), json);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
