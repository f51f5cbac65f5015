"use server";

import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/next-auth";
import { safeNextPath } from "@/lib/auth/next-path";
import { loginSchema } from "@/lib/auth/schemas";
import { publicAction } from "@/lib/http/action";

const loginFormSchema = loginSchema.extend({ next: z.string().max(2048).optional() });

const SIGN_IN_MESSAGES: Record<string, { code: string; message: string }> = {
  rate_limited: { code: "rate_limited", message: "Too many sign-in attempts. Wait a minute and try again." },
  unavailable: { code: "unavailable", message: "Sign-in is temporarily unavailable. Try again shortly." },
};
const INVALID = { code: "invalid_credentials", message: "The email or password is incorrect." };

export const loginAction = publicAction(loginFormSchema, async ({ email, password, next }) => {
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code ?? "";
      return { ok: false, error: SIGN_IN_MESSAGES[code] ?? INVALID };
    }
    throw error;
  }
  redirect(safeNextPath(next));
});
