import { describe, expect, it } from "vitest";
import { RecordingRunner } from "../../../../detector/enforce/recording-runner";
import { legacyConfig } from "../../../../detector/systemd/legacy-unit";
import { notifyReady } from "../../../../detector/systemd/sd-notify";
import { checkInstanceFiles, instanceOf } from "../../../../detector/cli/verbs/unit-instance";

describe("the single unit of earlier installs", () => {
  it("is read for the config it ran, quoted or not", () => {
    expect(
      legacyConfig(
        "[Service]\nExecStartPre=-+/n /b selftest --config /x.json --setup\nExecStart=/opt/node /opt/d.js run --config /etc/swiftdeploy/api/detector.json\n",
      ),
    ).toBe("/etc/swiftdeploy/api/detector.json");
    expect(legacyConfig('ExecStart="/my node" /d.js run --config "/etc/my dir/d.json"\n')).toBe(
      "/etc/my dir/d.json",
    );
    expect(legacyConfig("ExecStart=/opt/node /opt/d.js run\n")).toBeUndefined();
  });
});

describe("which instance a verb acts on", () => {
  it("is --instance, else the service whose folder holds the config", () => {
    expect(instanceOf("shop", "/etc/swiftdeploy/api/detector.json")).toBe("shop");
    expect(instanceOf(undefined, "/etc/swiftdeploy/api/detector.json")).toBe("api");
    expect(instanceOf(undefined, "/tmp/detector.json")).toBeUndefined();
    expect(() => instanceOf("../etc", undefined)).toThrow(
      "--instance ../etc: expected a service name",
    );
  });

  it("refuses a config or env file the template would not read", () => {
    expect(() =>
      checkInstanceFiles("api", "/etc/swiftdeploy/api/detector.json", undefined),
    ).not.toThrow();
    expect(() =>
      checkInstanceFiles("shop", "/etc/swiftdeploy/api/detector.json", undefined),
    ).toThrow(
      "--config /etc/swiftdeploy/api/detector.json: swiftdeploy-detector@shop.service reads /etc/swiftdeploy/shop/detector.json",
    );
    expect(() =>
      checkInstanceFiles("api", "/etc/swiftdeploy/api/detector.json", "/root/secret.env"),
    ).toThrow(
      "--env-file /root/secret.env: swiftdeploy-detector@api.service reads /etc/swiftdeploy/api/detector.env",
    );
  });
});

describe("telling systemd the daemon is ready", () => {
  it("runs systemd-notify --ready under systemd (NOTIFY_SOCKET set)", async () => {
    const runner = new RecordingRunner();
    expect(
      await notifyReady({ NOTIFY_SOCKET: "/run/systemd/notify" }, runner, "following the log"),
    ).toEqual({
      sent: true,
    });
    expect(runner.lines()).toEqual(["systemd-notify --ready --status=following the log"]);
  });

  it("does nothing outside systemd, and says why it failed when systemd-notify does", async () => {
    const idle = new RecordingRunner();
    expect(await notifyReady({}, idle, "x")).toEqual({ sent: false, reason: "not under systemd" });
    expect(idle.lines()).toEqual([]);
    const failing = new RecordingRunner(() => ({ code: 1, stderr: "No such file or directory\n" }));
    expect(await notifyReady({ NOTIFY_SOCKET: "/nowhere" }, failing, "x")).toEqual({
      sent: false,
      reason: "No such file or directory",
    });
  });
});
