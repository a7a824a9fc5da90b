import type { z } from 'zod';
import type { SamplePerson } from '../samples';
import type { cybridInput } from './input';

/** Cybrid's one flow, an individual. */
export const cybridSamples = {
  cybrid: (p) => ({ provider: 'cybrid', reference: p.reference, person: { email: p.email }, wait: p.wait }),
} satisfies Record<string, (person: SamplePerson) => z.input<typeof cybridInput>>;
