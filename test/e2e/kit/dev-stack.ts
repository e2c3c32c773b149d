import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse, parseDocument } from "yaml";
import { crossGuardConfigFile } from "../../../components/render/generated-files";
import { applyOverrides, loadManifest } from "../../../core/manifest";
import { pulumi, type CliResult } from "../../integration/kit/pulumi-cli";
import {
  buildSandbox,
  pulumiEnv,
  REPO_ROOT,
  type PulumiEnv,
} from "../../integration/kit/pulumi-env";
import type { TestHost } from "./test-host";

/** The repo's own program and Pulumi.dev.yaml, deployed onto a test host from a temp backend. */
export interface DevStack {
  readonly stack: string;
  /** Runs `pulumi <args> --stack <stack> --config-file <temp config>` in the project folder. */
  run(args: readonly string[]): Promise<CliResult>;
  /** `pulumi up` with the CrossGuard pack and the config rendered from the manifest. */
  up(extra?: readonly string[]): Promise<CliResult>;
  /** Sets a manifest override (`swiftdeploy:overrides`) in the temp stack config. */
  setOverride(field: string, value: string | number | boolean): void;
  /** Stack outputs as JSON. */
  outputs(): Promise<Record<string, unknown>>;
  cleanup(): void;
}

/**
 * Copies Pulumi.dev.yaml to a temp file pointed at `host` (address and key), without the committed
 * salt (the temp backend has its own passphrase), and creates the stack in a temp backend. The
 * repo's files are never modified.
 */
export async function devStack(label: string, host: TestHost): Promise<DevStack> {
  buildSandbox();
  const env: PulumiEnv = pulumiEnv(label);
  const dir = mkdtempSync(path.join(tmpdir(), `sd-stack-${label}-`));
  const configFile = path.join(dir, "Pulumi.dev.yaml");
  const doc = parseDocument(readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8"));
  doc.delete("encryptionsalt");
  doc.setIn(["config", "swiftdeploy:sshPrivateKeyFile"], host.keyFile);
  doc.setIn(["config", "swiftdeploy:overrides", "host.address"], host.address);
  const save = () => writeFileSync(configFile, doc.toString());
  save();
  const stack = "dev";
  const run = (args: readonly string[]) =>
    pulumi(env, REPO_ROOT, [...args, "--stack", stack, "--config-file", configFile]);
  const init = await pulumi(env, REPO_ROOT, ["stack", "init", stack]);
  if (init.code !== 0) throw new Error(`pulumi stack init failed:\n${init.output}`);
  const policyConfig = path.join(dir, "policy-config.json");
  return {
    stack,
    run,
    up: async (extra = []) => {
      writeFileSync(policyConfig, renderPolicyConfig(configFile));
      return run([
        "up",
        "--yes",
        "--skip-preview",
        "--policy-pack",
        path.join(REPO_ROOT, "policies/crossguard"),
        "--policy-pack-config",
        policyConfig,
        ...extra,
      ]);
    },
    setOverride: (field, value) => {
      doc.setIn(["config", "swiftdeploy:overrides", field], value);
      save();
    },
    outputs: async () => {
      const result = await pulumi(env, REPO_ROOT, ["stack", "output", "--json", "--stack", stack]);
      return JSON.parse(result.stdout) as Record<string, unknown>;
    },
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      env.cleanup();
    },
  };
}

/** The CrossGuard config `swiftdeploy init` renders, for the manifest as the temp config overrides it. */
function renderPolicyConfig(configFile: string): string {
  const config = (parse(readFileSync(configFile, "utf8")) as { config: Record<string, unknown> })
    .config;
  const overrides = (config["swiftdeploy:overrides"] ?? {}) as Record<string, string>;
  const manifest = applyOverrides(loadManifest(path.join(REPO_ROOT, "manifest.yaml")), overrides);
  return crossGuardConfigFile(manifest);
}
