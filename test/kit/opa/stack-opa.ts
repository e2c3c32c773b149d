import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runtimePolicies } from "../../../components/local-artifacts";
import { hostPaths } from "../../../components/naming";
import {
  OPA_POLICY_DIR,
  opaContainerArgs,
  opaDataFile,
} from "../../../components/render/opa-container";
import type { Manifest } from "../../../core/manifest";
import { launchOpa, type OpaServer } from "./opa-server";
import { REPO_ROOT } from "../repo-root";

/**
 * OPA as the stack runs it: the OPA container's own command line, with only its listen address
 * moved to loopback and its policy folder to a temp dir holding exactly the files the stack writes
 * to the host (the runtime policies and the manifest's data document).
 */
export async function startStackOpa(manifest: Manifest): Promise<OpaServer> {
  const dir = mkdtempSync(path.join(tmpdir(), "sd-stack-opa-"));
  const files = {
    ...runtimePolicies(path.join(REPO_ROOT, "policies/opa")),
    "data.json": opaDataFile(manifest),
  };
  for (const [file, content] of Object.entries(files)) writeFileSync(path.join(dir, file), content);
  const { command } = opaContainerArgs(manifest, hostPaths(manifest.service.name));
  const addr = command.indexOf("--addr");
  if (addr < 0 || command.at(-1) !== OPA_POLICY_DIR) {
    throw new Error(`unexpected OPA command line ${JSON.stringify(command)}: update this kit`);
  }
  return launchOpa(dir, (address) => [
    ...command.slice(0, addr + 1),
    address,
    ...command.slice(addr + 2, -1),
    "--skip-version-check",
    dir,
  ]);
}
