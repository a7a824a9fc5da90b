/**
 * The deposit networks and currencies Sovera serves, shared by our input schema and the
 * sandbox's emulation of Sovera. Sovera's onboarding guide documents `bitcoin-testnet` with `btc`;
 * the `ethereum-sepolia` pairs are *(ours)*: the sandbox vault serves them, a real vault may not.
 * Pure data, workflow-safe.
 */
export const soveraDepositNetworks = {
  'bitcoin-testnet': ['btc'],
  'ethereum-sepolia': ['eth', 'usdc'],
} as const satisfies Record<string, readonly string[]>;

export type SoveraNetwork = keyof typeof soveraDepositNetworks;
