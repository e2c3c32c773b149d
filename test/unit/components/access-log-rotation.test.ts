import { describe, expect, it } from "vitest";
import { hostPaths } from "../../../components/naming";
import { accessLogRotation } from "../../../components/render/access-log-rotation";
import { renderGeneratedFiles } from "../../../components/render/generated-files";
import { manifestWith } from "../../kit/manifest";
import { named } from "../../kit/pulumi/pulumi-mocks";
import { stackResources } from "../../kit/stack/stack-under-test";

const TIMER = "swiftdeploy-api-access-log.timer";

describe("rotation of Nginx's access log on the host", () => {
  it("the stack installs and starts a systemd timer that rotates the log, and removes it on destroy", async () => {
    const resources = await stackResources(manifestWith({}));
    const enable = named(resources, "-log-rotation-enable");
    expect(enable.inputs.create).toBe(
      `systemctl daemon-reload && systemctl enable '${TIMER}' && systemctl restart '${TIMER}' && systemctl is-active '${TIMER}'`,
    );
    expect(enable.inputs.delete).toBe(
      `systemctl disable --now '${TIMER}' 2>/dev/null || true; ` +
        `rm -f '/etc/systemd/system/swiftdeploy-api-access-log.service' '/etc/systemd/system/${TIMER}'; ` +
        "systemctl daemon-reload",
    );
    const script = named(resources, "-log-rotation-script");
    expect(script.inputs.create).toContain("'/etc/swiftdeploy/api/rotate-access-log.sh'");
    expect(script.inputs.create).toContain("chmod 0755");
    expect(script.inputs.stdin).toContain("log='/var/log/swiftdeploy/api/access.json'");
    expect(script.inputs.stdin).toContain("docker kill --signal USR1 'api-proxy' >/dev/null");
    const timer = named(resources, "-log-rotation-timer");
    expect(timer.inputs.create).toContain(`'/etc/systemd/system/${TIMER}'`);
  });

  it("follows the manifest: size, files kept, check interval", () => {
    const manifest = manifestWith({
      service: { name: "shop" },
      proxy: { logRotation: { maxSizeMb: 2, keep: 3, checkMinutes: 5 } },
    });
    const files = accessLogRotation(manifest, hostPaths("shop"));
    expect(files.script.content).toContain("keep=3\nmax=${1:-2097152}\n");
    expect(files.timer.content).toContain("OnActiveSec=5min\nOnUnitActiveSec=5min\n");
    expect(files.service.content).toContain(
      "ExecStart=/bin/sh /etc/swiftdeploy/shop/rotate-access-log.sh\n",
    );
    expect(files.units).toEqual({
      service: "swiftdeploy-shop-access-log.service",
      timer: "swiftdeploy-shop-access-log.timer",
    });
  });

  it("defaults to 100 MB, 5 files, checked every minute; `swiftdeploy init` shows the files", () => {
    const generated = renderGeneratedFiles(manifestWith({}));
    expect(generated["nginx/rotate-access-log.sh"]).toContain("keep=5\nmax=${1:-104857600}\n");
    expect(generated[`nginx/${TIMER}`]).toContain("OnUnitActiveSec=1min\n");
    expect(generated["nginx/swiftdeploy-api-access-log.service"]).toContain("Type=oneshot\n");
  });
});
