/**
 * A short digest of an item's JSON (FNV-1a, 52 bits, base36), to tell whether an account or a connection
 * changed between two runs without keeping the item: the cursor holds one per account.
 */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value, sortedKeys);
  let hi = 0x811c9dc5;
  let lo = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    hi = Math.imul(hi ^ c, 0x01000193) >>> 0;
    lo = Math.imul(lo ^ c, 0x5bd1e995) >>> 0;
  }
  return ((hi & 0xfffff) * 2 ** 32 + lo).toString(36);
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)));
}
