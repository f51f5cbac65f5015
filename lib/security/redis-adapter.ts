import { createHash } from "node:crypto";
import type IORedis from "ioredis";
import type { Redis as UpstashRedis } from "@upstash/redis";

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/**
 * Lets @upstash/ratelimit talk to a self-hosted Redis through ioredis. It only calls eval and evalsha.
 * Its scripts start with `#!lua flags=allow-key-locking`, which stock Redis 7.0 rejects, so the
 * shebang line is stripped and the caller's sha is mapped to the stripped script's sha.
 */
export function upstashAdapter(client: IORedis): UpstashRedis {
  const stripped = new Map<string, { script: string; sha: string }>();

  const remember = (script: string) => {
    const body = script.replace(/^#!lua[^\n]*\n/, "");
    const entry = { script: body, sha: sha1(body) };
    stripped.set(sha1(script), entry);
    return entry;
  };
  const plain = (args: unknown[]) => args.map((a) => (a === null || a === undefined ? "" : String(a)));

  const adapter = {
    async eval(script: string, keys: string[], args: unknown[]) {
      const entry = remember(script);
      return client.eval(entry.script, keys.length, ...keys, ...plain(args));
    },
    async evalsha(sha: string, keys: string[], args: unknown[]) {
      const entry = stripped.get(sha);
      // Unknown to us: make Ratelimit fall back to eval, which teaches us the script.
      if (!entry) throw new Error("NOSCRIPT script not loaded through this adapter");
      try {
        return await client.evalsha(entry.sha, keys.length, ...keys, ...plain(args));
      } catch (error) {
        if (String(error).includes("NOSCRIPT")) {
          return client.eval(entry.script, keys.length, ...keys, ...plain(args));
        }
        throw error;
      }
    },
  };
  return adapter as unknown as UpstashRedis;
}
