#!/usr/bin/env -S npx tsx
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
// Types only here: the Temporal client loads in about 0.4 s, so `--help` and usage errors do without it.
import type { OnboardingClient, OnboardingView } from './onboarding-client';

/** Exit codes: scripts tell a refusal from a typo from an outage. */
export const exitCodes = { ok: 0, failed: 1, usage: 2, notFound: 3, unavailable: 4 } as const;

const help = `onboarding: start and drive crypto-account onboardings (support and backend CLI)

Usage:
  onboarding start [--provider sovera|stokn|sfox|sumvin] --input <file.json | ->
                                                  start an onboarding (JSON request, see README)
  onboarding status <reference>                   step, next action, KYC and OTP state, retries
  onboarding result <reference>                   wait for the end and print the outcome
  onboarding kyc approve <reference> [--by NAME]  record a KYC approval (checked with the provider)
  onboarding kyc reject <reference> --reason TEXT [--by NAME]
  onboarding otp <reference> <code>               submit the code the person received
  onboarding resend-otp <reference>               send the person a new code
  onboarding credential <reference> --input <file | ->   hand over a fresh JWT for the person
  onboarding cancel <reference>                   cancel (and undo where the provider allows)

Options:
  --json        machine-readable output
  -h, --help    this text

Environment: TEMPORAL_ADDRESS (localhost:7233), TEMPORAL_NAMESPACE (default), ONBOARDING_TASK_QUEUE (onboarding).
Exit codes: 0 ok, 1 onboarding failed or message refused, 2 bad usage or invalid input, 3 no such onboarding,
4 Temporal unreachable.`;

class UsageError extends Error {}

function readInput(source: string | undefined): string {
  if (!source) throw new UsageError('--input <file | -> is required');
  return readFileSync(source === '-' ? 0 : source, 'utf8');
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
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(help);
    return command || values.help ? exitCodes.ok : exitCodes.usage;
  }
  const json = values.json!;
  const need = (n: number, usage: string) => {
    if (rest.length !== n) throw new UsageError(`usage: onboarding ${usage}`);
    return rest;
  };

  const { OnboardingClient } = await import('./onboarding-client');
  const client = await OnboardingClient.connect();
  try {
    switch (command) {
      case 'start': {
        need(0, 'start --input <file | ->');
        let request: unknown;
        try {
          request = JSON.parse(readInput(values.input));
        } catch (err) {
          if (err instanceof UsageError) throw err;
          throw new UsageError(`--input is not valid JSON: ${(err as Error).message}`);
        }
        if (values.provider) {
          const given = (request as { provider?: unknown }).provider;
          if (given !== undefined && given !== values.provider) {
            throw new UsageError(`--provider ${values.provider} contradicts "provider": "${String(given)}" in the input`);
          }
          request = { ...(request as object), provider: values.provider };
        }
        const started = await client.start(request as Parameters<OnboardingClient['start']>[0]);
        print(json, started, `started ${started.workflowId}`);
        return exitCodes.ok;
      }
      case 'status': {
        const [reference] = need(1, 'status <reference>');
        const status = await client.status(reference);
        print(json, status, describeStatus(status));
        return exitCodes.ok;
      }
      case 'result': {
        const [reference] = need(1, 'result <reference>');
        const outcome = await client.result(reference);
        if (outcome.status === 'completed') {
          const { credential: _secret, ...shown } = outcome.result;
          print(json, { status: 'completed', result: shown }, `completed: deposit address ${shown.deposit.address} (${shown.deposit.currency} on ${shown.deposit.network})`);
          return exitCodes.ok;
        }
        print(json, outcome, `failed: ${outcome.type}: ${outcome.message}`);
        return exitCodes.failed;
      }
      case 'kyc': {
        const [verb, reference] = need(2, 'kyc approve|reject <reference>');
        if (verb !== 'approve' && verb !== 'reject') throw new UsageError('usage: onboarding kyc approve|reject <reference>');
        if (verb === 'reject' && !values.reason?.trim()) throw new UsageError('kyc reject needs --reason TEXT');
        const decidedBy = values.by ?? process.env.USER ?? 'support';
        await client.decideKyc(reference, {
          decision: verb === 'approve' ? 'VERIFIED' : 'REJECTED',
          reason: values.reason,
          decidedBy,
        });
        print(json, { reference, decision: verb, decidedBy }, `KYC ${verb === 'approve' ? 'approval' : 'rejection'} recorded for ${reference}`);
        return exitCodes.ok;
      }
      case 'otp': {
        const [reference, code] = need(2, 'otp <reference> <code>');
        const answer = await client.submitOtp(reference, code);
        print(json, answer, answer.accepted ? `${answer.channel} code accepted` : `${answer.channel} code refused (${answer.reason}), ${answer.attemptsLeft} attempts left`);
        return answer.accepted ? exitCodes.ok : exitCodes.failed;
      }
      case 'resend-otp': {
        const [reference] = need(1, 'resend-otp <reference>');
        const sent = await client.resendOtp(reference);
        print(json, sent, `new ${sent.channel} code sent${sent.sentTo ? ` to ${sent.sentTo}` : ''}, expires ${sent.expiresAt}`);
        return exitCodes.ok;
      }
      case 'credential': {
        const [reference] = need(1, 'credential <reference> --input <file | ->');
        await client.supplyCredential(reference, readInput(values.input).trim());
        print(json, { reference, supplied: true }, `fresh credential handed to ${reference}`);
        return exitCodes.ok;
      }
      case 'cancel': {
        const [reference] = need(1, 'cancel <reference>');
        await client.cancel(reference);
        print(json, { reference, cancelled: true }, `cancellation requested for ${reference}`);
        return exitCodes.ok;
      }
      default:
        throw new UsageError(`unknown command "${command}" (see --help)`);
    }
  } finally {
    await client.close();
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
    const { InvalidOnboardingInput, OnboardingAlreadyExists, OnboardingClosed, OnboardingNotFound, OnboardingRefused } = await import('./onboarding-client');
    if (err instanceof InvalidOnboardingInput) return fail(exitCodes.usage, err.message, json, { issues: err.issues });
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      return fail(exitCodes.usage, (err as Error).message, json);
    }
    if (err instanceof OnboardingNotFound) return fail(exitCodes.notFound, err.message, json);
    if (err instanceof OnboardingAlreadyExists || err instanceof OnboardingRefused || err instanceof OnboardingClosed) return fail(exitCodes.failed, err.message, json);
    const message = err instanceof Error ? err.message : String(err);
    if (/connect|ECONNREFUSED|unavailable|deadline/i.test(message)) {
      return fail(exitCodes.unavailable, `cannot reach Temporal: ${message}`, json);
    }
    return fail(exitCodes.failed, message, json);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
