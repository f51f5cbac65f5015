import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { changePasswordSchema, loginSchema, refreshSchema, registerSchema } from "./schemas";

const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(["user", "admin"]),
  is_active: z.boolean(),
  created_at: z.number().int(),
});

const tokenPairSchema = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal("bearer"),
  expires_in: z.number().int(),
});

const sessionSchema = z.object({
  id: z.string(),
  kind: z.enum(["browser", "api"]),
  created_at: z.number().int(),
  last_seen_at: z.number().int(),
  expires_at: z.number().int(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  current: z.boolean(),
});

export const authOps = {
  register: defineOperation({
    method: "POST",
    path: "/api/v1/auth/register",
    summary: "Create an account (the first account becomes admin). Does not sign in.",
    tag: "auth",
    auth: "none",
    body: registerSchema,
    responses: { 201: { description: "The new user", schema: userSchema }, 409: { description: "email_taken" }, 403: { description: "Registration closed" } },
  }),
  login: defineOperation({
    method: "POST",
    path: "/api/v1/auth/login",
    summary: "Exchange email and password for a bearer token pair.",
    tag: "auth",
    auth: "none",
    body: loginSchema,
    responses: { 200: { description: "A token pair", schema: tokenPairSchema }, 401: { description: "invalid_credentials" } },
  }),
  refresh: defineOperation({
    method: "POST",
    path: "/api/v1/auth/refresh",
    summary: "Trade a refresh token (usable once) for a new pair. Reusing one revokes its family.",
    tag: "auth",
    auth: "none",
    body: refreshSchema,
    responses: { 200: { description: "A new token pair", schema: tokenPairSchema }, 401: { description: "unauthenticated" } },
  }),
  logout: defineOperation({
    method: "POST",
    path: "/api/v1/auth/logout",
    summary: "Revoke the session behind the caller's credentials and its refresh family.",
    tag: "auth",
    auth: "user",
    responses: { 204: { description: "Signed out" } },
  }),
  me: defineOperation({
    method: "GET",
    path: "/api/v1/auth/me",
    summary: "The caller's account.",
    tag: "auth",
    auth: "user",
    responses: { 200: { description: "The user", schema: userSchema } },
  }),
  changePassword: defineOperation({
    method: "PUT",
    path: "/api/v1/auth/change-password",
    summary: "Change the password; signs out every other session. Bearer callers get a new token pair.",
    tag: "auth",
    auth: "user",
    body: changePasswordSchema,
    responses: {
      200: { description: "Changed", schema: z.object({ revoked_sessions: z.number().int(), tokens: tokenPairSchema.nullable() }) },
      422: { description: "Wrong current password or weak new password" },
    },
  }),
  listSessions: defineOperation({
    method: "GET",
    path: "/api/v1/auth/sessions",
    summary: "The caller's active sessions, browser and API.",
    tag: "auth",
    auth: "user",
    responses: { 200: { description: "Sessions", schema: z.object({ items: z.array(sessionSchema), next_cursor: z.null() }) } },
  }),
  revokeSession: defineOperation({
    method: "DELETE",
    path: "/api/v1/auth/sessions/{id}",
    summary: "Sign out one of the caller's sessions.",
    tag: "auth",
    auth: "user",
    responses: { 204: { description: "Revoked" }, 404: { description: "No such session of the caller" } },
  }),
  revokeOtherSessions: defineOperation({
    method: "POST",
    path: "/api/v1/auth/sessions/revoke-others",
    summary: "Sign out every session of the caller except the current one.",
    tag: "auth",
    auth: "user",
    responses: { 200: { description: "How many were ended", schema: z.object({ revoked: z.number().int() }) } },
  }),
};
