import { randomUUID } from "node:crypto";

export const STRONG_PASSWORD = "Corr3ct-Horse-Battery!";

export type ApiResponse<T = unknown> = { status: number; headers: Headers; body: T; text: string };

/** A thin JSON client over fetch, for integration tests against a started server. */
export function apiClient(baseUrl: string) {
  async function request<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; cookie?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.cookie) headers.cookie = options.cookie;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body, redirect: "manual" });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  const uniqueEmail = (label = "user") => `${label}-${randomUUID().slice(0, 8)}@example.test`;

  async function register(email = uniqueEmail(), password = STRONG_PASSWORD, name = "Test User") {
    const res = await request("POST", "/api/v1/auth/register", { body: { email, password, name } });
    if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
    return { email, password, user: res.body as { id: string; email: string } };
  }

  async function login(email: string, password = STRONG_PASSWORD) {
    const res = await request("POST", "/api/v1/auth/login", { body: { email, password } });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    return res.body as { access_token: string; refresh_token: string; token_type: string; expires_in: number };
  }

  /** A new account signed in over the API. */
  async function newUser(label = "user") {
    const { email, password, user } = await register(uniqueEmail(label));
    const tokens = await login(email, password);
    return { email, password, user, tokens };
  }

  /**
   * Signs in the way the browser does (Auth.js credentials callback) and returns the Cookie header
   * value carrying the session cookie.
   */
  async function browserLogin(email: string, password = STRONG_PASSWORD): Promise<string> {
    const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const jar = new Map<string, string>();
    const remember = (res: Response) => {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const at = pair.indexOf("=");
        jar.set(pair.slice(0, at), pair.slice(at + 1));
      }
    };
    remember(csrf);
    const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
      },
      body: new URLSearchParams({ email, password, csrfToken }),
    });
    remember(res);
    const session = [...jar].find(([k, v]) => k.includes("authjs.session-token") && v);
    if (!session) throw new Error(`browser login failed: ${res.status} ${res.headers.get("location")}`);
    return `${session[0]}=${session[1]}`;
  }

  return { request, register, login, newUser, uniqueEmail, browserLogin };
}
