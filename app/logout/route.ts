import { type NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/auth/current-user";
import { revokeSession } from "@/lib/auth/sessions";
import { clientInfo } from "@/lib/http/client-info";

// POST /logout – the user menu's sign-out form. A plain form post answered with a redirect is a
// full document navigation, so no client-side router cache of the app survives it.
export async function POST(req: NextRequest): Promise<Response> {
  const site = req.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return new Response("Cross-site request refused.", { status: 403 });
  const current = await getCurrentUser();
  if (current) await revokeSession(current.user.id, current.sessionId, clientInfo(req.headers), "logout");
  const response = new Response(null, {
    status: 303,
    headers: { Location: "/login", "Cache-Control": "no-store", "Clear-Site-Data": '"cache"' },
  });
  for (const cookie of req.cookies.getAll()) {
    if (cookie.name.includes("authjs.session-token")) {
      const secure = cookie.name.startsWith("__Secure-") || cookie.name.startsWith("__Host-");
      response.headers.append(
        "Set-Cookie",
        `${cookie.name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`,
      );
    }
  }
  return response;
}
