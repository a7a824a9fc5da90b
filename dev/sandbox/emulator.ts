import type { Router } from './router';
import type { Outbox } from './outbox';

/** What every provider emulator gets from the sandbox. */
export interface EmulatorContext {
  outbox: Outbox;
  /** Epoch ms; one clock for all emulators. */
  now(): number;
  /** Call where a KYC decision is made: sends the outbound webhook when configured (dev/sandbox/webhooks.ts). */
  kycDecided(provider: string, userId: string, decision: 'VERIFIED' | 'REJECTED', providerStatus: string): void;
}

/** One provider's emulator: its routes, its admin routes, and its own error envelope. */
export interface ProviderEmulator {
  /** Names the provider in fault rules, counters and admin paths ("sovera"). */
  readonly name: string;
  /** Where its API is mounted ("/sovera/sovx/v1"). */
  readonly basePath: string;
  readonly routes: Router;
  /** Mounted under /_sandbox/<name>: KYC decisions, personas, inspection of state. */
  readonly admin: Router;
  /** The provider's error body for a status and message (used for injected faults too). */
  errorBody(status: number, message: string): unknown;
}
