import type { Metadata } from "next";
import Link from "next/link";
import { RegisterForm } from "@/components/auth/register-form";

export const metadata: Metadata = { title: "Create account" };

export default function RegisterPage() {
  return (
    <>
      <h1 className="text-lg font-semibold tracking-tight">Create your account</h1>
      <p className="mb-5 mt-1 text-body text-muted-foreground">Start with paper trading; connect an exchange later.</p>
      <RegisterForm />
      <p className="mt-5 text-center text-xs text-muted-foreground">
        Already have an account?{" "}
        <Link href="/login" className="rounded font-medium text-primary hover:underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
