// The detector's Kubernetes log source against real files laid out as the kubelet lays them out:
// /var/log/pods/<namespace>_<pod>_<uid>/<container>/<restarts>.log, CRI lines, rotation by rename.
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../core/clock";
import { parsePodLogPattern } from "../../../core/pod-log-pattern";
import { nodeFileAccess } from "../../../detector/io/node-file-access";
import type { FollowPosition } from "../../../detector/source/file-access";
import type { FollowOptions } from "../../../detector/source/log-follower";
import { PodLogSource } from "../../../detector/source/pod-log-source";
import { append, tempDir } from "../../kit/detector/files";

const OPTIONS: FollowOptions = { startAt: "end", maxLineBytes: 4096, rotateGraceMs: 2000 };
const TIME = "2026-12-06T06:00:00.000000001Z";

let tmp = tempDir("pod-logs");
afterEach(() => {
  tmp.cleanup();
  tmp = tempDir("pod-logs");
});

/** The container folder of a pod, created; `<namespace>_<pod>_<uid>/<container>`. */
function podDir(pod: string, namespace = "shop", container = "nginx"): string {
  const dir = path.join(tmp.dir, `${namespace}_${pod}_0f6c-${pod}`, container);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const cri = (...contents: string[]): string =>
  contents.map((c) => `${TIME} stdout F ${c}\n`).join("");

function source(saved?: FollowPosition, options: Partial<FollowOptions> = {}) {
  const lines: string[] = [];
  const clock = new ManualClock(0);
  const pattern = parsePodLogPattern(`${tmp.dir}/shop_proxy-*/nginx/*.log`)!;
  const s = new PodLogSource(
    nodeFileAccess,
    pattern,
    { ...OPTIONS, ...options },
    (buf, start, end) => lines.push(buf.toString("utf8", start, end)),
    () => undefined,
    clock,
    saved,
  );
  /** A poll after the next look at the pod-log folder. */
  const poll = () => {
    clock.advance(250);
    return s.poll();
  };
  const kinds = () => s.takeEvents().map((e) => e.kind);
  return { s, lines, poll, kinds };
}

describe("PodLogSource: Nginx's access log on a Kubernetes node", () => {
  it("starts at the end of the running pod's log and hands on new lines without the CRI header", () => {
    const log = path.join(podDir("proxy-7c9d"), "0.log");
    append(log, cri("old-1", "old-2"));
    const t = source();
    t.poll();
    append(log, cri('{"n":1}') + `${TIME} stderr F [error] upstream\n` + cri('{"n":2}'));
    t.poll();
    expect(t.lines).toEqual(['{"n":1}', '{"n":2}']);
    expect(t.kinds()).toEqual(["found", "opened"]);
  });

  it("reads only the wanted pods: other namespaces, workloads and containers are left alone", () => {
    for (const [pod, ns, container] of [
      ["proxy-1", "shop", "nginx"],
      ["proxy-2", "other", "nginx"],
      ["api-1", "shop", "nginx"],
      ["proxy-3", "shop", "sidecar"],
    ] as const)
      append(path.join(podDir(pod, ns, container), "0.log"), "");
    const t = source();
    t.poll();
    for (const [pod, ns, container] of [
      ["proxy-1", "shop", "nginx"],
      ["proxy-2", "other", "nginx"],
      ["api-1", "shop", "nginx"],
      ["proxy-3", "shop", "sidecar"],
    ] as const)
      append(path.join(podDir(pod, ns, container), "0.log"), cri(`${ns}/${pod}/${container}`));
    t.poll();
    expect(t.lines).toEqual(["shop/proxy-1/nginx"]);
  });

  it("a restarted container's new log is read from its first line; the old one to its end", () => {
    const dir = podDir("proxy-7c9d");
    append(path.join(dir, "0.log"), cri("before start"));
    const t = source();
    t.poll();
    append(path.join(dir, "0.log"), cri("last of 0"));
    append(path.join(dir, "1.log"), cri("first of 1"));
    t.poll();
    append(path.join(dir, "1.log"), cri("second of 1"));
    t.poll();
    expect(t.lines).toEqual(["last of 0", "first of 1", "second of 1"]);
    const events = t.s.takeEvents();
    expect(events.filter((e) => e.kind === "ended").map((e) => path.basename(e.path))).toEqual([
      "0.log",
    ]);
  });

  it.each([
    ["between two looks", false],
    ["with a look in the gap, before the runtime reopened 0.log", true],
  ])(
    "follows the kubelet's rotation (0.log renamed 0.log.<time>, a new 0.log) %s: nothing lost or read twice",
    (_when, lookInGap) => {
      const dir = podDir("proxy-7c9d");
      const log = path.join(dir, "0.log");
      append(log, "");
      const t = source();
      t.poll();
      append(log, cri("a"));
      const rotated = path.join(dir, "0.log.20261206-060000");
      fs.renameSync(log, rotated);
      if (lookInGap) t.poll();
      append(rotated, cri("b"));
      append(log, cri("c"));
      t.poll();
      t.poll();
      expect(t.lines).toEqual(["a", "b", "c"]);
    },
  );

  it("a replaced log's backlog is read to its end, beyond one poll's budget", () => {
    const dir = podDir("proxy-7c9d");
    append(path.join(dir, "0.log"), "");
    const t = source(undefined, { maxBytesPerPoll: 200, chunkBytes: 64 });
    t.poll();
    const backlog = Array.from({ length: 100 }, (_, i) => `line-${i}`);
    append(path.join(dir, "0.log"), cri(...backlog));
    append(path.join(dir, "1.log"), cri("first of 1"));
    for (let i = 0; i < 200; i++) t.poll();
    expect(t.lines.filter((l) => l.startsWith("line-"))).toEqual(backlog);
    expect(t.lines).toContain("first of 1");
  });

  it("a container that restarted while the daemon was down: the saved log is finished, the new one read whole", () => {
    const dir = podDir("proxy-7c9d");
    append(path.join(dir, "0.log"), "");
    const first = source();
    first.poll();
    append(path.join(dir, "0.log"), cri("a1"));
    first.poll();
    const saved = first.s.position();
    first.s.close();
    append(path.join(dir, "0.log"), cri("a2 while down"));
    append(path.join(dir, "1.log"), cri("c1 while down"));
    const second = source(saved);
    second.poll();
    second.poll();
    expect([...first.lines, ...second.lines].sort()).toEqual(
      ["a1", "a2 while down", "c1 while down"].sort(),
    );
  });

  it("a replacing pod is read from its first line, both while they overlap, and the gone pod is let go", () => {
    const oldDir = podDir("proxy-aaaa");
    append(path.join(oldDir, "0.log"), "");
    const t = source();
    t.poll();
    const newDir = podDir("proxy-bbbb");
    append(path.join(newDir, "0.log"), cri("new pod's first"));
    append(path.join(oldDir, "0.log"), cri("old pod's last"));
    t.poll();
    expect(t.lines.sort()).toEqual(["new pod's first", "old pod's last"]);
    fs.rmSync(path.dirname(oldDir), { recursive: true });
    append(path.join(newDir, "0.log"), cri("new pod's second"));
    t.poll();
    expect(t.lines.at(-1)).toBe("new pod's second");
    expect(t.kinds()).toContain("ended");
  });

  it("joins a long line the runtime split into P chunks, even across polls", () => {
    const log = path.join(podDir("proxy-7c9d"), "0.log");
    append(log, "");
    const t = source();
    t.poll();
    append(log, `${TIME} stdout P {"uri":"/${"a".repeat(100)}\n`);
    t.poll();
    append(log, `${TIME} stdout F ${"b".repeat(100)}"}\n`);
    t.poll();
    expect(t.lines).toEqual([`{"uri":"/${"a".repeat(100)}${"b".repeat(100)}"}`]);
  });

  it("waits for the first pod (saying so once), then reads its log from the start", () => {
    const t = source();
    t.poll();
    t.poll();
    expect(t.kinds()).toEqual(["missing"]);
    append(path.join(podDir("proxy-7c9d"), "0.log"), cri("first"));
    t.poll();
    expect(t.lines).toEqual(["first"]);
  });

  it("resumes at the saved position after a restart: no line lost, none read twice", () => {
    const log = path.join(podDir("proxy-7c9d"), "0.log");
    append(log, "");
    const first = source();
    first.poll();
    append(log, cri("1", "2"));
    first.poll();
    const saved = first.s.position();
    first.s.close();
    append(log, cri("3"));
    const second = source(saved);
    second.poll();
    expect([...first.lines, ...second.lines]).toEqual(["1", "2", "3"]);
  });
});
