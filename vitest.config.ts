import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname);
const shared = {
  resolve: {
    alias: {
      "@": root,
      "server-only": path.join(root, "tests/support/empty-module.ts"),
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          // Unit tests first: they are quick and fail fast; then the integration servers start.
          sequence: { groupOrder: 0 },
          environment: "node",
          include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts"],
          setupFiles: ["tests/support/setup-env.ts"],
          pool: "forks",
          testTimeout: 30_000,
        },
      },
      {
        ...shared,
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          environment: "node",
          include: ["tests/**/*.test.ts"],
          // One built server for all files (started here), plus per-file servers where a test needs its own.
          globalSetup: ["tests/support/global-setup.ts"],
          pool: "forks",
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
