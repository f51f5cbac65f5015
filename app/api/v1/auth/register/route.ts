import { authOps } from "@/lib/auth/operations";
import { registerUser, userResponse } from "@/lib/auth/users";
import { json, route } from "@/lib/http/route";

// POST /api/v1/auth/register – create an account
export const POST = route(authOps.register, async ({ body, client }) => json(userResponse(await registerUser(body, client)), 201));
