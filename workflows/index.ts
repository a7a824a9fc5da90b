export { onboarding } from './onboarding';
