import { soveraProfile } from './sovera/profile';
import { stoknProfile } from './stokn/profile';
import { sfoxProfile } from './sfox/profile';
import { sumvinProfile } from './sumvin/profile';
import { cybridProfile } from './cybrid/profile';

/**
 * The providers, as the workflow, the API and the client know them: adding one is its folder and
 * its line here (the compiler then asks for its line in providers/registry.ts). Pure, safe in
 * workflow code; nothing outside providers/ names a provider.
 */
export const providerProfiles = [soveraProfile, stoknProfile, sfoxProfile, sumvinProfile, cybridProfile] as const;
