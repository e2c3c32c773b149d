import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** The repository root (this file is test/e2e/kit/pulumi-cli.ts). */
export const REPO_ROOT = path.resolve(__dirname, "../../..");

/** One plain `pulumi` CLI run. */
export interface CliResult {
  readonly code: number;
  /** stdout and stderr together, for assertions on messages. */
  readonly output: string;
}

/** A throwaway Pulumi environment: temp file backend and home, PATH as scripts/env.sh builds it. */
export interface PulumiCli {
  /** Runs `pulumi <args> --non-interactive` in `cwd`; never throws on a non-zero exit. */
  run(cwd: string, args: readonly string[]): Promise<CliResult>;
  /** Removes the backend and home directories. */
  cleanup(): void;
}

// What `pulumi preview` of a TypeScript program with docker and command resources needs on a
// machine without the official plugins: the sandbox stand-ins scripts/env.sh puts on PATH.
const REQUIRED_EXECUTABLES = [
  "pulumi",
  "pulumi-language-nodejs",
  "pulumi-resource-docker",
  "pulumi-resource-command",
];

/**
 * Sources scripts/env.sh with a fresh backend, checks the executables are there (failing with what
 * to do otherwise), and bundles the sandbox stand-ins so they match their sources.
 */
export function pulumiCli(label: string): PulumiCli {
  const dir = mkdtempSync(path.join(tmpdir(), `sd-${label}-`));
  mkdirSync(path.join(dir, "state"));
  const out = execFileSync("bash", ["-c", `. "${REPO_ROOT}/scripts/env.sh" && env -0`], {
    env: {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: `e2e-${label}`,
      PULUMI_HOME: path.join(dir, "home"),
    },
    encoding: "utf8",
  });
  const env = Object.fromEntries(
    out
      .split("\0")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  const missing = REQUIRED_EXECUTABLES.filter(
    (name) =>
      execFileSync("bash", ["-c", `command -v ${name} || true`], {
        env,
        encoding: "utf8",
      }).trim() === "",
  );
  if (missing.length > 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `missing on PATH after scripts/env.sh: ${missing.join(", ")}. Run \`npm run setup\` (Pulumi CLI); the language host and provider stand-ins come from sandbox/bin (the sandbox branch).`,
    );
  }
  execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts/build.mjs")], {
    cwd: REPO_ROOT,
    stdio: "pipe",
  });
  return {
    run: (cwd, args) =>
      new Promise((resolve) => {
        const child = execFile(
          "pulumi",
          [...args, "--non-interactive"],
          { cwd, env, maxBuffer: 64 * 1024 * 1024 },
          (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
            resolve({ code, output: `${String(stdout)}\n${String(stderr)}` });
          },
        );
        child.stdin?.end();
      }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
