import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-Sent Events must never be buffered by gzip; a reverse proxy can compress instead.
  compress: false,
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3", "pino", "ioredis"],
  experimental: {
    // Bodies above 1 MB are refused with 413 by lib/http; the proxy must not truncate them first.
    proxyClientMaxBodySize: "2mb",
  },
};

export default nextConfig;
