import {
  decodeSegwitV0,
  encodeSegwitV0,
  isBitcoinTestnetAddress,
  isChecksumAddress,
  randomBitcoinTestnetAddress,
  randomEthereumAddress,
  toChecksumAddress,
} from '../../dev/sandbox/addresses';

describe('bech32 (BIP173) testnet addresses', () => {
  const program = Buffer.from('751e76e8199196d454941c45d1b3a323f1433bd6', 'hex');

  it('encodes the BIP173 test vectors', () => {
    expect(encodeSegwitV0('bc', program)).toBe('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4');
    expect(encodeSegwitV0('tb', program)).toBe('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx');
    const p2wsh = Buffer.from('1863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262', 'hex');
    expect(encodeSegwitV0('tb', p2wsh)).toBe('tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7');
  });

  it('decodes valid addresses back to their program and rejects bad checksums, hrps and mixed case', () => {
    expect(Buffer.from(decodeSegwitV0('tb', 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx')!).toString('hex')).toBe(program.toString('hex'));
    expect(decodeSegwitV0('tb', 'TB1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KXPJZSX')).toBeDefined();
    expect(decodeSegwitV0('tb', 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsy')).toBeUndefined();
    expect(decodeSegwitV0('tb', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')).toBeUndefined();
    expect(decodeSegwitV0('tb', 'tb1Qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx')).toBeUndefined();
    expect(decodeSegwitV0('tb', 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsb')).toBeUndefined();
  });

  it('generates random P2WPKH testnet addresses that validate', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const a = randomBitcoinTestnetAddress();
      expect(a).toMatch(/^tb1q[02-9ac-hj-np-z]{38}$/);
      expect(isBitcoinTestnetAddress(a)).toBe(true);
      expect(decodeSegwitV0('tb', a)).toHaveLength(20);
      seen.add(a);
    }
    expect(seen.size).toBe(50);
  });
});

describe('EIP-55 Ethereum addresses', () => {
  it('checksums the EIP-55 test vectors', () => {
    for (const a of [
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
      '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
      '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
    ]) {
      expect(toChecksumAddress(a.toLowerCase())).toBe(a);
      expect(isChecksumAddress(a)).toBe(true);
    }
    expect(isChecksumAddress('0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toBe(false);
  });

  it('generates random checksummed addresses', () => {
    for (let i = 0; i < 50; i++) {
      const a = randomEthereumAddress();
      expect(a).toMatch(/^0x[0-9a-fA-F]{40}$/);
      expect(isChecksumAddress(a)).toBe(true);
    }
  });
});
