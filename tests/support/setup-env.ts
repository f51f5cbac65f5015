import os from "node:os";
import path from "node:path";

// Unit tests run in-process: give lib/env.ts a valid configuration pointing at a throwaway database.
process.env.AUTH_SECRET ??= "unit-test-auth-secret-0123456789abcdef0123456789";
process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
process.env.DATABASE_PATH ??= path.join(os.tmpdir(), `autocbot-unit-${process.pid}-${Date.now()}.db`);
process.env.TEST_MODE ??= "true";
process.env.LOG_LEVEL ??= "silent";
