import { describe, expect, it } from "vitest";
import { hostPaths } from "../../../../components/naming";
import {
  renderDetectorConfig,
  renderDetectorEnv,
} from "../../../../components/render/detector-config";
import { manifestWith } from "../../../kit/manifest";

const paths = hostPaths("api");
const render = (sections: Parameters<typeof manifestWith>[0], operator: string[] = []) =>
  JSON.parse(renderDetectorConfig(manifestWith(sections), paths, operator)) as Record<
    string,
    unknown
  >;

describe("the detector's config for the stack", () => {
  it("follows the proxy's log, keeps state under the service, and judges the connecting peer", () => {
    expect(render({})).toMatchObject({
      logPath: "/var/log/swiftdeploy/api/access.json",
      stateDir: "/var/lib/swiftdeploy/api/detector",
      clientAddressSource: "peer",
      trustedProxies: [],
      enforcement: { nginxDenyList: { path: null, reloadCommand: [] } },
    });
  });

  it("never bans the operator: their address joins the manifest's allowlist once", () => {
    const config = render({ detector: { allowlist: ["10.0.0.0/8", "192.0.2.50"] } }, [
      "192.0.2.50",
    ]);
    expect(config.allowlist).toEqual(["10.0.0.0/8", "192.0.2.50"]);
  });

  it("behind trusted proxies, reads forwarded addresses and bans through Nginx's deny list", () => {
    const config = render({ proxy: { trustedProxies: ["203.0.113.0/24"] } });
    expect(config).toMatchObject({
      clientAddressSource: "forwarded",
      trustedProxies: ["203.0.113.0/24"],
      enforcement: {
        nginxDenyList: {
          path: "/etc/swiftdeploy/api/nginx/deny.conf",
          reloadCommand: ["docker", "kill", "--signal", "HUP", "api-proxy"],
        },
      },
    });
  });

  it("never drops the host's SSH port for a banned address, wherever SSH listens", () => {
    expect(render({ host: { port: 2222 } })).toMatchObject({
      enforcement: { inputExemptPorts: [22, 2222] },
    });
    expect(render({})).toMatchObject({ enforcement: { inputExemptPorts: [22] } });
    const none = render({
      host: { port: 2222 },
      detector: { enforcement: { inputExemptPorts: [] } },
    });
    expect(none).toMatchObject({ enforcement: { inputExemptPorts: [2222] } });
  });

  it("puts the webhook URL only in the environment file", () => {
    expect(renderDetectorEnv("https://hooks.example.test/x")).toBe(
      "SWIFTDEPLOY_ALERT_WEBHOOK_URL=https://hooks.example.test/x\n",
    );
    expect(renderDetectorEnv(undefined)).toBe("");
    expect(renderDetectorConfig(manifestWith({}), paths)).not.toContain("hooks.");
  });
});
