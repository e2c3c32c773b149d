// Bundles every runnable entry point with esbuild. Add an entry to ENTRIES when a new program appears.
import { build } from "esbuild";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * `standalone` bundles every dependency into one file (for images and the Docker host, where no
 * node_modules exist); otherwise packages stay external and resolve from the repo's node_modules.
 */
const ENTRIES = [
  { in: "api/server.ts", out: "dist/api/server.js", standalone: true },
  { in: "detector/cli/main.ts", out: "dist/detector/swiftdeploy-detector.js", standalone: true },
  { in: "cli/main.ts", out: "dist/cli/swiftdeploy.js", standalone: false },
  { in: "sandbox/language-host/main.ts", out: "dist/sandbox/language-host.js", standalone: false },
  {
    in: "sandbox/providers/docker/main.ts",
    out: "dist/sandbox/provider-docker.js",
    standalone: false,
  },
  {
    in: "sandbox/providers/command/main.ts",
    out: "dist/sandbox/provider-command.js",
    standalone: false,
  },
];

const started = Date.now();
const present = ENTRIES.filter((entry) => existsSync(path.join(root, entry.in)));
await Promise.all(
  present.map((entry) =>
    build({
      absWorkingDir: root,
      entryPoints: [entry.in],
      outfile: entry.out,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      sourcemap: true,
      packages: entry.standalone ? "bundle" : "external",
      logLevel: "warning",
      banner: { js: "#!/usr/bin/env node" },
    }),
  ),
);
console.log(
  `built ${present.map((e) => e.out).join(", ") || "nothing"} in ${Date.now() - started} ms`,
);
