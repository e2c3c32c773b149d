import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../../../../core/manifest";
import { editReleaseText } from "../../../../cli/release/manifest-edit";

const FIXTURE = path.resolve(__dirname, "../../../fixtures/cli/manifest-canary.yaml");
const withCanary = readFileSync(FIXTURE, "utf8");
const withoutCanary = withCanary.replace('  canary:\n    version: "1.1.0"\n    weight: 10\n', "");

/** Lines of `after` that differ from `before`, when both have the same number of lines. */
function changedLines(before: string, after: string): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  expect(b.length).toBe(a.length);
  return b.filter((line, i) => line !== a[i]);
}

describe("editReleaseText", () => {
  it("starts a canary after stable and leaves every other byte as it was", () => {
    const after = editReleaseText(
      withoutCanary,
      { kind: "start-canary", version: "1.2.0", weight: 25 },
      "manifest.yaml",
    );
    expect(after).toBe(
      withoutCanary.replace(
        '    version: "1.0.0"\n',
        '    version: "1.0.0"\n  canary:\n    version: "1.2.0"\n    weight: 25\n',
      ),
    );
    expect(parseManifest(after, "manifest.yaml").release).toEqual({
      stable: { version: "1.0.0" },
      canary: { version: "1.2.0", weight: 25 },
    });
  });

  it("changes only the version and weight lines of a running canary", () => {
    const after = editReleaseText(
      withCanary,
      { kind: "start-canary", version: "1.1.1", weight: 50 },
      "manifest.yaml",
    );
    expect(changedLines(withCanary, after)).toEqual(['    version: "1.1.1"', "    weight: 50"]);
  });

  it("sets a weight without touching the comment after it", () => {
    const commented = withCanary.replace("    weight: 10\n", "    weight: 10 # first step\n");
    const after = editReleaseText(commented, { kind: "set-weight", weight: 0 }, "manifest.yaml");
    expect(changedLines(commented, after)).toEqual(["    weight: 0 # first step"]);
  });

  it("promotes: stable takes the canary's version, the canary block goes, comments stay in place", () => {
    const after = editReleaseText(
      withCanary,
      { kind: "promote", version: "1.1.0" },
      "manifest.yaml",
    );
    expect(after).toBe(withoutCanary.replace('    version: "1.0.0"\n', '    version: "1.1.0"\n'));
    expect(after).toContain("  deploy: # may we deploy onto this host?\n");
    expect(after).toContain(
      "# Which versions run. The canary gets `weight` percent of the requests (0-100); delete the canary\n",
    );
  });

  it("removes the canary block alone", () => {
    expect(editReleaseText(withCanary, { kind: "remove-canary" }, "manifest.yaml")).toBe(
      withoutCanary,
    );
  });

  it("edits a flow-style release through the Document API, keeping the comments", () => {
    const flow =
      'apiVersion: swiftdeploy/v1 # the format\nservice: { name: api }\nrelease: { stable: { version: "1" } } # versions\n';
    const after = editReleaseText(
      flow,
      { kind: "start-canary", version: "2", weight: 5 },
      "m.yaml",
    );
    expect(after).toContain("# the format");
    expect(after).toContain("# versions");
    expect(parseManifest(after, "m.yaml").release).toEqual({
      stable: { version: "1" },
      canary: { version: "2", weight: 5 },
    });
  });

  it("refuses the legacy form, which has no release section, and says how to convert", () => {
    const legacy =
      'services: { image: app:1, port: 3000, mode: stable, version: "1.0.0" }\nnginx: { image: nginx:1, port: 8080 }\nnetwork: { name: net }\n';
    expect(() =>
      editReleaseText(legacy, { kind: "start-canary", version: "2", weight: 10 }, "manifest.yaml"),
    ).toThrow(
      /manifest.yaml uses the legacy form .*\n.*convert it to the v1 form \(apiVersion: swiftdeploy\/v1/,
    );
  });
});
