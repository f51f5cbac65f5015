import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { ToastProvider } from "@/components/ui/toast";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getSettings } from "@/lib/settings/settings";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "AutoCbot", template: "%s · AutoCbot" },
  description: "Self-hosted, multi-user crypto trading: strategies, backtests, paper and live bots.",
};

export const viewport: Viewport = {
  themeColor: "#08090c",
  colorScheme: "dark light",
};

/** The signed-in user's display.theme as a class on <html>; signed-out pages are dark. */
async function themeClass(): Promise<string> {
  const current = await getCurrentUser();
  if (!current) return "dark";
  const { theme } = (await getSettings(current.user.id)).display;
  return theme === "dark" ? "dark" : theme;
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP nonce is attached per request, so no page may be prerendered without it.
  await connection();
  return (
    <html lang="en" className={await themeClass()}>
      <body className="min-h-dvh">
        <ToastProvider>{children}</ToastProvider>
      </body>
    </html>
  );
}
