import type { FieldErrors } from "@/lib/errors";

/** What every server action returns: the same error object as the JSON API. */
export type ActionError = { code: string; message: string; fields?: FieldErrors };
export type ActionResult<T = undefined> = { ok: true; data?: T } | { ok: false; error: ActionError };
/** The state a form starts with, before its first submission. */
export type ActionState<T = undefined> = ActionResult<T> | null;
