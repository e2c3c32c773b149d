import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../core/clock";
import { nodeFileAccess } from "../../../detector/io/node-file-access";
import type { FollowPosition } from "../../../detector/source/file-access";
import { LogFollower, type FollowOptions } from "../../../detector/source/log-follower";
import { append, tempDir } from "../../kit/detector/files";

const OPTIONS: FollowOptions = {
  startAt: "start",
  maxLineBytes: 1024,
  rotateGraceMs: 2000,
  chunkBytes: 4096,
};

let tmp = tempDir("follow");
afterEach(() => {
  tmp.cleanup();
  tmp = tempDir("follow");
});

function follower(options: Partial<FollowOptions> = {}, saved?: FollowPosition) {
  const lines: string[] = [];
  const long: number[] = [];
  const clock = new ManualClock(0);
  const file = tmp.file("access.log");
  const f = new LogFollower(
    nodeFileAccess,
    file,
    { ...OPTIONS, ...options },
    (buf, start, end) => lines.push(buf.toString("utf8", start, end)),
    (_prefix, length) => long.push(length),
    clock,
    saved,
  );
  return { f, lines, long, clock, file };
}

const numbered = (from: number, to: number, tag = "l"): string =>
  Array.from({ length: to - from }, (_, i) => `${tag}${from + i}\n`).join("");

describe("following a real file", () => {
  it("starts at the end of an existing file and reads only what is appended", () => {
    const t = follower({ startAt: "end" });
    append(t.file, numbered(0, 5));
    t.f.poll();
    expect(t.lines).toEqual([]);
    append(t.file, numbered(5, 7));
    t.f.poll();
    expect(t.lines).toEqual(["l5", "l6"]);
  });

  it("starting at the end inside a line, skips to the next whole line", () => {
    append(tmp.file("access.log"), "l0\nhalf-writ");
    const t = follower({ startAt: "end" });
    t.f.poll();
    append(t.file, "ten\nl1\n");
    t.f.poll();
    expect(t.lines).toEqual(["l1"]);
  });

  it("waits for a file that does not exist yet, then reads it from its start", () => {
    const t = follower({ startAt: "end" });
    t.f.poll();
    expect(t.f.takeEvents().map((e) => e.kind)).toEqual(["missing"]);
    append(t.file, numbered(0, 3));
    t.f.poll();
    expect(t.lines).toEqual(["l0", "l1", "l2"]);
  });

  it("holds a partially written last line until its newline arrives, and saves the offset before it", () => {
    const t = follower();
    append(t.file, 'l0\n{"source_ip":"10.0');
    t.f.poll();
    expect(t.lines).toEqual(["l0"]);
    expect(t.f.position()?.offset).toBe(3);
    expect(t.f.pendingBytes()).toBe(18);
    append(t.file, '.0.1"}\n');
    t.f.poll();
    expect(t.lines).toEqual(["l0", '{"source_ip":"10.0.0.1"}']);
    expect(t.f.position()?.offset).toBe(fs.statSync(t.file).size);
  });

  it("survives rotation by rename: drains what the writer still adds to the old file, then reads the new one", () => {
    const t = follower();
    const writer = fs.openSync(t.file, "a");
    fs.writeSync(writer, numbered(0, 3));
    t.f.poll();
    fs.renameSync(t.file, `${t.file}.1`);
    fs.writeSync(writer, numbered(3, 5)); // the writer has not reopened yet
    append(t.file, numbered(0, 2, "n"));
    t.f.poll();
    fs.writeSync(writer, numbered(5, 6)); // late line, within the grace period
    fs.closeSync(writer);
    t.clock.advance(2000);
    t.f.poll();
    append(t.file, numbered(2, 3, "n"));
    t.f.poll();
    expect(t.lines).toEqual(["l0", "l1", "l2", "l3", "l4", "n0", "n1", "l5", "n2"]);
    expect(t.f.takeEvents().map((e) => e.kind)).toEqual(["opened", "rotated", "closed-old"]);
  });

  it("survives copytruncate: notices the shrink and reads the file again from its start", () => {
    const t = follower();
    append(t.file, numbered(0, 4));
    t.f.poll();
    fs.copyFileSync(t.file, `${t.file}.1`);
    fs.truncateSync(t.file, 0);
    append(t.file, numbered(0, 2, "n"));
    t.f.poll();
    expect(t.lines).toEqual(["l0", "l1", "l2", "l3", "n0", "n1"]);
    expect(t.f.takeEvents().map((e) => e.kind)).toEqual(["opened", "truncated"]);
  });

  it("notices a truncation even when the file grew past the old offset before the next poll", () => {
    const t = follower();
    append(t.file, numbered(0, 3, "first-generation-line-with-some-length-"));
    t.f.poll();
    fs.truncateSync(t.file, 0);
    append(t.file, numbered(0, 6, "second-generation-line-that-is-even-longer-"));
    t.f.poll();
    expect(t.lines.slice(3)).toEqual(
      Array.from({ length: 6 }, (_, i) => `second-generation-line-that-is-even-longer-${i}`),
    );
  });

  it("keeps reading a deleted file's last lines, then follows the file recreated at the path", () => {
    const t = follower();
    append(t.file, numbered(0, 2));
    t.f.poll();
    const writer = fs.openSync(t.file, "a");
    fs.unlinkSync(t.file);
    fs.writeSync(writer, numbered(2, 3));
    fs.closeSync(writer);
    t.f.poll();
    expect(t.f.takeEvents().map((e) => e.kind)).toEqual(["opened", "missing"]);
    append(t.file, numbered(0, 2, "n"));
    t.f.poll();
    expect(t.lines).toEqual(["l0", "l1", "l2", "n0", "n1"]);
  });

  it("skips a line longer than the limit without buffering it and keeps going", () => {
    const t = follower();
    append(t.file, `l0\n${"x".repeat(50_000)}\nl1\n`);
    t.f.poll();
    expect(t.lines).toEqual(["l0", "l1"]);
    expect(t.long).toEqual([50_000]);
  });

  it("resumes exactly at a saved offset after a restart: no line twice, none skipped", () => {
    const a = follower();
    append(a.file, numbered(0, 3));
    a.f.poll();
    append(a.file, "l3-partial");
    a.f.poll();
    const saved = JSON.parse(JSON.stringify(a.f.position())) as FollowPosition;
    a.f.close();
    append(a.file, "\n" + numbered(4, 6));
    const b = follower({ startAt: "end" }, saved);
    b.f.poll();
    expect(b.lines).toEqual(["l3-partial", "l4", "l5"]);
  });

  it("after a restart, finishes a file rotated while stopped before the new one", () => {
    const a = follower();
    append(a.file, numbered(0, 2));
    a.f.poll();
    const saved = a.f.position()!;
    a.f.close();
    append(a.file, numbered(2, 4));
    fs.renameSync(a.file, `${a.file}.1`);
    append(a.file, numbered(0, 2, "n"));
    const b = follower({}, saved);
    b.f.poll();
    b.clock.advance(5000);
    b.f.poll();
    expect(b.lines).toEqual(["l2", "l3", "n0", "n1"]);
  });

  it("after a restart, reads from the start a file truncated while stopped", () => {
    const a = follower();
    append(a.file, numbered(0, 5));
    a.f.poll();
    const saved = a.f.position()!;
    a.f.close();
    fs.truncateSync(a.file, 0);
    append(a.file, numbered(0, 2, "n"));
    const b = follower({}, saved);
    b.f.poll();
    expect(b.lines).toEqual(["n0", "n1"]);
    expect(b.f.takeEvents().map((e) => e.kind)).toEqual(["truncated"]);
  });
});
