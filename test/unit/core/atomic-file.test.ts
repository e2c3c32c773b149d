import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  appendFileWhole,
  backupOf,
  readJsonWithBackup,
  writeFileAtomic,
  type WriterFs,
} from "../../../core/atomic-file";

const dirs: string[] = [];
function tmpFile(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sd-atomic-"));
  dirs.push(dir);
  return path.join(dir, name);
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const enospc = () =>
  Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });

/** node:fs whose writes take at most `room` more bytes in total, then fail with ENOSPC. */
function diskWithRoom(
  room: number,
  overrides: Partial<WriterFs> = {},
): WriterFs & { writes: number } {
  const twin = {
    ...(fs as WriterFs),
    writes: 0,
    writeSync(fd: number, data: Uint8Array): number {
      twin.writes++;
      if (room <= 0) throw enospc();
      const n = fs.writeSync(fd, data.subarray(0, Math.min(room, data.length)));
      room -= n;
      return n;
    },
    ...overrides,
  };
  return twin;
}

const others = (file: string) =>
  fs.readdirSync(path.dirname(file)).filter((f) => f !== path.basename(file));

describe("writeFileAtomic", () => {
  it("writes every byte when the kernel takes a write in several short pieces", () => {
    const file = tmpFile("bans.json");
    let calls = 0;
    const dribble: WriterFs = {
      ...(fs as WriterFs),
      writeSync: (fd, data) => {
        calls++;
        return fs.writeSync(fd, data.subarray(0, 7));
      },
    };
    const text = "x".repeat(100);
    writeFileAtomic(file, text, { fs: dribble });
    expect(fs.readFileSync(file, "utf8")).toBe(text);
    expect(calls).toBe(15);
  });

  it("keeps the old file and removes the temporary one when the disk fills part-way", () => {
    const file = tmpFile("bans.json");
    fs.writeFileSync(file, '["old"]');
    const disk = diskWithRoom(10);
    expect(() => writeFileAtomic(file, "y".repeat(100), { fs: disk })).toThrow(
      `cannot write ${file}: ENOSPC: no space left on device, write; the previous content is kept`,
    );
    expect(disk.writes).toBe(2);
    expect(fs.readFileSync(file, "utf8")).toBe('["old"]');
    expect(others(file)).toEqual([]);
  });

  it("fails on a write that makes no progress instead of looping or renaming a short file", () => {
    const file = tmpFile("bans.json");
    fs.writeFileSync(file, '["old"]');
    const stuck: WriterFs = { ...(fs as WriterFs), writeSync: () => 0 };
    expect(() => writeFileAtomic(file, "new", { fs: stuck })).toThrow(
      /short write: 0 of 3 bytes written; the previous content is kept\n {2}- free space on the file system that holds/,
    );
    expect(fs.readFileSync(file, "utf8")).toBe('["old"]');
    expect(others(file)).toEqual([]);
  });

  it.each([
    [
      "fsync",
      {
        fsyncSync: () => {
          throw enospc();
        },
      },
    ],
    [
      "close",
      {
        closeSync: (fd: number) => {
          fs.closeSync(fd);
          throw enospc();
        },
      },
    ],
    [
      "rename",
      {
        renameSync: () => {
          throw Object.assign(new Error("EXDEV"), { code: "EXDEV" });
        },
      },
    ],
  ] as [string, Partial<WriterFs>][])(
    "keeps the old file and removes the temporary one when %s fails",
    (_step, override) => {
      const file = tmpFile("bans.json");
      fs.writeFileSync(file, '["old"]');
      expect(() => writeFileAtomic(file, "new", { fs: diskWithRoom(1 << 20, override) })).toThrow(
        /SD_WRITE_FAILED|cannot write/,
      );
      expect(fs.readFileSync(file, "utf8")).toBe('["old"]');
      expect(others(file)).toEqual([]);
    },
  );

  it("keeps the replaced content as .bak, and a failed write leaves both untouched", () => {
    const file = tmpFile("bans.json");
    writeFileAtomic(file, "[1]", { backup: true });
    expect(fs.existsSync(backupOf(file))).toBe(false);
    writeFileAtomic(file, "[1,2]", { backup: true });
    expect(fs.readFileSync(backupOf(file), "utf8")).toBe("[1]");
    expect(() => writeFileAtomic(file, "[1,2,3]", { backup: true, fs: diskWithRoom(2) })).toThrow(
      /ENOSPC/,
    );
    expect(fs.readFileSync(file, "utf8")).toBe("[1,2]");
    expect(fs.readFileSync(backupOf(file), "utf8")).toBe("[1]");
  });

  it("sets the mode it is given whatever the umask, and otherwise keeps the old file's", () => {
    const file = tmpFile("deny.conf");
    const umask = process.umask(0o077);
    try {
      writeFileAtomic(file, "a", { mode: 0o644 });
      expect(fs.statSync(file).mode & 0o777).toBe(0o644);
      fs.chmodSync(file, 0o640);
      writeFileAtomic(file, "b");
      expect(fs.statSync(file).mode & 0o777).toBe(0o640);
      const fresh = tmpFile("new.json");
      writeFileAtomic(fresh, "c");
      expect(fs.statSync(fresh).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(umask);
    }
  });
});

describe("appendFileWhole", () => {
  it("cuts a half-written record back off, so the next append starts on a clean line", () => {
    const file = tmpFile("audit.jsonl");
    appendFileWhole(file, '{"n":1}\n');
    expect(() => appendFileWhole(file, '{"n":2}\n', { fs: diskWithRoom(3) })).toThrow(
      `cannot write ${file}: ENOSPC: no space left on device, write; nothing was appended`,
    );
    expect(fs.readFileSync(file, "utf8")).toBe('{"n":1}\n');
    appendFileWhole(file, '{"n":3}\n');
    expect(fs.readFileSync(file, "utf8")).toBe('{"n":1}\n{"n":3}\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe("readJsonWithBackup", () => {
  it("reads the file itself when it parses", () => {
    const file = tmpFile("bans.json");
    writeFileAtomic(file, "[1]", { backup: true });
    writeFileAtomic(file, "[2]", { backup: true });
    expect(readJsonWithBackup(file)).toEqual({ value: [2], damaged: false, problems: [] });
  });

  it("falls back to the backup when the file is truncated, and says the state is damaged", () => {
    const file = tmpFile("bans.json");
    writeFileAtomic(file, "[1]", { backup: true });
    writeFileAtomic(file, "[1,2]", { backup: true });
    fs.writeFileSync(file, "[1,");
    const read = readJsonWithBackup(file);
    expect(read).toMatchObject({ value: [1], damaged: true });
    expect(read.problems).toEqual([
      expect.stringMatching(
        new RegExp(`^${file}: .*JSON.*; using ${backupOf(file)} \\(one save older\\)$`),
      ),
    ]);
  });

  it("is absent and undamaged when neither exists, damaged when both are unusable", () => {
    const file = tmpFile("bans.json");
    expect(readJsonWithBackup(file)).toEqual({ value: undefined, damaged: false, problems: [] });
    fs.writeFileSync(file, "{");
    fs.writeFileSync(backupOf(file), "");
    const read = readJsonWithBackup(file);
    expect(read).toMatchObject({ value: undefined, damaged: true });
    expect(read.problems[0]).toMatch(/ignoring both$/);
  });

  it("treats a missing file beside a backup as damaged and uses the backup", () => {
    const file = tmpFile("bans.json");
    fs.writeFileSync(backupOf(file), "[7]");
    expect(readJsonWithBackup(file)).toEqual({
      value: [7],
      damaged: true,
      problems: [`${file}: missing beside its backup; using ${backupOf(file)} (one save older)`],
    });
  });
});
