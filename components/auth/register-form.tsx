"use client";

import { useActionState, useRef, useState } from "react";
import { registerAction } from "@/app/(auth)/register/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import { PASSWORD_POLICY_HINT } from "./password-policy-hint";
import { useFocusFirstInvalid } from "./use-focus-first-invalid";

export function RegisterForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, pending] = useActionState(registerAction, null);
  // Controlled so what was typed survives React's form reset after a failed attempt.
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  useFocusFirstInvalid(formRef, state);

  const error = state && !state.ok ? state.error : null;

  // noValidate: the server's messages are shown in the page, consistently, instead of browser bubbles.
  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-3" data-testid="register-form">
      <TextField
        name="name"
        label={
          <>
            Name <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        autoComplete="name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        errors={error?.fields?.name}
      />
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
        autoComplete="new-password"
        required
        hint={PASSWORD_POLICY_HINT}
        errors={error?.fields?.password}
      />
      <FormMessage error={error?.message} />
      <Button type="submit" size="lg" loading={pending} className="mt-1 w-full">
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
