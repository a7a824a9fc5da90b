import { randomBytes } from 'node:crypto';
import { bech32 } from 'bech32';
import { toChecksumAddress } from '../../domain/ethereum-address';

/**
 * Deposit-address generators for the provider emulators: addresses that look and check like real
 * ones (a wallet app or a validator library accepts them), made from random bytes. No key exists
 * behind them; they are for the sandbox only.
 */

// ---------------------------------------------------------------------------------------------
// Bech32 (BIP173) segwit v0 addresses, by the `bech32` package
// ---------------------------------------------------------------------------------------------

/** Encodes a segwit v0 witness program (20 bytes: P2WPKH, 32 bytes: P2WSH) as a bech32 address. */
export function encodeSegwitV0(hrp: string, program: Uint8Array): string {
  if (program.length !== 20 && program.length !== 32) throw new Error('a v0 witness program is 20 or 32 bytes');
  return bech32.encode(hrp, [0, ...bech32.toWords(program)]);
}

/** Decodes and checks a segwit v0 bech32 address (BIP173); undefined when it is not valid for the hrp. */
export function decodeSegwitV0(hrp: string, address: string): Uint8Array | undefined {
  const decoded = bech32.decodeUnsafe(address);
  if (!decoded || decoded.prefix !== hrp || decoded.words[0] !== 0) return undefined;
  const program = bech32.fromWordsUnsafe(decoded.words.slice(1));
  return program && (program.length === 20 || program.length === 32) ? Uint8Array.from(program) : undefined;
}

/** A random P2WPKH address on Bitcoin testnet ("tb1q...", 42 characters). */
export function randomBitcoinTestnetAddress(): string {
  return encodeSegwitV0('tb', randomBytes(20));
}

export function isBitcoinTestnetAddress(address: string): boolean {
  return decodeSegwitV0('tb', address) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Ethereum addresses with the EIP-55 mixed-case checksum
// ---------------------------------------------------------------------------------------------

// The EIP-55 primitive lives in domain/ (the input schema checks EOAs with it).
export { isChecksumAddress, toChecksumAddress } from '../../domain/ethereum-address';

/** A random EIP-55 checksummed Ethereum address (any EVM network: mainnet, Sepolia, ...). */
export function randomEthereumAddress(): string {
  return toChecksumAddress(randomBytes(20).toString('hex'));
}
