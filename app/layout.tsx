import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { ToastProvider } from "@/components/ui/toast";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "AutoCbot", template: "%s · AutoCbot" },
  description: "Self-hosted, multi-user crypto trading: strategies, backtests, paper and live bots.",
};

export const viewport: Viewport = {
  themeColor: "#08090c",
  colorScheme: "dark",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP nonce is attached per request, so no page may be prerendered without it.
  await connection();
  return (
    <html lang="en" className="dark">
      <body className="min-h-dvh">
        <ToastProvider>{children}</ToastProvider>
      </body>
    </html>
  );
}
