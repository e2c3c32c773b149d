import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../../cli/run-cli";
import { recordingTerminal } from "../../../cli/shell/terminal";

const PEER = path.resolve(
  __dirname,
  "../../fixtures/manifests/peers/10Johnny__swiftdeploy-stage4a.yaml",
);
const HEADLINE =
  "manifest.yaml is in the original SwiftDeploy's form: 5 fields read differently or ignored (docs/manifest.md#the-legacy-form)";
const OPA_URL =
  "manifest.yaml:15:3 policy.opa_url: ignored: OPA is never published: it runs on the stack's private network and swiftdeploy reaches it through SSH, so there is no address to set";
const DISK =
  "manifest.yaml:17:5 policy.thresholds.min_disk_free_gb: read as policy.deploy.minDiskFreeGb: 10 (measured on the disk of Docker's data directory)";

describe("a peer's legacy manifest in the CLI", () => {
  let dir: string;
  const run = async (...argv: string[]) => {
    const term = recordingTerminal();
    const code = await runCli([...argv, "--project-dir", dir], term, { PATH: "/nonexistent" });
    return { code, out: term.stdout.join("\n"), err: term.stderr.join("\n") };
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "sd-peer-cli-"));
    copyFileSync(PEER, path.join(dir, "manifest.yaml"));
    // Port 1 and no SSH key: the host checks fail at once instead of reaching for a real host.
    writeFileSync(
      path.join(dir, "Pulumi.dev.yaml"),
      "config:\n  swiftdeploy:manifest: manifest.yaml\n  swiftdeploy:overrides:\n    host.port: 1\n",
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("validate passes the manifest check and lists what each extra field became", async () => {
    const { out } = await run("validate");
    const lines = out.split("\n");
    const check = lines.findIndex((line) => line.startsWith("pass  manifest schema"));
    expect(check).toBeGreaterThanOrEqual(0);
    expect(lines.slice(check + 1, check + 4)).toEqual([
      `      ${HEADLINE}`,
      `        ${OPA_URL}`,
      `        ${DISK}`,
    ]);
  });

  it("init prints the warnings on stderr, and OPA's data carries the thresholds read", async () => {
    const { code, out, err } = await run("init");
    expect(code).toBe(0);
    expect(err.split("\n").slice(0, 3)).toEqual([HEADLINE, `  ${OPA_URL}`, `  ${DISK}`]);
    expect(out).not.toContain("manifest.yaml");
    const data = JSON.parse(
      readFileSync(path.join(dir, ".swiftdeploy/generated/dev/opa/data.json"), "utf8"),
    ) as { thresholds: { deploy: object; promotion: object } };
    expect(data.thresholds.deploy).toMatchObject({ min_disk_free_gb: 10, max_load_per_cpu: 2 });
    expect(data.thresholds.promotion).toMatchObject({ max_error_rate: 0.01, max_p99_ms: 500 });
  });
});
