import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../../../detector/cli/load-settings";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sd-detector-settings-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

describe("loadSettings", () => {
  it("gives the defaults without a file", () => {
    expect(loadSettings(undefined).windowSeconds).toBe(60);
  });

  it("reads YAML in the manifest's detector: shape", () => {
    const p = file(
      "ok.yaml",
      "windowSeconds: 30\nallowlist:\n  - 10.0.0.0/8\nrules:\n  zScore:\n    threshold: 4\n",
    );
    const s = loadSettings(p);
    expect(s).toMatchObject({
      windowSeconds: 30,
      allowlist: ["10.0.0.0/8"],
      rules: { zScore: { threshold: 4 } },
    });
  });

  it("reads JSON", () => {
    expect(loadSettings(file("ok.json", '{"ipv6Prefix": 48}')).ipv6Prefix).toBe(48);
  });

  it("names the file, line and field of each invalid setting", () => {
    const p = file(
      "bad.yaml",
      "windowSeconds: 60\nallowlist:\n  - 10.0.0.0/8\n  - nonsense\nrules:\n  minRequests: 0\n",
    );
    expect(() => loadSettings(p)).toThrow(
      new RegExp(
        `has invalid detector settings\\n  - ${p}:4: allowlist.1: "nonsense" is not an IPv4/IPv6 address or CIDR.*\\n  - ${p}:6: rules.minRequests: Too small`,
      ),
    );
  });

  it("says when the file is not YAML or JSON", () => {
    expect(() => loadSettings(file("broken.yaml", "a: [1, 2\n"))).toThrow(
      /is not valid YAML\/JSON/,
    );
  });

  it("says when the file cannot be read", () => {
    expect(() => loadSettings(path.join(dir, "missing.yaml"))).toThrow(
      /cannot read config file .*missing.yaml: ENOENT/,
    );
  });
});
