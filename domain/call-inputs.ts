import type { OnboardingInput } from './input';
import type { CallNeeds } from '../providers/profile';
import type { ProviderCall } from './provider-calls';
import { profileOf, type ProviderName, type ProviderProfileOf } from './providers';

/**
 * Which fields of the onboarding input each provider call reads, so that an activity's input (kept
 * in the history of every call) carries the person's data only where a call sends it. Read off
 * the adapters (providers/<name>/adapter.ts); their types are these trimmed inputs, so an adapter
 * that reads a field not listed here does not compile. Pure data, safe in workflows.
 */

/**
 * Beyond `provider` and `reference` (which every call has: routing, logs, failure messages), the
 * dotted paths of the fields a call reads, as each provider's profile lists them (callNeeds).
 */
type Needs = { [P in ProviderName]: ProviderProfileOf<P>['callNeeds'] };

/** What every call's input carries. */
export type CallInputBase = Pick<OnboardingInput, 'provider' | 'reference'>;

type InputOf<P extends ProviderName> = Extract<OnboardingInput, { provider: P }>;
type NeedsOf<P extends ProviderName, C extends ProviderCall> = C extends keyof Needs[P]
  ? Needs[P][C] extends readonly (infer Path extends string)[]
    ? Path
    : never
  : never;

type Nothing = Record<never, never>;

/** The part of T at a dotted path: 'person.email' -> { person: { email: string } }; nothing where T has no such field. */
type AtPath<T, Path extends string> = Path extends `${infer Key}.${infer Rest}`
  ? Key extends keyof T
    ? { [K in Key]: AtPath<T[K], Rest> }
    : Nothing
  : Path extends keyof T
    ? { [K in Path]: T[Path] }
    : Nothing;

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** T (each member of a union on its own: sFOX's individual and corporation) trimmed to `provider`, `reference` and the paths. */
type Trimmed<T extends CallInputBase, Paths extends string> = T extends unknown
  ? Pick<T, 'provider' | 'reference'> & ([Paths] extends [never] ? Nothing : Intersection<Paths extends unknown ? AtPath<T, Paths> : never>)
  : never;

/** The input one provider's call receives. */
export type ProviderCallInput<P extends ProviderName, C extends ProviderCall> = Trimmed<InputOf<P>, NeedsOf<P, C>>;

/** The input a call receives, whichever the provider. A full input is one too (activities scheduled before inputs were trimmed). */
export type CallInput<C extends ProviderCall> = { [P in ProviderName]: ProviderCallInput<P, C> }[ProviderName];

/** The onboarding input trimmed to what `call` of its provider reads. */
export function inputForCall<C extends ProviderCall>(input: OnboardingInput, call: C): CallInput<C> {
  const paths: readonly string[] = (profileOf(input.provider).callNeeds as CallNeeds)[call] ?? [];
  const trimmed: Record<string, unknown> = { provider: input.provider, reference: input.reference };
  for (const path of paths) copyPath(input, trimmed, path.split('.'));
  return trimmed as CallInput<C>;
}

function copyPath(from: object, to: Record<string, unknown>, [key, ...rest]: string[]): void {
  const value = (from as Record<string, unknown>)[key];
  if (value === undefined) return; // a field of the other shape (sFOX's business for an individual)
  if (rest.length === 0) {
    to[key] = value;
    return;
  }
  const inner = (to[key] ??= {}) as Record<string, unknown>;
  copyPath(value as object, inner, rest);
}
