import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SwiftDeployError } from "../../../core/errors";
import {
  assertGuarded,
  GUARD_PACK,
  pulumiCliPid,
  writeGuardMarker,
  type ProcessEntry,
  type ProcessLookup,
} from "../../../core/policy-guard";

// 1 init ← 100 pulumi ← 200 language host ← 300 program; 200 ← 400 pack. 900: another pulumi.
const TABLE: Record<number, ProcessEntry> = {
  100: { ppid: 1, name: "pulumi" },
  200: { ppid: 100, name: "pulumi-language" },
  300: { ppid: 200, name: "node" },
  400: { ppid: 200, name: "node" },
  900: { ppid: 1, name: "pulumi" },
  901: { ppid: 900, name: "node" },
};
const lookup: ProcessLookup = (pid) => TABLE[pid];
const run = { project: "swiftdeploy", stack: "prod" };
const marker = { pack: GUARD_PACK, ...run, cliPid: 100, packPid: 400 };

function failure(fn: () => void): SwiftDeployError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SwiftDeployError) return error;
    throw error;
  }
  throw new Error("expected SD_UNGUARDED");
}

describe("the program refuses to run without the CrossGuard pack", () => {
  let dir: string;
  beforeEach(() => {
    dir = path.join(mkdtempSync(path.join(tmpdir(), "sd-guard-")), "markers");
  });
  afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  it("finds the pulumi process a program descends from", () => {
    expect(pulumiCliPid(300, lookup)).toBe(100);
    expect(pulumiCliPid(400, lookup)).toBe(100);
    expect(pulumiCliPid(1234, lookup)).toBeUndefined();
  });

  it("runs when the pack serves the same pulumi process for the same stack", () => {
    writeGuardMarker(marker, dir, lookup);
    expect(() => assertGuarded(run, { pid: 300, dir, lookup })).not.toThrow();
  });

  it("stops a plain pulumi up with SD_UNGUARDED, saying how to run it guarded or allow it", () => {
    const error = failure(() => assertGuarded(run, { pid: 300, dir, lookup }));
    expect(error.code).toBe("SD_UNGUARDED");
    expect(error.message).toContain("refusing to run stack prod without the CrossGuard pack");
    expect(error.message).toContain("no policy pack was loaded by this pulumi (pid 100)");
    expect(error.message).toContain("--policy-pack policies/crossguard");
    expect(error.message).toContain(
      "pulumi config set --stack prod swiftdeploy:allowUnguarded true",
    );
  });

  it("is not fooled by a pack serving another pulumi process at the same time", () => {
    writeGuardMarker({ ...marker, cliPid: 900, packPid: 901 }, dir, lookup);
    expect(failure(() => assertGuarded(run, { pid: 300, dir, lookup })).code).toBe("SD_UNGUARDED");
  });

  it.each([
    [{ stack: "dev" }, "configured for swiftdeploy/dev, not swiftdeploy/prod"],
    [{ packPid: 555 }, "the pack's process (pid 555) is gone"],
    [{ pack: "other-pack" }, "the pack loaded is other-pack"],
  ])("refuses a marker that does not fit (%o)", (change, reason) => {
    writeGuardMarker({ ...marker, ...change }, dir, lookup);
    expect(failure(() => assertGuarded(run, { pid: 300, dir, lookup })).message).toContain(reason);
  });

  it("refuses a program not started by pulumi", () => {
    expect(failure(() => assertGuarded(run, { pid: 1234, dir, lookup })).message).toContain(
      "not started by a `pulumi` process",
    );
  });

  it("removes the markers of pulumi processes that ended when it writes one", () => {
    writeGuardMarker({ ...marker, cliPid: 777 }, dir, lookup);
    writeGuardMarker(marker, dir, lookup);
    expect(readdirSync(dir)).toEqual(["100.json"]);
  });
});
