import { ValidationFailed } from "../errors";

/**
 * Keyset cursors for lists ordered by (created_at, id): opaque to clients, stable under inserts.
 * One format for every list, so a cursor from one list is at least recognisably malformed in another.
 */
export function encodeListCursor(createdAt: number, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString("base64url");
}

/** The (created_at, id) inside a cursor; 422 on `cursor` for anything this API did not hand out. */
export function decodeListCursor(cursor: string): [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2 && Number.isInteger(value[0]) && typeof value[1] === "string") return [value[0], value[1]];
  } catch {
    // reported below
  }
  throw new ValidationFailed({ cursor: ["is not a cursor this list returned"] });
}
