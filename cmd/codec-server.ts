import { z } from 'zod';
import { parseApiKeys } from '../api/auth';
import { EncryptionCodec } from '../codec/encryption-codec';
import { loadCodecKeys } from '../codec/keys';
import { assertProductionReady } from '../config/production';
import { buildCodecServer } from '../codec-server/server';

const env = z.object({
  CODEC_SERVER_HOST: z.string().min(1).default('127.0.0.1'),
  CODEC_SERVER_PORT: z.coerce.number().int().min(0).max(65_535).default(8081),
  /** The Web UI's origins, comma-separated. */
  CODEC_CORS_ORIGINS: z.string().min(1).default('http://localhost:8233'),
});

/** `npm run codec-server`: the Web UI's codec endpoint on $CODEC_SERVER_HOST:$CODEC_SERVER_PORT. */
async function main(): Promise<void> {
  const e = env.parse(process.env);
  assertProductionReady(process.env, 'payloads');
  const codec = new EncryptionCodec(loadCodecKeys());
  const app = await buildCodecServer({
    keys: parseApiKeys(process.env.ONBOARDING_API_KEYS),
    codec,
    corsOrigins: e.CODEC_CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  });
  const stop = (signal: string) => {
    app.log.info(`${signal}: closing the codec server`);
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await app.listen({ host: e.CODEC_SERVER_HOST, port: e.CODEC_SERVER_PORT });
  app.log.info(`codec server on http://${e.CODEC_SERVER_HOST}:${e.CODEC_SERVER_PORT} for ${e.CODEC_CORS_ORIGINS}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
