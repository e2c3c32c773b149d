import { describe, expect, it } from "vitest";
import { LONG_LINE_PREFIX_BYTES, LineSplitter } from "../../../../detector/source/line-splitter";

function splitter(maxLineBytes = 256, chunkBytes = 1024) {
  const lines: string[] = [];
  const long: { prefix: string; length: number }[] = [];
  const ascii: boolean[] = [];
  const s = new LineSplitter(
    (buf, start, end, isAscii) => {
      lines.push(buf.toString("utf8", start, end));
      ascii.push(isAscii);
    },
    (prefix, length) => long.push({ prefix: prefix.toString("latin1").slice(0, 5), length }),
    maxLineBytes,
    chunkBytes,
  );
  const write = (bytes: Buffer): void => {
    let at = 0;
    while (at < bytes.length) {
      const space = s.space();
      const n = Math.min(space.length, bytes.length - at);
      bytes.copy(space.buf, space.offset, at, at + n);
      s.commit(n);
      at += n;
    }
  };
  return { s, lines, long, ascii, write };
}

describe("LineSplitter", () => {
  it("hands out complete lines and holds back a partial last line until its newline", () => {
    const t = splitter();
    t.write(Buffer.from("one\ntwo\nthr"));
    expect(t.lines).toEqual(["one", "two"]);
    expect(t.s.pending).toBe(3);
    expect(t.s.consumed).toBe(8);
    t.write(Buffer.from("ee\n"));
    expect(t.lines).toEqual(["one", "two", "three"]);
    expect(t.s.consumed).toBe(14);
  });

  it("drops a trailing carriage return and skips empty lines", () => {
    const t = splitter();
    t.write(Buffer.from("a\r\n\n\r\nb\n"));
    expect(t.lines).toEqual(["a", "b"]);
    expect(t.s.consumed).toBe(8);
  });

  it("splits the same way whatever the chunk boundaries", () => {
    const text =
      Array.from({ length: 200 }, (_, i) => `line-${i}-${"x".repeat(i % 50)}`).join("\n") + "\n";
    const whole = splitter(256, 600);
    whole.write(Buffer.from(text));
    const bytewise = splitter(256, 600);
    for (const byte of Buffer.from(text)) bytewise.write(Buffer.from([byte]));
    expect(bytewise.lines).toEqual(whole.lines);
    expect(whole.lines).toHaveLength(200);
  });

  it("reports a line over the limit once, with its length, and skips it without buffering it", () => {
    const t = splitter(256, 1024);
    const huge = "H".repeat(5000);
    t.write(Buffer.from(`ok1\n${huge}\nok2\n`));
    expect(t.lines).toEqual(["ok1", "ok2"]);
    expect(t.long).toHaveLength(1);
    expect(t.long[0]!.prefix).toBe("HHHHH");
    expect(t.s.consumed).toBe(4 + 5001 + 4);
  });

  it.each([
    ["inside one read", 65_536],
    ["spanning reads", 1024],
  ])("hands an over-long line's first bytes to its reader, %s", (_, chunkBytes) => {
    const prefixes: string[] = [];
    const s = new LineSplitter(
      () => undefined,
      (prefix, length) => prefixes.push(`${prefix.toString("latin1")}|${length}`),
      256,
      chunkBytes,
    );
    const head = Array.from({ length: 100 }, (_, i) => `f${i}`).join(",");
    const line = `${head}${"x".repeat(20_000)}`;
    const bytes = Buffer.from(`${line}\nnext\n`);
    for (let at = 0; at < bytes.length; ) {
      const space = s.space();
      const n = Math.min(space.length, bytes.length - at);
      bytes.copy(space.buf, space.offset, at, at + n);
      s.commit(n);
      at += n;
    }
    expect(prefixes).toEqual([`${line.slice(0, LONG_LINE_PREFIX_BYTES)}|${line.length}`]);
  });

  it("flushes an unfinished last line as a line", () => {
    const t = splitter();
    t.write(Buffer.from("a\nb"));
    t.s.flush();
    expect(t.lines).toEqual(["a", "b"]);
    expect(t.s.pending).toBe(0);
  });

  it("skips to the next line when reading starts inside one", () => {
    const t = splitter();
    t.s.skipLine();
    t.write(Buffer.from("tail of a line\nwhole\n"));
    expect(t.lines).toEqual(["whole"]);
  });

  it("marks lines of all-ASCII chunks so the UTF-8 check can be skipped", () => {
    const t = splitter();
    t.write(Buffer.from("plain\n"));
    t.write(Buffer.from("caf\u00e9\n"));
    expect(t.ascii).toEqual([true, false]);
  });
});
