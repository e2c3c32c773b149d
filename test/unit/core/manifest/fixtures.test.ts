import { describe, expect, it } from "vitest";
import { formatWarning, parseManifestWithWarnings } from "../../../../core/manifest";
import { fixtures, problemsOf } from "../../../kit/manifest";

const expectations = (text: string, tag = "expect") =>
  text
    .split("\n")
    .filter((line) => line.startsWith(`# ${tag}: `))
    .map((line) => line.slice(`# ${tag}: `.length));

describe("invalid manifest fixtures", () => {
  it.each(fixtures("invalid"))(
    "%s reports exactly its expected problems, in file order",
    (name, text) => {
      const expected = expectations(text);
      expect(expected.length).toBeGreaterThan(0);
      expect(problemsOf(text, name)).toEqual(expected);
    },
  );
});

describe("valid manifest fixtures", () => {
  it.each(fixtures("valid"))("%s loads with exactly its `# warning:` lines", (name, text) => {
    const { manifest, warnings } = parseManifestWithWarnings(text, name);
    expect(manifest.apiVersion).toBe("swiftdeploy/v1");
    expect(warnings.map(formatWarning)).toEqual(expectations(text, "warning"));
  });
});
