import { authOps } from "@/lib/auth/operations";
import { userResponse } from "@/lib/auth/users";
import { json, route } from "@/lib/http/route";

// GET /api/v1/auth/me – the caller's account
export const GET = route(authOps.me, async ({ auth }) => json(userResponse(auth.user)));
