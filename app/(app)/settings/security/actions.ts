"use server";

import { z } from "zod";
import { changePassword } from "@/lib/auth/change-password";
import { changePasswordSchema } from "@/lib/auth/schemas";
import { revokeOtherSessions, revokeSession } from "@/lib/auth/sessions";
import { userAction } from "@/lib/http/action";

export const revokeSessionAction = userAction(z.object({ session_id: z.string().min(1).max(64) }), async (auth, input, client) => {
  await revokeSession(auth.user.id, input.session_id, client);
});

export const revokeOtherSessionsAction = userAction(z.object({}), async (auth, _input, client) => {
  await revokeOtherSessions(auth.user.id, auth.sessionId, client);
});

const changePasswordFormSchema = changePasswordSchema
  .extend({ confirm_password: z.string() })
  .refine((v) => v.new_password === v.confirm_password, { path: ["confirm_password"], message: "The passwords do not match." });

export const changePasswordAction = userAction(changePasswordFormSchema, async (auth, { confirm_password: _, ...input }, client) => {
  await changePassword(auth, input, client);
});
