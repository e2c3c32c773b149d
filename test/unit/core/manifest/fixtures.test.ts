import { describe, expect, it } from "vitest";
import { parseManifest } from "../../../../core/manifest";
import { fixtures, problemsOf } from "../../kit/manifest";

const expectations = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.startsWith("# expect: "))
    .map((line) => line.slice("# expect: ".length));

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
  it.each(fixtures("valid"))("%s loads", (name, text) => {
    expect(parseManifest(text, name).apiVersion).toBe("swiftdeploy/v1");
  });
});
