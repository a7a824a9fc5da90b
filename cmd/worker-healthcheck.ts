import { workerSettingsFrom } from '../workers/settings';

/**
 * `node dist/cmd/worker-healthcheck.js`: the image's HEALTHCHECK. Exit 0 when the worker's /healthz
 * answers 200 (it runs), 1 otherwise.
 */
async function main(): Promise<number> {
  const address = workerSettingsFrom().healthAddress;
  if (!address) return 1;
  const response = await fetch(`http://${address.replace(/^0\.0\.0\.0:/, '127.0.0.1:')}/healthz`, { signal: AbortSignal.timeout(2_000) });
  return response.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  () => process.exit(1),
);
