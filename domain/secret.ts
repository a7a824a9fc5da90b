/**
 * A value that must never appear in plaintext in logs, error messages or (unencrypted) payloads:
 * user tokens, passwords, JWTs. All payloads are encrypted by the codec; this wrapper marks, in
 * our own types, which fields are secret so that log and status code can leave them out.
 * It is a plain object so that it survives Temporal's JSON payloads unchanged.
 */
export interface Secret {
  readonly secret: string;
}

export function secret(value: string): Secret {
  return { secret: value };
}

export function reveal(value: Secret): string {
  return value.secret;
}
