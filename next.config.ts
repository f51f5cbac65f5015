import type { NextConfig } from "next";

const MIB = 1024 * 1024;

/** IMPORT_MAX_BYTES as lib/env.ts reads it (50 MB by default); lib/env.ts validates it at start-up. */
function importMaxBytes(): number {
  const value = Number(process.env.IMPORT_MAX_BYTES?.trim() || NaN);
  return Number.isInteger(value) && value > 0 ? value : 50 * MIB;
}

const nextConfig: NextConfig = {
  // Server-Sent Events must never be buffered by gzip; a reverse proxy can compress instead.
  compress: false,
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc --noEmit) before it builds; checking again inside
  // every build only slows `npm start` and lets an unfinished test file block the app from starting.
  typescript: { ignoreBuildErrors: true },
  // ccxt stays a plain Node require: bundling it pulls in optional peers (protobufjs for dYdX) that are not installed.
  serverExternalPackages: ["better-sqlite3", "pino", "ioredis", "ccxt"],
  experimental: {
    // The proxy buffers request bodies up to this size and silently drops everything from the chunk
    // that crosses it. JSON bodies above 1 MB and CSV imports above IMPORT_MAX_BYTES are refused
    // with 413 by the routes, so the buffer sits 1 MiB (many 64 KiB socket chunks) above the larger
    // of the two: a body over a route's limit still reaches the route over that limit, never cut
    // down to something that looks complete.
    proxyClientMaxBodySize: Math.max(importMaxBytes(), MIB) + MIB,
  },
};

export default nextConfig;
