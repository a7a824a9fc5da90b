export { onboarding } from './onboarding';
export { backendEvents } from './event-delivery';
