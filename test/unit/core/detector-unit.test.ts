import { describe, expect, it } from "vitest";
import {
  dropInPath,
  instanceOfConfig,
  instancePaths,
  renderInstanceDropIn,
  renderUnitTemplate,
  unitName,
  unitWritablePaths,
} from "../../../core/detector-unit";
import { DetectorSettingsSchema } from "../../../core/detector-settings";

describe("the systemd template unit", () => {
  const unit = renderUnitTemplate({
    node: "/opt/swiftdeploy/runtime/node",
    bundle: "/opt/swiftdeploy/detector/swiftdeploy-detector.js",
  });
  const lines = unit.split("\n");

  it("runs this bundle's `run` on the instance's own config and secret env file, reload by SIGHUP and restart on failure", () => {
    expect(lines).toContain(
      "ExecStart=/opt/swiftdeploy/runtime/node /opt/swiftdeploy/detector/swiftdeploy-detector.js run --config /etc/swiftdeploy/%i/detector.json",
    );
    expect(lines).toContain("EnvironmentFile=-/etc/swiftdeploy/%i/detector.env");
    expect(lines).toContain("ExecReload=/bin/kill -HUP $MAINPID");
    expect(lines).toContain("Restart=on-failure");
    expect(lines).toContain("RestartPreventExitStatus=2 3");
    expect(lines).toContain(
      "Description=SwiftDeploy DDoS detector of %i (reads Nginx's access log, bans in the kernel)",
    );
  });

  it("is started once the daemon says it is ready, accepting the word from systemd-notify, its child", () => {
    expect(lines).toContain("Type=notify");
    expect(lines).toContain("NotifyAccess=all");
    expect(lines).not.toContain("Type=simple");
  });

  it("gives each instance its own state and runtime folder, made by systemd, root-only", () => {
    expect(lines).toContain("StateDirectory=swiftdeploy/%i/detector");
    expect(lines).toContain("StateDirectoryMode=0700");
    expect(lines).toContain("RuntimeDirectory=swiftdeploy-detector/%i");
    expect(lines).toContain("RuntimeDirectoryMode=0700");
    // The folder StateDirectory= makes is where the stack points the daemon's stateDir.
    expect(instancePaths("api").stateDir).toBe("/var/lib/swiftdeploy/api/detector");
  });

  it("runs the self-test privileged just before, without letting it block the start", () => {
    expect(lines).toContain(
      "ExecStartPre=-+/opt/swiftdeploy/runtime/node /opt/swiftdeploy/detector/swiftdeploy-detector.js selftest --config /etc/swiftdeploy/%i/detector.json --setup",
    );
  });

  it("grants CAP_NET_ADMIN and CAP_NET_RAW and nothing more, in a read-only system but for its state", () => {
    for (const line of [
      "User=root",
      "CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW",
      "AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW",
      "NoNewPrivileges=yes",
      "ProtectSystem=strict",
      "ReadWritePaths=-/run/xtables.lock",
      "ProtectHome=yes",
      "PrivateTmp=yes",
      "PrivateDevices=yes",
      "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK",
      "UMask=0077",
    ])
      expect(lines).toContain(line);
  });

  it("is the same file for every instance: nothing of one service is in it", () => {
    expect(unit).not.toMatch(/\/etc\/swiftdeploy\/[a-z]/);
    expect(unitName("api")).toBe("swiftdeploy-detector@api.service");
  });

  it("quotes paths with spaces", () => {
    const spaced = renderUnitTemplate({ node: "/opt/my node/node", bundle: "/b.js" });
    expect(spaced).toContain(
      'ExecStart="/opt/my node/node" /b.js run --config /etc/swiftdeploy/%i/detector.json\n',
    );
  });
});

describe("an instance's drop-in", () => {
  it("is not needed when the daemon writes only its StateDirectory=", () => {
    expect(renderInstanceDropIn("api", ["/var/lib/swiftdeploy/api/detector"])).toBeUndefined();
  });

  it("lets the daemon write the audit and deny-list folders, and a state dir elsewhere", () => {
    expect(
      renderInstanceDropIn("api", [
        "/var/lib/swiftdeploy/api/detector",
        "/var/log/sd",
        "/etc/swiftdeploy/api/nginx",
        "/var/log/sd",
      ]),
    ).toBe(
      "# Written by `swiftdeploy-detector install` for swiftdeploy-detector@api.service. Do not edit.\n[Service]\nReadWritePaths=/var/log/sd /etc/swiftdeploy/api/nginx\n",
    );
    expect(dropInPath("api")).toBe(
      "/etc/systemd/system/swiftdeploy-detector@api.service.d/50-swiftdeploy.conf",
    );
  });

  it("takes the writable folders from the settings: the state dir, and the audit and deny-list folders only when set", () => {
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

describe("the instance a config belongs to", () => {
  it.each([
    ["/etc/swiftdeploy/api/detector.json", "api"],
    ["/etc/swiftdeploy/shop-2/detector.json", "shop-2"],
    ["/etc/swiftdeploy/api/../web/detector.json", "web"],
    ["/etc/swiftdeploy/api/other.json", undefined],
    ["/srv/detector.json", undefined],
    ["/etc/swiftdeploy/Bad Name/detector.json", undefined],
  ])("%s → %s", (config, instance) => {
    expect(instanceOfConfig(config)).toBe(instance);
  });
});
