// The legacy form's warnings as the Pulumi program emits them (index.ts: one pulumi.log.warn per
// line), through the real engine, into the progress lines `swiftdeploy deploy` prints.
import * as pulumi from "@pulumi/pulumi";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProgressReporter } from "../../../cli/engine/progress";
import { loadManifestWithWarnings, warningLines } from "../../../core/manifest";
import type { InlineStack } from "../../kit/pulumi/inline-stack";
import { inlineStack } from "../../kit/pulumi/inline-stack";
import { REPO_ROOT } from "../../kit/repo-root";

const PEER = path.join(REPO_ROOT, "test/fixtures/manifests/peers/ukemeikot__swiftdeploy.yaml");

describe("a legacy manifest's warnings in pulumi preview/up", () => {
  let stack: InlineStack;
  const expected = warningLines(loadManifestWithWarnings(PEER).warnings, "manifest.yaml");

  beforeAll(async () => {
    stack = await inlineStack("sd-legacy-warnings", async () => {
      const loaded = loadManifestWithWarnings(PEER);
      for (const line of warningLines(loaded.warnings, "manifest.yaml")) pulumi.log.warn(line);
      return {};
    });
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it("reach swiftdeploy's progress lines whole, one per field, in file order", async () => {
    const printed: string[] = [];
    const reporter = new ProgressReporter(
      (line) => printed.push(line),
      () => 0,
    );
    await stack.stack.preview({ onEvent: (event) => reporter.onEvent(event) });
    const warnings = printed
      .map((line) => /^\[ {2}0 s\] warning: (.*)$/.exec(line)?.[1])
      .filter((line): line is string => line !== undefined);
    expect(expected).toHaveLength(18);
    expect(warnings).toEqual(expected);
  });
});
