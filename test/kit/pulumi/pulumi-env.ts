import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../repo-root";

/** An isolated Pulumi environment: temp file backend, passphrase, PATH as scripts/env.sh builds it. */
export interface PulumiEnv {
  /** Environment for `pulumi` processes (also `envVars` for the Automation API). */
  readonly env: Record<string, string>;
  /** Install root for `PulumiCommand.get({ root })` (has `bin/pulumi`). */
  readonly cliRoot: string;
  /** Removes the state directory and everything else this environment created. */
  cleanup(): void;
}

/** Bundles the sandbox stand-ins (`npm run build`); quick, and keeps them in step with the source. */
export function buildSandbox(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts/build.mjs")], {
    cwd: REPO_ROOT,
    stdio: "pipe",
  });
}

function envFromEnvSh(overrides: Record<string, string>): Record<string, string> {
  const script = `. "${path.join(REPO_ROOT, "scripts/env.sh")}" && env -0`;
  const out = execFileSync("bash", ["-c", script], {
    env: { ...process.env, ...overrides },
    encoding: "utf8",
  });
  return Object.fromEntries(
    out
      .split("\0")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

/**
 * Sources scripts/env.sh (so PATH gets the pinned Pulumi CLI and, where no official plugin is
 * installed, the sandbox stand-ins) with a fresh `file://` backend and a passphrase of its own.
 * The stand-ins serve only the dev stack unless asked: test stacks are as throwaway as dev, so
 * this asks (SWIFTDEPLOY_ALLOW_STANDINS=1) unless `allowStandIns` is false.
 * Fails saying what to run when the CLI is missing.
 */
export function pulumiEnv(
  label: string,
  passphrase = `test-passphrase-${label}`,
  { allowStandIns = true }: { allowStandIns?: boolean } = {},
): PulumiEnv {
  const dir = mkdtempSync(path.join(tmpdir(), `sd-pulumi-${label}-`));
  const state = path.join(dir, "state");
  mkdirSync(state);
  const env = envFromEnvSh({
    PULUMI_BACKEND_URL: `file://${state}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_HOME: path.join(dir, "home"),
    SWIFTDEPLOY_ALLOW_STANDINS: allowStandIns ? "1" : "",
  });
  const pulumi = execFileSync("bash", ["-c", "command -v pulumi || true"], {
    env,
    encoding: "utf8",
  }).trim();
  if (!pulumi || !existsSync(pulumi)) {
    throw new Error(
      "the Pulumi CLI is not installed (scripts/env.sh found no `pulumi`); run `npm run setup`",
    );
  }
  const cliRoot = path.join(dir, "cli");
  mkdirSync(path.join(cliRoot, "bin"), { recursive: true });
  symlinkSync(pulumi, path.join(cliRoot, "bin", "pulumi"));
  return { env, cliRoot, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
