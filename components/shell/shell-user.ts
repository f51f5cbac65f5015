/** The slice of the signed-in user the shell may show; never a full account record. */
export type ShellUser = {
  id: string;
  email: string;
  name: string | null;
  role: "user" | "admin";
};
