import { describe, expect, it } from "vitest";
import { renderUnit, unitWritablePaths } from "../../../core/detector-unit";
import { DetectorSettingsSchema } from "../../../core/detector-settings";

describe("the systemd unit", () => {
  const unit = renderUnit({
    node: "/opt/swiftdeploy/runtime/node",
    bundle: "/opt/swiftdeploy/detector/swiftdeploy-detector.js",
    config: "/etc/swiftdeploy/svc/detector.json",
    envFile: "/etc/swiftdeploy/svc/detector.env",
    writablePaths: ["/var/lib/swiftdeploy/svc/detector", "/var/lib/swiftdeploy/svc/detector"],
  });
  const lines = unit.split("\n");

  it("runs this bundle's `run` with the config, the secret env file, reload by SIGHUP and restart on failure", () => {
    expect(lines).toContain(
      "ExecStart=/opt/swiftdeploy/runtime/node /opt/swiftdeploy/detector/swiftdeploy-detector.js run --config /etc/swiftdeploy/svc/detector.json",
    );
    expect(lines).toContain("EnvironmentFile=-/etc/swiftdeploy/svc/detector.env");
    expect(lines).toContain("ExecReload=/bin/kill -HUP $MAINPID");
    expect(lines).toContain("Restart=on-failure");
    expect(lines).toContain("RestartPreventExitStatus=2 3");
  });

  it("runs the self-test privileged just before, without letting it block the start", () => {
    expect(lines).toContain(
      "ExecStartPre=-+/opt/swiftdeploy/runtime/node /opt/swiftdeploy/detector/swiftdeploy-detector.js selftest --config /etc/swiftdeploy/svc/detector.json --setup",
    );
  });

  it("grants CAP_NET_ADMIN and CAP_NET_RAW and nothing more, in a read-only system but for its state", () => {
    for (const line of [
      "User=root",
      "CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW",
      "AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW",
      "NoNewPrivileges=yes",
      "ProtectSystem=strict",
      "ReadWritePaths=/var/lib/swiftdeploy/svc/detector -/run/xtables.lock",
      "ProtectHome=yes",
      "PrivateTmp=yes",
      "PrivateDevices=yes",
      "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK",
      "UMask=0077",
    ])
      expect(lines).toContain(line);
  });

  it("quotes paths with spaces", () => {
    const spaced = renderUnit({
      node: "/opt/my node/node",
      bundle: "/b.js",
      config: "/c.json",
      envFile: "/e",
      writablePaths: ["/s"],
    });
    expect(spaced).toContain('ExecStart="/opt/my node/node" /b.js run --config /c.json\n');
  });

  it("lets the daemon write its state dir, and the audit and deny-list folders only when set", () => {
    expect(unitWritablePaths(DetectorSettingsSchema.parse({ stateDir: "/var/lib/sd" }))).toEqual([
      "/var/lib/sd",
    ]);
    const moved = DetectorSettingsSchema.parse({
      stateDir: "/var/lib/sd",
      audit: { path: "/var/log/sd/audit.jsonl" },
      enforcement: { nginxDenyList: { path: "/etc/sd/nginx/deny.conf" } },
    });
    expect(unitWritablePaths(moved)).toEqual(["/var/lib/sd", "/var/log/sd", "/etc/sd/nginx"]);
  });
});
