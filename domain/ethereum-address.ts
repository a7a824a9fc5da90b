import { keccak_256 } from '@noble/hashes/sha3';

/**
 * Ethereum addresses and their EIP-55 mixed-case checksum. Shared by the input schema (a Sumvin
 * EOA) and the sandbox; pure code, safe in workflow code. Makes @noble/hashes a production
 * dependency.
 */

const hex40 = /^0x[0-9a-fA-F]{40}$/;

function keccakHex(text: string): string {
  return Array.from(keccak_256(new TextEncoder().encode(text)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Writes a 20-byte hex address ("0x" optional, any case) with its EIP-55 checksum. */
export function toChecksumAddress(address: string): string {
  if (!/^(0x)?[0-9a-fA-F]{40}$/.test(address)) throw new Error('an Ethereum address is 20 bytes of hex');
  const hex = address.replace(/^0x/, '').toLowerCase();
  const hash = keccakHex(hex);
  let out = '0x';
  for (let i = 0; i < 40; i++) out += parseInt(hash[i], 16) >= 8 ? hex[i].toUpperCase() : hex[i];
  return out;
}

/** True for an address whose mixed case matches its EIP-55 checksum. */
export function isChecksumAddress(address: string): boolean {
  return hex40.test(address) && toChecksumAddress(address) === address;
}

/**
 * What EIP-55 says a reader should check: an address written in one case carries no checksum
 * (accepted as it is); a mixed-case one must match its checksum.
 */
export function hasValidChecksumOrNone(address: string): boolean {
  if (!hex40.test(address)) return false;
  const digits = address.slice(2);
  return digits === digits.toLowerCase() || digits === digits.toUpperCase() || isChecksumAddress(address);
}

export function isZeroAddress(address: string): boolean {
  return /^0x0{40}$/.test(address);
}
