import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StateStore } from "../../../../detector/state/state-store";

const dirs: string[] = [];
function store(): StateStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sd-state-"));
  dirs.push(dir);
  const s = new StateStore(dir);
  s.prepare();
  return s;
}
afterEach(() => {
  vi.restoreAllMocks();
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

const PERMANENT = {
  ip: "203.0.113.4",
  family: 4,
  prefix: 32,
  step: 4,
  lastOffenceMs: 1,
  bannedAtMs: 1,
  untilMs: null,
  releasedMs: 0,
};

/** The disk fills up after `room` more bytes: a write stops short there, the next one fails. */
function diskFullAfter(room: number): void {
  const real = fs.writeSync.bind(fs);
  vi.spyOn(fs, "writeSync").mockImplementation((fd: number, data: unknown) => {
    const bytes = typeof data === "string" ? Buffer.from(data) : Buffer.from(data as Uint8Array);
    if (room <= 0)
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    const written = real(fd, bytes.subarray(0, Math.min(room, bytes.length)));
    room -= written;
    return written;
  });
}

describe("the state store on a full disk", () => {
  it("keeps the previous bans.json whole when a write stops short, and leaves no temporary file", () => {
    const s = store();
    s.saveBans([PERMANENT]);
    const before = fs.readFileSync(s.file("bans.json"), "utf8");
    diskFullAfter(40);
    const bigger = [
      PERMANENT,
      ...Array.from({ length: 50 }, (_, i) => ({ ...PERMANENT, ip: `192.0.2.${i}` })),
    ];
    expect(() => s.saveBans(bigger)).toThrow(/ENOSPC|short write|no space/i);
    vi.restoreAllMocks();
    expect(fs.readFileSync(s.file("bans.json"), "utf8")).toBe(before);
    expect(s.load()).toMatchObject({ bans: [PERMANENT], problems: [] });
    expect(fs.readdirSync(s.dir).filter((f) => f.includes("tmp"))).toEqual([]);
  });
});

describe("the state store reading damaged state", () => {
  it("restores bans from bans.json.bak when bans.json is truncated, and reports it", () => {
    const s = store();
    s.saveBans([PERMANENT]);
    s.saveBans([PERMANENT, { ...PERMANENT, ip: "192.0.2.1" }]);
    fs.writeFileSync(s.file("bans.json"), '[{"ip":"203.0');
    const saved = s.load();
    expect(saved.bans).toEqual([PERMANENT]);
    expect(saved.problems).toEqual([
      expect.stringMatching(/bans\.json: .*; using .*bans\.json\.bak \(one save older\)$/),
    ]);
  });

  it("keeps no backup of the read offset (rewritten every poll; an older one would re-read lines)", () => {
    const s = store();
    const position = { path: "/var/log/a", dev: 1, ino: 2, offset: 3, head: "x" };
    s.savePosition(position, true);
    s.savePosition({ ...position, offset: 4 }, true);
    expect(fs.readdirSync(s.dir).sort()).toEqual(["offset.json"]);
  });
});
