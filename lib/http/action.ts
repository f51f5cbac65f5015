import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { logger } from "@/lib/log";
import { getCurrentUser } from "@/lib/auth/current-user";
import type { AuthContext, ClientInfo } from "@/lib/auth/types";
import type { ActionResult, ActionState } from "./action-result";
import { clientInfo } from "./client-info";
import { toActionError } from "./errors";

/** FormData to a plain object, without the fields React adds for progressive enhancement. */
export function formObject(formData: FormData): Record<string, FormDataEntryValue> {
  // fromEntries defines own properties, so a field named __proto__ cannot replace the prototype.
  return Object.fromEntries([...formData].filter(([key]) => !key.startsWith("$ACTION")));
}

const UNAUTHENTICATED = { ok: false as const, error: { code: "unauthenticated", message: "Your session has ended. Sign in again." } };

function failure(error: unknown): ActionResult<never> {
  // Redirects and notFound() are thrown by Next and must keep propagating.
  unstable_rethrow(error);
  const mapped = toActionError(error);
  if (mapped) return { ok: false, error: mapped };
  logger().error({ err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, "server action failed");
  return { ok: false, error: { code: "internal_error", message: "Something went wrong on our side. Try again." } };
}

async function run<T>(fn: () => Promise<ActionResult<T> | void>): Promise<ActionState<T>> {
  try {
    return (await fn()) ?? { ok: true };
  } catch (error) {
    return failure(error);
  }
}

/**
 * The one server-action helper: every export of a "use server" file is a public endpoint, so each
 * authenticates (the same revocation checks as the API) and validates FormData with the same zod
 * schema as the route handler. Results never echo submitted values.
 */
export function userAction<S extends z.ZodType, T = undefined>(
  schema: S,
  fn: (auth: AuthContext, input: z.output<S>, client: ClientInfo) => Promise<ActionResult<T> | void>,
) {
  return async (_prev: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    const auth = await getCurrentUser();
    if (!auth) return UNAUTHENTICATED;
    return run(async () => {
      const input = schema.parse(formObject(formData));
      return fn(auth, input, clientInfo(await headers()));
    });
  };
}

export function publicAction<S extends z.ZodType, T = undefined>(
  schema: S,
  fn: (input: z.output<S>, client: ClientInfo) => Promise<ActionResult<T> | void>,
) {
  return async (_prev: ActionState<T>, formData: FormData): Promise<ActionState<T>> =>
    run(async () => {
      const input = schema.parse(formObject(formData));
      return fn(input, clientInfo(await headers()));
    });
}

