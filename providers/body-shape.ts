/**
 * The shape of an answer we could not recognise: its keys and the types of their values, never a
 * value ("{error: string, details: {attempts: number}}"). Safe to log: it is how we learn a real
 * provider's wording without writing down what the person sent.
 */
export function bodyShape(body: unknown, depth = 0): string {
  if (body === null) return 'null';
  if (Array.isArray(body)) return body.length === 0 ? '[]' : `[${depth >= 4 ? '…' : bodyShape(body[0], depth + 1)}]`;
  if (typeof body !== 'object') return typeof body;
  if (depth >= 4) return '{…}';
  const entries = Object.entries(body as Record<string, unknown>);
  const shown = entries.slice(0, 20).map(([key, value]) => `${safeKey(key)}: ${bodyShape(value, depth + 1)}`);
  if (entries.length > shown.length) shown.push(`… ${entries.length - shown.length} more`);
  return `{${shown.join(', ')}}`;
}

/** Keys are field names; one that does not look like a name (an echoed value used as a key) is hidden. */
function safeKey(key: string): string {
  return /^[A-Za-z_][\w.-]{0,40}$/.test(key) ? key : '(key)';
}
