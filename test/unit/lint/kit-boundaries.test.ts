import path from "node:path";
import { describe, expect, it } from "vitest";
import { benchImportsOfTest, KIT, kitFolders, outsideKit } from "./kit-boundaries";

const ROOT = path.resolve(__dirname, "../../..");
const FIXTURES = "test/unit/lint/fixtures/";
const FIXTURE = path.join(ROOT, "test/unit/lint/fixtures/kit-boundaries");

describe("the kit boundaries, on a fixture that breaks both", () => {
  it("reports a bench file importing test/ outside test/kit/, and only that one", () => {
    expect(benchImportsOfTest(FIXTURE)).toEqual([
      "bench/bad.ts -> test/e2e/level-helper.ts",
      "bench/good.ts -> test/kit/helper.ts",
    ]);
    expect(outsideKit(benchImportsOfTest(FIXTURE))).toEqual([
      "bench/bad.ts -> test/e2e/level-helper.ts",
    ]);
  });

  it("reports a kit folder other than test/kit/", () => {
    expect(kitFolders(FIXTURE)).toEqual([KIT, "test/unit/kit/"]);
  });
});

describe("the kit boundaries of the repository", () => {
  it("has one kit folder, test/kit/", () => {
    expect(kitFolders(ROOT, [FIXTURES])).toEqual([KIT]);
  });

  it("lets bench/ import from test/ only through test/kit/", () => {
    const edges = benchImportsOfTest(ROOT, [FIXTURES]);
    // bench/ does use the kit (detector enforce benches, the stack bench): the check sees edges
    expect(edges.length).toBeGreaterThan(5);
    expect(outsideKit(edges)).toEqual([]);
  });
});
