import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse, parseDocument } from "yaml";
import { crossGuardConfigFile } from "../../../components/render/generated-files";
import { applyOverrides, loadManifest, type Manifest } from "../../../core/manifest";
import { pulumi, type CliResult } from "../pulumi/pulumi-cli";
import { buildSandbox, pulumiEnv, type PulumiEnv } from "../pulumi/pulumi-env";
import { REPO_ROOT } from "../repo-root";
import type { TestHost } from "../host/test-host";

/** The repo's own program and Pulumi.dev.yaml, deployed onto a test host from a temp backend. */
export interface DevStack {
  readonly stack: string;
  /** Runs `pulumi <args> --stack <stack> --config-file <temp config>` in the project folder. */
  run(args: readonly string[]): Promise<CliResult>;
  /** `pulumi up` with the CrossGuard pack and the config rendered from the manifest. */
  up(extra?: readonly string[]): Promise<CliResult>;
  /** `pulumi preview` with the CrossGuard pack (the program refuses to run without it). */
  preview(extra?: readonly string[]): Promise<CliResult>;
  /** Sets swiftdeploy:allowUnguarded, for runs that measure the engine without the pack. */
  allowUnguarded(): void;
  /** Sets a manifest override (`swiftdeploy:overrides`) in the temp stack config. */
  setOverride(field: string, value: string | number | boolean): void;
  /** manifest.yaml with the temp config's overrides: what the stack deploys. */
  manifest(): Manifest;
  /** Stack outputs as JSON. */
  outputs(): Promise<Record<string, unknown>>;
  cleanup(): void;
  /** `pulumi destroy` (its result not checked: an afterAll tidying up), then cleanup(). */
  destroy(): Promise<void>;
}

/**
 * Copies Pulumi.dev.yaml to a temp file pointed at `host` (address and key) and creates the stack
 * in a temp backend. The repo's files are never modified.
 */
/** `pulumi up` argv with the CrossGuard pack and its config file, as an operator runs it. */
export function guardedUpArgs(policyConfig: string, extra: readonly string[] = []): string[] {
  return [
    "up",
    "--yes",
    "--skip-preview",
    "--policy-pack",
    path.join(REPO_ROOT, "policies/crossguard"),
    "--policy-pack-config",
    policyConfig,
    ...extra,
  ];
}

export async function devStack(label: string, host: TestHost): Promise<DevStack> {
  buildSandbox();
  // The repo's Pulumi.dev.yaml carries the dev stack's salt, made with the public dev passphrase.
  const env: PulumiEnv = pulumiEnv(label, "swiftdeploy-local-testbed");
  const dir = mkdtempSync(path.join(tmpdir(), `sd-stack-${label}-`));
  const configFile = path.join(dir, "Pulumi.dev.yaml");
  const doc = parseDocument(readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8"));
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
  const cleanup = () => {
    rmSync(dir, { recursive: true, force: true });
    env.cleanup();
  };
  return {
    stack,
    run,
    up: async (extra = []) => {
      writeFileSync(policyConfig, renderPolicyConfig(configFile));
      return run(guardedUpArgs(policyConfig, extra));
    },
    preview: (extra = []) =>
      run(["preview", "--policy-pack", path.join(REPO_ROOT, "policies/crossguard"), ...extra]),
    allowUnguarded: () => {
      doc.setIn(["config", "swiftdeploy:allowUnguarded"], true);
      save();
    },
    setOverride: (field, value) => {
      doc.setIn(["config", "swiftdeploy:overrides", field], value);
      save();
    },
    manifest: () => deployedManifest(configFile),
    outputs: async () => {
      const result = await pulumi(env, REPO_ROOT, ["stack", "output", "--json", "--stack", stack]);
      return JSON.parse(result.stdout) as Record<string, unknown>;
    },
    cleanup,
    destroy: async () => {
      await run(["destroy", "--yes", "--skip-preview"]);
      cleanup();
    },
  };
}

function deployedManifest(configFile: string): Manifest {
  const config = (parse(readFileSync(configFile, "utf8")) as { config: Record<string, unknown> })
    .config;
  const overrides = (config["swiftdeploy:overrides"] ?? {}) as Record<string, string>;
  return applyOverrides(loadManifest(path.join(REPO_ROOT, "manifest.yaml")), overrides);
}

/** The CrossGuard config `swiftdeploy init` renders, for the manifest as the temp config overrides it. */
function renderPolicyConfig(configFile: string): string {
  return crossGuardConfigFile(deployedManifest(configFile));
}
