import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-Sent Events must never be buffered by gzip; a reverse proxy can compress instead.
  compress: false,
  poweredByHeader: false,
  // ccxt stays a plain Node require: bundling it pulls in optional peers (protobufjs for dYdX) that are not installed.
  serverExternalPackages: ["better-sqlite3", "pino", "ioredis", "ccxt"],
  experimental: {
    // Bodies above 1 MB are refused with 413 by lib/http; the proxy must not truncate them first.
    proxyClientMaxBodySize: "2mb",
  },
};

export default nextConfig;
