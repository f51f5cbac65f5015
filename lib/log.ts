import pino from "pino";
import { env } from "@/lib/env";

/**
 * Plain JSON to stdout (no transports: they spawn workers that break bundling).
 * Secrets are redacted by path wherever they could appear in a logged object.
 */
const REDACT = [
  "password",
  "*.password",
  "new_password",
  "*.new_password",
  "current_password",
  "*.current_password",
  "token",
  "*.token",
  "access_token",
  "*.access_token",
  "refresh_token",
  "*.refresh_token",
  "api_key",
  "*.api_key",
  "api_secret",
  "*.api_secret",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "cookie",
  "*.cookie",
  "*.headers.cookie",
  "*.headers[\"set-cookie\"]",
];

const KEY = Symbol.for("autocbot.logger");
type Holder = { [KEY]?: pino.Logger };

export function logger(): pino.Logger {
  const holder = globalThis as Holder;
  holder[KEY] ??= pino({
    level: env().LOG_LEVEL,
    base: { app: "autocbot" },
    redact: { paths: REDACT, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.epochTime,
  });
  return holder[KEY];
}
