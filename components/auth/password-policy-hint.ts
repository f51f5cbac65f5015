// Mirrors lib/auth/password-policy.ts, which cannot be imported here because it reads
// the common-password list from disk; the server remains the authority.
export const PASSWORD_POLICY_HINT =
  "8–128 characters with an upper- and a lower-case letter, a digit and a special character. Common passwords are refused.";
