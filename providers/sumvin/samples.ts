import type { SampleFlows } from '../samples';

export const sumvinSamples = {
  sumvin: (p) => {
    if (!p.userJwt) throw new Error('a Sumvin sample needs the person’s JWT (the sandbox issues one)');
    return {
      provider: 'sumvin',
      reference: p.reference,
      userCredential: { secret: p.userJwt },
      chainId: 1328,
      eoaAddress: '0x742d35cc6634c0532925a3b844BC9e7595F2BD78',
      phone: `+1${p.phone()}`,
      wait: p.wait,
    };
  },
} satisfies SampleFlows;
