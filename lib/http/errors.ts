import { z } from "zod";
import { AppError, type FieldErrors, ValidationFailed } from "@/lib/errors";
import type { ActionError } from "./action-result";

/** Turns zod issues into dotted wire paths with a list of messages each (unknown keys included). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  // A Map, not an object literal: an unknown key the client sent may be named "__proto__" or
  // "constructor", and `fields[key] ??= []` would then find Object.prototype's member instead.
  const byPath = new Map<string, string[]>();
  const add = (path: string, message: string) => {
    const key = path || "_root";
    byPath.set(key, [...(byPath.get(key) ?? []), message]);
  };
  for (const issue of error.issues) {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add(base ? `${base}.${key}` : key, "is not a recognised field");
    } else {
      add(base, issue.message);
    }
  }
  // Object.fromEntries defines own properties, "__proto__" included.
  return Object.fromEntries(byPath);
}

export function validationFailed(error: z.ZodError): ValidationFailed {
  return new ValidationFailed(fieldErrors(error));
}

export type ErrorBody = {
  error: { code: string; message: string; fields?: FieldErrors; details?: Record<string, unknown>; request_id: string };
};

export function errorBody(error: AppError, requestId: string): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
      ...(error.details ? { details: error.details } : {}),
      request_id: requestId,
    },
  };
}

/** The same error object, for server actions; unknown errors never leak their text. */
export function toActionError(error: unknown): ActionError | null {
  if (error instanceof z.ZodError) return { code: "validation_failed", message: "Some fields are invalid.", fields: fieldErrors(error) };
  if (error instanceof AppError) {
    return { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) };
  }
  return null;
}
