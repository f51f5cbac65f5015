import { z } from "zod";
import { passwordSchema } from "./password-policy";

/** One schema per input, shared by the JSON API, server actions and forms. */
export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, "Use at most 254 characters.")
  .pipe(z.email({ error: "Enter a valid email address." }));

export const registerSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    name: z.string().trim().max(100, "Use at most 100 characters.").optional().nullable(),
  })
  .strict();

export const loginSchema = z
  .object({
    email: emailSchema,
    // Policy is not re-checked at login: older accounts may predate it. Bound the size so hashing stays cheap.
    password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024),
  })
  .strict();

export const refreshSchema = z.object({ refresh_token: z.string().min(1).max(4096) }).strict();

export const changePasswordSchema = z
  .object({
    current_password: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(1024),
    new_password: passwordSchema,
  })
  .strict();

export type RegisterInput = z.infer<typeof registerSchema>;
export type LoginInput = z.infer<typeof loginSchema>;
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
