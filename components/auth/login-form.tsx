"use client";

import { useActionState, useRef, useState } from "react";
import { loginAction } from "@/app/(auth)/login/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import { useFocusFirstInvalid } from "./use-focus-first-invalid";

export function LoginForm({ next }: { next?: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, pending] = useActionState(loginAction, null);
  // Controlled so the address survives React's form reset after a failed attempt.
  const [email, setEmail] = useState("");
  useFocusFirstInvalid(formRef, state);

  const error = state && !state.ok ? state.error : null;

  // noValidate: the server's messages are shown in the page, consistently, instead of browser bubbles.
  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-3" data-testid="login-form">
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        inputMode="email"
        spellCheck={false}
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        errors={error?.fields?.email}
      />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        errors={error?.fields?.password}
      />
      <FormMessage error={error?.message} />
      <Button type="submit" size="lg" loading={pending} className="mt-1 w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
