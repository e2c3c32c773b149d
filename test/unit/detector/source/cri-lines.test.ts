import { describe, expect, it } from "vitest";
import { CriLineDecoder } from "../../../../detector/source/cri-lines";
import { LineSplitter } from "../../../../detector/source/line-splitter";
import { CRI_HEADER_BYTES } from "../../../../detector/source/pod-log-source";

const TIME = "2026-12-06T06:00:00.123456789Z";

/** A decoder fed through a real splitter, as the pod-log source feeds it. */
function decoder(maxLineBytes = 256) {
  const lines: { text: string; ascii: boolean }[] = [];
  const long: { prefix: string; length: number }[] = [];
  const d = new CriLineDecoder(
    (buf, start, end, ascii) => lines.push({ text: buf.toString("utf8", start, end), ascii }),
    (prefix, length) => long.push({ prefix: prefix.toString("latin1"), length }),
    maxLineBytes,
  );
  // As PodLogSource sets it up: the splitter has room for the header above the content's limit.
  const splitter = new LineSplitter(d.line, d.longLine, maxLineBytes + CRI_HEADER_BYTES, 4096);
  const write = (text: string): void => {
    const bytes = Buffer.from(text);
    let at = 0;
    while (at < bytes.length) {
      const space = splitter.space();
      const n = Math.min(space.length, bytes.length - at);
      bytes.copy(space.buf, space.offset, at, at + n);
      splitter.commit(n);
      at += n;
    }
  };
  return { d, lines, long, write, texts: () => lines.map((l) => l.text) };
}

describe("CriLineDecoder", () => {
  it("hands on the content of full stdout lines, without the CRI header", () => {
    const t = decoder();
    t.write(`${TIME} stdout F {"a":1}\n${TIME} stdout F {"b":2}\n`);
    expect(t.texts()).toEqual(['{"a":1}', '{"b":2}']);
    expect(t.lines.every((l) => l.ascii)).toBe(true);
  });

  it("skips stderr, where Nginx writes its error log", () => {
    const t = decoder();
    t.write(`${TIME} stderr F 2026/12/06 [error] upstream timed out\n${TIME} stdout F {"a":1}\n`);
    expect(t.texts()).toEqual(['{"a":1}']);
  });

  it("joins the P chunks of a split line with the F chunk that ends it", () => {
    const t = decoder();
    t.write(`${TIME} stdout P {"path":"/aaa\n${TIME} stdout P bbb\n${TIME} stdout F ccc"}\n`);
    expect(t.texts()).toEqual(['{"path":"/aaabbbccc"}']);
  });

  it("keeps stderr out of a stdout line being joined", () => {
    const t = decoder();
    t.write(`${TIME} stdout P {"a":\n${TIME} stderr F oops\n${TIME} stdout F 1}\n`);
    expect(t.texts()).toEqual(['{"a":1}']);
  });

  it("checks a joined line for non-ASCII bytes itself", () => {
    const t = decoder();
    t.write(`${TIME} stdout P {"ua":"é\n${TIME} stdout F "}\n`);
    expect(t.lines).toEqual([{ text: '{"ua":"é"}', ascii: false }]);
  });

  it("a joined line over the limit goes to the long-line sink with its first bytes and full length", () => {
    const t = decoder(64);
    const part = "x".repeat(40);
    t.write(
      `${TIME} stdout P {"a":"${part}\n${TIME} stdout F ${part}"}\n${TIME} stdout F {"b":2}\n`,
    );
    expect(t.long).toEqual([{ prefix: `{"a":"${part}${part}"}`, length: 88 }]);
    expect(t.texts()).toEqual(['{"b":2}']);
  });

  it("a CRI line over the splitter's limit reaches the long-line sink without its header", () => {
    const t = decoder(64);
    const content = `{"a":"${"y".repeat(100)}"}`;
    t.write(`${TIME} stdout F ${content}\n${TIME} stdout F {"b":2}\n`);
    expect(t.long).toHaveLength(1);
    expect(t.long[0]!.prefix.startsWith('{"a":"yyy')).toBe(true);
    expect(t.long[0]!.length).toBe(content.length);
    expect(t.texts()).toEqual(['{"b":2}']);
  });

  it("a line whose content fits the limit is handed on whole, though its CRI line does not fit", () => {
    const t = decoder(256);
    const content = `{"a":"${"z".repeat(232)}"}`;
    expect(content.length).toBe(240);
    t.write(`${TIME} stdout F ${content}\n`);
    expect(t.texts()).toEqual([content]);
    expect(t.long).toEqual([]);
  });

  it("the first bytes of a joined over-long line are at most 512", () => {
    const t = decoder(300);
    const part = "q".repeat(250);
    t.write(
      `${TIME} stdout P ${part}\n${TIME} stdout P ${part}\n${TIME} stdout P ${part}\n${TIME} stdout F end\n`,
    );
    expect(t.long).toHaveLength(1);
    expect(t.long[0]!.prefix.length).toBe(512);
    expect(t.long[0]!.length).toBe(753);
  });

  it("passes a line without a CRI header on whole, so the engine counts it as unreadable", () => {
    const t = decoder();
    t.write(`{"not":"cri"}\nnonsense\n${TIME} stdout X {"a":1}\n`);
    expect(t.texts()).toEqual(['{"not":"cri"}', "nonsense", `${TIME} stdout X {"a":1}`]);
  });

  it("an empty full line is skipped, as in a plain log; reset forgets a half-joined one", () => {
    const t = decoder();
    t.write(`${TIME} stdout F\n${TIME} stdout P {"lost":\n`);
    expect(t.d.pending).toBe(8);
    t.d.reset();
    t.write(`${TIME} stdout F {"a":1}\n`);
    expect(t.texts()).toEqual(['{"a":1}']);
  });
});
