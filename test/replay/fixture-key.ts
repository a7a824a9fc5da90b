/**
 * The codec key of the recorded histories. Test-only: the histories hold sandbox data of made-up
 * people, and replaying them in CI needs a key that every clone has. Never used outside tests.
 */
export const replayFixtureKeys = {
  ONBOARDING_CODEC_KEYS: `replay-fixtures:${Buffer.alloc(32, 7).toString('base64')}`,
  // Histories recorded from now on hold credentials sealed with this key (codec/secrets-codec.ts).
  ONBOARDING_SECRETS_KEYS: `replay-fixtures:${Buffer.alloc(32, 8).toString('base64')}`,
};
