import { OnboardingClient } from '../client/onboarding-client';
import { loadCodecKeys, loadSecretsKeys } from '../codec/keys';
import { apiConfigFrom } from '../api/config';
import { tracingClientInterceptors, tracingFromEnv } from '../observability/tracing';
import { buildApi } from '../api/server';

/** `npm run api`: the HTTP API on $API_HOST:$API_PORT; stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = apiConfigFrom();
  // The codec must be usable before any request: a malformed ONBOARDING_CODEC_KEYS stops the start
  // (and in production mode a missing one: the client's connect checks it).
  loadCodecKeys();
  loadSecretsKeys();
  // With an OTLP endpoint set, each request's onboarding call starts a trace the worker continues.
  const tracing = tracingFromEnv('onboarding-api');
  const client = await OnboardingClient.connect(config.temporal, tracing ? { interceptors: tracingClientInterceptors() } : {});
  const app = await buildApi({ ...config, client });
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing the API`);
    app
      .close()
      .then(() => client.close())
      .then(() => tracing?.shutdown())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    `onboarding API on http://${config.host}:${config.port} (Temporal ${config.temporal.address}, task queue ${config.temporal.taskQueue}); OpenAPI at /openapi.json`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
