import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { contextDigest } from "../../../../../sandbox/providers/docker/context-digest";

describe("contextDigest", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("changes with a context file, not with a .dockerignore'd one", () => {
    dir = mkdtempSync(path.join(tmpdir(), "sd-digest-"));
    writeFileSync(path.join(dir, "Dockerfile"), "FROM scratch\n");
    writeFileSync(path.join(dir, "app.js"), "1");
    writeFileSync(path.join(dir, "debug.log"), "a");
    writeFileSync(path.join(dir, ".dockerignore"), "# logs\n*.log\n");
    const first = contextDigest(dir, path.join(dir, "Dockerfile"));
    writeFileSync(path.join(dir, "debug.log"), "b");
    expect(contextDigest(dir, path.join(dir, "Dockerfile"))).toBe(first);
    writeFileSync(path.join(dir, "app.js"), "2");
    expect(contextDigest(dir, path.join(dir, "Dockerfile"))).not.toBe(first);
  });
});
