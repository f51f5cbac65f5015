import { authOps } from "@/lib/auth/operations";
import { loginForTokens } from "@/lib/auth/token-pairs";
import { json, route } from "@/lib/http/route";

// POST /api/v1/auth/login – exchange credentials for a token pair
export const POST = route(authOps.login, async ({ body, client }) => json(await loginForTokens(body, client)));
