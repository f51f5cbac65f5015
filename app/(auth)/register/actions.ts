"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/next-auth";
import { registerSchema } from "@/lib/auth/schemas";
import { registerUser } from "@/lib/auth/users";
import { publicAction } from "@/lib/http/action";

export const registerAction = publicAction(registerSchema, async (input, client) => {
  await registerUser(input, client);
  // The browser flow signs the new account in; the API's register does not.
  await signIn("credentials", { email: input.email, password: input.password, redirect: false });
  redirect("/dashboard");
});
