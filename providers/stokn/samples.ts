import type { SampleFlows } from '../samples';

export const stoknSamples = {
  stokn: (p) => ({
    provider: 'stokn',
    reference: p.reference,
    person: { email: p.email, phone: `+1${p.phone()}` },
    password: { secret: 'correct-horse-42' },
    wait: p.wait,
  }),
} satisfies SampleFlows;
