/**
 * Candle sources (trading-semantics.md §1.4). Imports are private to their user, and the user id
 * sits inside the source key, so two users' imports can never share or overwrite rows.
 */

const IMPORT_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const USER_ID = /^[^\s:]+$/;

export function importSourceId(userId: string, name: string): string {
  if (!USER_ID.test(userId)) throw new RangeError("Import user id must be non-empty without ':' or whitespace");
  if (!IMPORT_NAME.test(name)) throw new RangeError("Import name must be 1-64 characters of A-Z a-z 0-9 . _ -");
  return `import:${userId}:${name}`;
}

export function parseImportSourceId(source: string): { userId: string; name: string } | null {
  const m = /^import:([^\s:]+):([A-Za-z0-9._-]{1,64})$/.exec(source);
  return m ? { userId: m[1], name: m[2] } : null;
}

export function isImportSource(source: string): boolean {
  return source.startsWith("import:");
}

/** Exchange and simulated data are shared; an import only by its owner. */
export function canUseSource(source: string, userId: string): boolean {
  if (!isImportSource(source)) return true;
  return parseImportSourceId(source)?.userId === userId;
}
