import { describe, expect, it } from "vitest";
import type { HostSession } from "../../../../cli/live/docker-live-stack";
import { DockerLiveStack } from "../../../../cli/live/docker-live-stack";
import { detectorVerbAnswer, detectorVerbCommand } from "../../../../cli/live/detector-verbs";
import { ErrorCode } from "../../../../core/errors";
import { MANIFEST } from "../../../kit/cli/live-twins";

/** A host whose every command prints `output` and exits `code` (framed as the session sees it). */
function host(output: string, code: number, calls: string[]): HostSession {
  return {
    exec: async (command) => {
      calls.push(command);
      return `${output}\n@@swiftdeploy-exit ${code}\n`;
    },
    forward: () => Promise.reject(new Error("no forwards here")),
    close: () => undefined,
  };
}

describe("the detector's operator verbs on the Docker host", () => {
  it("run the bundled CLI on the host's runtime against the instance's config, quoted, through sudo -n for a non-root user", () => {
    const args = ["ban", "203.0.113.77", "--reason", "it's abuse", "--actor", "alice@laptop"];
    expect(detectorVerbCommand(MANIFEST, args)).toBe(
      "'/opt/swiftdeploy/runtime/node' '/opt/swiftdeploy/detector/swiftdeploy-detector.js' 'ban' '203.0.113.77' '--reason' 'it'\\''s abuse' '--actor' 'alice@laptop' '--config' '/etc/swiftdeploy/api/detector.json'",
    );
    const asDeploy = { ...MANIFEST, host: { ...MANIFEST.host, user: "deploy" } };
    expect(detectorVerbCommand(asDeploy, ["bans"])).toMatch(/^sudo -n sh -c '.*'bans'.*'$/);
  });

  it("read the last JSON line of stdout, past the detector's log lines on stderr", async () => {
    const calls: string[] = [];
    const output =
      '{"level":"info","msg":"command"}\n{"lifted":["203.0.113.77"]}\n{"level":"info","msg":"x"}';
    const live = new DockerLiveStack(host(output, 0, calls), MANIFEST, "root@h");
    expect(await live.detectorVerb(["unban", "203.0.113.77"])).toEqual({
      lifted: ["203.0.113.77"],
    });
    expect(calls[0]).toContain("'unban' '203.0.113.77' '--config'");
  });

  it("turn a refused manual ban (exit 4) into BanRefused with the detector's words", () => {
    const said =
      "swiftdeploy-detector: the daemon refused: refusing to ban 127.0.0.1: it is allowlisted";
    expect(() => detectorVerbAnswer({ exitCode: 4, output: said }, "root@h")).toThrow(
      expect.objectContaining({
        code: ErrorCode.BanRefused,
        message: "the daemon refused: refusing to ban 127.0.0.1: it is allowlisted",
      }),
    );
  });

  it("turn any other failure into RemoteFailed naming the host and the exit", () => {
    const said = "swiftdeploy-detector: the daemon is not running: a manual ban needs it";
    expect(() => detectorVerbAnswer({ exitCode: 1, output: said }, "root@h")).toThrow(
      expect.objectContaining({
        code: ErrorCode.RemoteFailed,
        message: expect.stringContaining(
          "swiftdeploy-detector on root@h failed (exit 1): the daemon is not running: a manual ban needs it",
        ),
      }),
    );
    expect(() =>
      detectorVerbAnswer({ exitCode: 0, output: "sh: 1: node: not found" }, "root@h"),
    ).toThrow("swiftdeploy-detector on root@h printed no answer: sh: 1: node: not found");
  });
});
