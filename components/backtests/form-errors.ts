import type { ApiRequestError } from "@/components/api/api-request";

export type FormErrors = Record<string, string[]>;

/**
 * Field errors of a refused request, keyed by the form field they belong to: the first segment of
 * the dotted wire path ("symbols.0" → "symbols"). The envelope carries them in `fields` (lists of
 * messages); a `details` map of path → message is read too. Paths no field owns go under "_form".
 */
export function errorsByField(error: Pick<ApiRequestError, "fields" | "details">, known: readonly string[]): FormErrors {
  const out: FormErrors = {};
  const add = (path: string, message: unknown) => {
    if (typeof message !== "string" || message === "") return;
    const head = path.split(".")[0] ?? "";
    const key = known.includes(head) ? head : "_form";
    const text = key === "_form" && path && path !== "_root" ? `${path}: ${message}` : message;
    const list = (out[key] ??= []);
    if (!list.includes(text)) list.push(text);
  };
  for (const [path, messages] of Object.entries(error.fields ?? {})) {
    for (const message of Array.isArray(messages) ? messages : [messages]) add(path, message);
  }
  for (const [path, message] of Object.entries(error.details ?? {})) add(path, message);
  return out;
}
