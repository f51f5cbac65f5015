import type { Metadata } from "next";
import Link from "next/link";
import { LoginForm } from "@/components/auth/login-form";

export const metadata: Metadata = { title: "Sign in" };

type LoginPageProps = {
  searchParams: Promise<{ next?: string | string[] }>;
};

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const { next } = await searchParams;
  // Passed through untouched: the login action decides whether the target is a safe local path.
  const nextPath = typeof next === "string" && next.length > 0 ? next : undefined;

  return (
    <>
      <h1 className="text-lg font-semibold tracking-tight">Sign in</h1>
      <p className="mb-5 mt-1 text-body text-muted-foreground">Welcome back to AutoCbot.</p>
      <LoginForm next={nextPath} />
      <p className="mt-5 text-center text-xs text-muted-foreground">
        No account yet?{" "}
        <Link href="/register" className="rounded font-medium text-primary hover:underline">
          Create one
        </Link>
      </p>
    </>
  );
}
