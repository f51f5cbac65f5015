import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, uniqueEmail, watchConsole } from "./support/browser";
import { PASSWORD_RULES } from "../lib/auth/password-policy";

const rule = (id: string) => PASSWORD_RULES.find((r) => r.id === id)!.message;


async function register(page: Page, email: string, password: string, name = "Dana Trader") {
  await page.goto("/register");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
}

async function signOut(page: Page) {
  await page.getByTestId("user-menu-trigger").click();
  await page.getByTestId("sign-out").click();
  await page.waitForURL(/\/login/);
}

test("register, sign out, back button, sign in again and return to the page asked for", async ({ page }) => {
  const problems = watchConsole(page);
  const email = uniqueEmail("dana");

  // A weak password lists every failing rule.
  await register(page, email, "abc");
  const errors = page.getByTestId("errors-password");
  for (const id of ["minLength", "upper", "digit", "special"]) await expect(errors).toContainText(rule(id));
  await expect(errors).not.toContainText(rule("lower"));
  await expect(page).toHaveURL(/\/register$/);

  // A strong password registers and lands on the dashboard, signed in.
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/dashboard$/);
  await expect(page.getByTestId("dashboard")).toBeVisible();
  await expect(page.getByTestId("dashboard")).toContainText("Dana");

  // Sign out ends in /login; the back button shows nothing of the dashboard, and a reload lands on /login.
  await signOut(page);
  await page.goBack();
  await expect(page.getByTestId("dashboard")).toHaveCount(0);
  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId("dashboard")).toHaveCount(0);

  // Asking for a page while signed out comes back to it after signing in.
  await page.goto("/settings/security");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Fsecurity/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("Wrong-Passw0rd!");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toContainText("incorrect");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/settings\/security$/);
  await expect(page.getByTestId("this-device")).toBeVisible();

  // The first account of a deployment is its admin: the Admin page lists the accounts.
  await page.getByRole("navigation").getByRole("link", { name: "Admin" }).first().click();
  await expect(page.getByTestId("admin")).toBeVisible();

  expect(problems).toEqual([]);
});

test("every page renders without console errors or CSP violations", async ({ page }) => {
  const problems = watchConsole(page);
  await register(page, uniqueEmail("pages"), PASSWORD);
  await page.waitForURL(/\/dashboard$/);
  const pages = ["/dashboard", "/trading", "/portfolio", "/analytics", "/strategies", "/backtests", "/signals", "/settings", "/settings/security", "/docs/api"];
  for (const path of pages) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.locator("h1").first()).toBeVisible();
  }
  // The sidebar links navigate.
  await page.goto("/dashboard");
  await page.getByRole("navigation").getByRole("link", { name: "Signals" }).first().click();
  await expect(page).toHaveURL(/\/signals$/);
  // Not the first account, so not an admin: the admin page is a plain 404 and the link is absent.
  expect((await page.request.get("/admin")).status()).toBe(404);
  await page.goto("/dashboard");
  await expect(page.getByRole("navigation").getByRole("link", { name: "Admin" })).toHaveCount(0);
  await page.goto("/login");
  await expect(page).toHaveURL(/\/dashboard$/);
  await signOut(page);
  for (const path of ["/login", "/register", "/docs/api"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
  }
  expect(problems).toEqual([]);
});

test("a revoked browser session is refused by pages and server actions", async ({ page, request }) => {
  const email = uniqueEmail("revoked");
  await register(page, email, PASSWORD);
  await page.waitForURL(/\/dashboard$/);
  await page.goto("/settings/security");
  await expect(page.getByTestId("change-password-form")).toBeVisible();

  // Elsewhere (an API client), the password is changed: every other session ends, this browser's included.
  const login = await request.post("/api/v1/auth/login", { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);
  const { access_token } = await login.json();
  const changed = await request.put("/api/v1/auth/change-password", {
    headers: { authorization: `Bearer ${access_token}` },
    data: { current_password: PASSWORD, new_password: "N3w-Passphrase!x" },
  });
  expect(changed.status()).toBe(200);
  expect((await changed.json()).revoked_sessions).toBeGreaterThanOrEqual(1);

  // The page is still open: posting its server action with the old cookie is refused.
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("An0ther-Passphrase!");
  await page.getByLabel("Confirm new password").fill("An0ther-Passphrase!");
  await page.getByRole("button", { name: /change password/i }).click();
  await expect(page.getByTestId("form-error")).toContainText("session has ended");

  await page.reload();
  await expect(page).toHaveURL(/\/login/);
});

test("the security page signs out other sessions", async ({ page, request }) => {
  const email = uniqueEmail("sessions");
  await register(page, email, PASSWORD);
  await page.waitForURL(/\/dashboard$/);
  const login = await request.post("/api/v1/auth/login", { data: { email, password: PASSWORD } });
  const { access_token } = await login.json();
  const me = () => request.get("/api/v1/auth/me", { headers: { authorization: `Bearer ${access_token}` } });
  expect((await me()).status()).toBe(200);

  await page.goto("/settings/security");
  await expect(page.getByTestId("session-row")).toHaveCount(2);
  await page.getByTestId("revoke-other-sessions").click();
  await expect(page.getByTestId("toast-success")).toBeVisible();
  await expect(page.getByTestId("session-row")).toHaveCount(1);
  expect((await me()).status()).toBe(401);
  await expect(page.getByTestId("this-device")).toBeVisible();
});
