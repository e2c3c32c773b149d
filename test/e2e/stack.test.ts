import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostPaths } from "../../components/naming";
import { renderGeneratedFiles } from "../../components/render/generated-files";
import { runClient } from "../kit/clients/client-container";
import { devStack, type DevStack } from "../kit/stack/dev-stack";
import { kernelListing } from "../kit/host/kernel-listing";
import { bootTestHost, type TestHost } from "../kit/host/test-host";

// Its own host on the testbed network; clients get addresses of their own next to it.
const HOST = { name: "swiftdeploy-host-e2e", address: "172.31.250.40" };
const ATTACKER = "172.31.250.41";
const BROWSER = "172.31.250.42";
const FORGER = "172.31.250.43";
const FORGED = "198.51.100.77";
const EARLIER = "192.0.2.61";

/** A Node.js script run inside a container on the host (the API image has node, not curl). */
async function nodeIn(host: TestHost, container: string, script: string) {
  const encoded = Buffer.from(script).toString("base64");
  return host.ssh(`docker exec ${container} node -e "$(echo ${encoded} | base64 -d)"`);
}

describe("the dev stack on a real systemd host, deployed by the real engine", () => {
  let host: TestHost;
  let stack: DevStack;
  let url: string;

  beforeAll(async () => {
    host = await bootTestHost(HOST.name, HOST.address);
    stack = await devStack("stack", host);
    const up = await stack.up();
    if (up.code !== 0) throw new Error(`pulumi up failed:\n${up.output}`);
    url = String((await stack.outputs()).publicUrl);
  });

  afterAll(async () => {
    await stack?.destroy();
    await host?.destroy();
  });

  it("answers through Nginx with the version's mode in X-Mode", async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    expect(response.status).toBe(200);
    expect(["stable", "canary"]).toContain(response.headers.get("x-mode"));
    const body = (await response.json()) as { service: string };
    expect(body.service).toBe("api");
  });

  it("sends the canary its weight's share of 1,000 requests (10% ± 3)", async () => {
    const modes: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) {
      // Under the proxy's default 100 requests/s per address, so none is refused with 429.
      await new Promise((resolve) => setTimeout(resolve, 12));
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      const mode = response.headers.get("x-mode") ?? "none";
      modes[mode] = (modes[mode] ?? 0) + 1;
    }
    expect(modes.canary ?? 0).toBeGreaterThanOrEqual(70);
    expect(modes.canary ?? 0).toBeLessThanOrEqual(130);
    expect((modes.canary ?? 0) + (modes.stable ?? 0)).toBe(1000);
  });

  it("refuses the canary container's writes to OPA (thresholds, policies) with 401", async () => {
    const { containers } = (await stack.outputs()) as { containers: Record<string, string> };
    const canary = String(containers.canary);
    const put = async (path: string, body: string) =>
      (
        await nodeIn(
          host,
          canary,
          `fetch("http://opa:8181${path}", { method: "PUT", body: ${JSON.stringify(body)} })` +
            `.then((r) => console.log(r.status), (e) => console.log("error", e.message))`,
        )
      ).output.trim();
    expect(await put("/v1/data/thresholds/promotion", '{"max_error_rate":1}')).toBe("401");
    expect(await put("/v1/policies/approve", "package swiftdeploy.canary\n")).toBe("401");
  });

  it("hardens what it leaves on the host: root-only detector config, no chaos token on stable, a process cap", async () => {
    const paths = hostPaths(stack.manifest().service.name);
    const { containers } = (await stack.outputs()) as { containers: Record<string, string> };
    const { output } = await host.ssh(
      [
        `stat -c '%a %U' ${paths.detectorConfig} ${paths.operatorsFile}`,
        `docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' ${containers.stable} | grep -c CHAOS_TOKEN || true`,
        `docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' ${containers.canary} | grep -c CHAOS_TOKEN || true`,
        `docker inspect -f '{{range .HostConfig.Ulimits}}{{.Name}}={{.Hard}}{{end}}' ${containers.proxy}`,
      ].join("; "),
    );
    expect(output.trim().split("\n")).toEqual(["600 root", "600 root", "0", "1", "nproc=512"]);
  });

  it("runs the detector as the service's active instance of the template unit `init` shows", async () => {
    const { output } = await host.ssh("systemctl is-active swiftdeploy-detector@api.service");
    expect(output.trim()).toBe("active");
    const installed = await host.ssh("cat /etc/systemd/system/swiftdeploy-detector@.service");
    expect(installed.output).toBe(
      renderGeneratedFiles(stack.manifest())["detector/swiftdeploy-detector@.service"],
    );
  });

  it("rotates Nginx's access log with the timer the stack installed, and the detector reads on", async () => {
    const paths = hostPaths("api");
    const linesRead = async (): Promise<number> => {
      const { output } = await host.ssh(
        `${paths.nodeBinary} ${paths.detectorBundle} status --config ${paths.detectorConfig}`,
      );
      const status = JSON.parse(output.trim().split("\n").at(-1) ?? "{}");
      return (status as { counters: { lines: number } }).counters.lines;
    };
    const units = await host.ssh(
      "systemctl is-active swiftdeploy-api-access-log.timer; systemctl start swiftdeploy-api-access-log.service && echo checked",
    );
    expect(units.output.trim().split("\n")).toEqual(["active", "checked"]);
    const before = await linesRead();
    // "Rotate now" inside the installed unit's sandbox (its [Service] settings, not the timer's size).
    const sandbox = (await host.ssh("systemctl cat swiftdeploy-api-access-log.service")).output
      .split("\n")
      .filter((l) => /^(NoNewPrivileges|PrivateTmp|ProtectSystem|ReadWritePaths)=/.test(l))
      .map((l) => `--property=${l}`)
      .join(" ");
    const rotated = await host.ssh(
      `systemd-run --wait --pipe --quiet ${sandbox} /bin/sh ${paths.configDir}/rotate-access-log.sh 0`,
    );
    expect(sandbox).toContain("--property=ProtectSystem=full");
    expect(rotated.output).toMatch(
      /^rotated \/var\/log\/swiftdeploy\/api\/access\.json \(\d+ bytes\)/,
    );
    for (let i = 0; i < 30; i++) {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
    }
    const deadline = Date.now() + 30_000;
    while ((await linesRead()) < before + 30 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 500));
    expect(await linesRead()).toBeGreaterThanOrEqual(before + 30);
    const { output } = await host.ssh(
      `wc -l < ${paths.accessLog}; test -s ${paths.accessLog}.1 && echo kept`,
    );
    const [fresh, kept] = output.trim().split("\n");
    expect(Number(fresh)).toBeGreaterThanOrEqual(30);
    expect(kept).toBe("kept");
  });

  it("drops a flooding container's packets while a slow client keeps getting 200s", async () => {
    const [flood, browsing] = await Promise.all([
      runClient({
        name: "sd-e2e-attacker",
        ip: ATTACKER,
        url,
        count: 4000,
        concurrency: 20,
        pauseMs: 0,
        giveUpAfterFailures: 40,
      }),
      runClient({
        name: "sd-e2e-browser",
        ip: BROWSER,
        url,
        count: 20,
        concurrency: 1,
        pauseMs: 1000,
      }),
    ]);
    expect(await kernelListing(host)).toContain(ATTACKER);
    expect(flood.failures).toBeGreaterThan(0);
    expect(browsing).toEqual({ statuses: { 200: 20 }, failures: 0, sent: 20 });
    const after = await runClient({
      name: "sd-e2e-attacker-2",
      ip: ATTACKER,
      url,
      count: 3,
      concurrency: 1,
      pauseMs: 0,
    });
    expect(after).toEqual({ statuses: {}, failures: 3, sent: 3 });
  });

  it("bans the real sender of a flood with a forged X-Forwarded-For, not the forged address", async () => {
    await runClient({
      name: "sd-e2e-forger",
      ip: FORGER,
      url,
      count: 4000,
      concurrency: 20,
      pauseMs: 0,
      headers: { "X-Forwarded-For": FORGED },
      giveUpAfterFailures: 40,
    });
    const bans = await kernelListing(host);
    expect(bans).toContain(FORGER);
    expect(bans).not.toContain(FORGED);
  });

  it("reports no changes on a second up", async () => {
    const preview = await stack.preview(["--expect-no-changes"]);
    expect(preview.code, preview.output).toBe(0);
  });

  it("refuses to deploy onto a host that looks full, with OPA's reason, and writes nothing to it", async () => {
    const nginxConf = `${hostPaths(stack.manifest().service.name).nginxDir}/nginx.conf`;
    const before = (await host.ssh(`cat ${nginxConf}`)).output;
    expect(before).toContain("weight=10 max_fails=0;");
    stack.setOverride("policy.deploy.minDiskFreeGb", 100000);
    stack.setOverride("release.canary.weight", 50);
    const denied = await stack.up();
    expect(denied.code).not.toBe(0);
    expect(denied.output).toMatch(/OPA denied the deploy onto 172\.31\.250\.40/);
    expect(denied.output).toMatch(
      /Disk free [\d.]+ GB on \/var\/lib\/docker is below the minimum 100000 GB/,
    );
    expect((await host.ssh(`cat ${nginxConf}`)).output).toBe(before);
    stack.setOverride("policy.deploy.minDiskFreeGb", 2);
    stack.setOverride("release.canary.weight", 10);
    const healthy = await stack.up();
    expect(healthy.code, healthy.output).toBe(0);
  });

  it("keeps an earlier deployer on the allowlist when someone else deploys", async () => {
    const paths = hostPaths(stack.manifest().service.name);
    const remembered = paths.operatorsFile;
    const deployer = (await host.ssh('printf "%s" "${SSH_CLIENT%% *}"')).output.trim();
    expect(deployer).toMatch(/^172\.31\.250\.\d+$/);
    // As if a colleague at EARLIER had deployed before this machine's first update.
    await host.ssh(`printf '%s\\n' ${EARLIER} | cat - ${remembered} > ${remembered}.new`);
    await host.ssh(`mv ${remembered}.new ${remembered}`);
    const up = await stack.up();
    expect(up.code, up.output).toBe(0);
    const config = JSON.parse((await host.ssh(`cat ${paths.detectorConfig}`)).output);
    expect(config.allowlist).toEqual(expect.arrayContaining([EARLIER, deployer]));
    expect((await host.ssh(`cat ${remembered}`)).output).toBe(`${EARLIER}\n${deployer}\n`);
  });

  it("leaves no container, network, unit or firewall rule behind after destroy", async () => {
    const destroyed = await stack.run(["destroy", "--yes", "--skip-preview"]);
    expect(destroyed.code, destroyed.output).toBe(0);
    const { output } = await host.ssh(
      [
        "docker ps -aq | wc -l",
        "docker network ls --format '{{.Name}}' | grep -c swiftdeploy || true",
        "(systemctl cat swiftdeploy-detector@api.service || systemctl cat swiftdeploy-detector.service) >/dev/null 2>&1 && echo unit-present || echo unit-gone",
        "systemctl cat swiftdeploy-api-access-log.timer >/dev/null 2>&1 && echo timer-present || echo timer-gone",
        "(iptables-save; ipset list -n; nft list ruleset) 2>/dev/null | grep -ci swiftdeploy || true",
      ].join("; "),
    );
    expect(output.trim().split("\n")).toEqual(["0", "0", "unit-gone", "timer-gone", "0"]);
  });
});
