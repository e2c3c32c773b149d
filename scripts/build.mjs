// Bundles every runnable entry point with esbuild. Add an entry to ENTRIES when a new program appears.
import { build } from "esbuild";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
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

// `node scripts/build.mjs api detector` builds only the entries under those folders.
const only = process.argv.slice(2);
const started = Date.now();
const present = ENTRIES.filter(
  (entry) =>
    existsSync(path.join(root, entry.in)) &&
    (only.length === 0 || only.includes(entry.in.split("/")[0])),
);
/** Outside the bundle's folder: dist/api is the API image's build context. */
const inputsFileOf = (entry) =>
  path.join(root, "dist/.inputs", `${entry.out.replace(/[/\\]/g, "_")}.json`);

/**
 * Up to date when the bundle is newer than every file it was built from (esbuild's metafile, kept
 * beside it), this script and the lockfile: `pulumi up` bundles on every run and mostly skips.
 */
function upToDate(entry) {
  const out = path.join(root, entry.out);
  const inputsFile = inputsFileOf(entry);
  if (!existsSync(out) || !existsSync(inputsFile)) return false;
  const built = statSync(out).mtimeMs;
  const inputs = [
    ...JSON.parse(readFileSync(inputsFile, "utf8")),
    "scripts/build.mjs",
    "package-lock.json",
  ];
  return inputs.every((file) => {
    const at = path.join(root, file);
    return existsSync(at) && statSync(at).mtimeMs <= built;
  });
}

const stale = present.filter((entry) => !upToDate(entry));
await Promise.all(
  stale.map(async (entry) => {
    const result = await build({
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
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith("<"));
    mkdirSync(path.dirname(inputsFileOf(entry)), { recursive: true });
    writeFileSync(inputsFileOf(entry), JSON.stringify(inputs));
  }),
);
const fresh = present.filter((entry) => !stale.includes(entry)).map((e) => e.out);
console.log(
  `built ${stale.map((e) => e.out).join(", ") || "nothing"} in ${Date.now() - started} ms` +
    (fresh.length > 0 ? ` (up to date: ${fresh.join(", ")})` : ""),
);
