import { randomBytes } from 'node:crypto';
import { toChecksumAddress } from '../domain/ethereum-address';

/**
 * Deposit-address generators for the provider emulators: addresses that look and check like real
 * ones (a wallet app or a validator library accepts them), made from random bytes. No key exists
 * behind them; they are for the sandbox only.
 */

// ---------------------------------------------------------------------------------------------
// Bech32 (BIP173) segwit v0 addresses
// ---------------------------------------------------------------------------------------------

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATOR[i];
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) >> 5);
  out.push(0);
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) & 31);
  return out;
}

function createChecksum(hrp: string, data: number[]): number[] {
  const mod = polymod([...hrpExpand(hrp), ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  return Array.from({ length: 6 }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
}

function convertBits(data: ArrayLike<number>, from: number, to: number, pad: boolean): number[] | undefined {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const maxv = (1 << to) - 1;
  for (let i = 0; i < data.length; i++) {
    const value = data[i];
    if (value < 0 || value >> from !== 0) return undefined;
    acc = (acc << from) | value;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & maxv);
    }
  }
  if (pad) {
    if (bits > 0) out.push((acc << (to - bits)) & maxv);
  } else if (bits >= from || ((acc << (to - bits)) & maxv) !== 0) {
    return undefined;
  }
  return out;
}

/** Encodes a segwit v0 witness program (20 bytes: P2WPKH, 32 bytes: P2WSH) as a bech32 address. */
export function encodeSegwitV0(hrp: string, program: Uint8Array): string {
  if (program.length !== 20 && program.length !== 32) throw new Error('a v0 witness program is 20 or 32 bytes');
  const data = [0, ...(convertBits(program, 8, 5, true) ?? [])];
  return `${hrp}1${[...data, ...createChecksum(hrp, data)].map((d) => CHARSET[d]).join('')}`;
}

/** Decodes and checks a segwit v0 bech32 address (BIP173); undefined when it is not valid for the hrp. */
export function decodeSegwitV0(hrp: string, address: string): Uint8Array | undefined {
  if (address.length > 90 || (address !== address.toLowerCase() && address !== address.toUpperCase())) return undefined;
  const lower = address.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || sep + 7 > lower.length || lower.slice(0, sep) !== hrp) return undefined;
  const data: number[] = [];
  for (const c of lower.slice(sep + 1)) {
    const d = CHARSET.indexOf(c);
    if (d === -1) return undefined;
    data.push(d);
  }
  if (polymod([...hrpExpand(hrp), ...data]) !== 1) return undefined;
  const payload = data.slice(0, -6);
  if (payload[0] !== 0) return undefined;
  const program = convertBits(payload.slice(1), 5, 8, false);
  if (!program || (program.length !== 20 && program.length !== 32)) return undefined;
  return Uint8Array.from(program);
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
export { isChecksumAddress, toChecksumAddress } from '../domain/ethereum-address';

/** A random EIP-55 checksummed Ethereum address (any EVM network: mainnet, Sepolia, ...). */
export function randomEthereumAddress(): string {
  return toChecksumAddress(randomBytes(20).toString('hex'));
}
