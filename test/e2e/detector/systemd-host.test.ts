import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLOOD, GET } from "../../kit/detector/probes";
import { bootTestHost, clientRun, type TestHost } from "../../kit/host/detector-host";
import { REPO_ROOT } from "../../kit/repo-root";

// The detector as the stack installs it: a real systemd host (sandbox/host), the shipped Node 22
// runtime and bundle copied in over SSH, `install`, a real Nginx container publishing a port, a
// flood from another machine on the network, SIGHUP, restart, `uninstall`.
const NODE_RUNTIME = "/var/cache/swiftdeploy/tools/node-v22.23.3/bin/node";
const BUNDLE = path.join(REPO_ROOT, "dist/detector/swiftdeploy-detector.js");
const NODE = "/opt/swiftdeploy/runtime/node";
const DETECTOR = `${NODE} /opt/swiftdeploy/detector/swiftdeploy-detector.js`;
const CONFIG = "/etc/swiftdeploy/e2e/detector.json";
const ENV_FILE = "/etc/swiftdeploy/e2e/detector.env";
const LOG_DIR = "/var/log/swiftdeploy/e2e";
const STATE = "/var/lib/swiftdeploy/e2e/detector";
const ATTACKER = "172.31.250.121";
const BENIGN = "172.31.250.122";
const TAG = "swiftdeploy-detector:sde2e";
const UNIT = "swiftdeploy-detector@e2e.service";
const TEMPLATE = "/etc/systemd/system/swiftdeploy-detector@.service";
// A second service on the same host: its own instance, config, log, state, sets and dashboard port.
const CONFIG2 = "/etc/swiftdeploy/e2e2/detector.json";
const LOG_DIR2 = "/var/log/swiftdeploy/e2e2";
const STATE2 = "/var/lib/swiftdeploy/e2e2/detector";
const UNIT2 = "swiftdeploy-detector@e2e2.service";

const config = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    logPath: `${LOG_DIR}/access.json`,
    stateDir: STATE,
    enforcement: { setName: "sde2e" },
    bans: { stepsMinutes: [30] },
    ...extra,
  });

const NGINX_CONF = `worker_processes 1;
pid /tmp/nginx.pid;
events { worker_connections 1024; }
http {
  client_body_temp_path /tmp/body; proxy_temp_path /tmp/proxy; fastcgi_temp_path /tmp/fastcgi;
  uwsgi_temp_path /tmp/uwsgi; scgi_temp_path /tmp/scgi;
  log_format swiftdeploy_json escape=json '{"source_ip":"$remote_addr","timestamp":"$time_iso8601","method":"$request_method","path":"$uri","status":$status,"response_size":$body_bytes_sent,"request_time":$request_time,"upstream_addr":"$upstream_addr","upstream_status":"$upstream_status","upstream_response_time":"$upstream_response_time","host":"$host","user_agent":"$http_user_agent","xff":"$http_x_forwarded_for"}';
  access_log /logs/access.json swiftdeploy_json;
  server { listen 8080; location / { return 200 "ok\\n"; } }
}
`;

const HOST_WEB = `require("http").createServer((q, s) => s.end("host ok\\n")).listen(18081, "0.0.0.0");`;

let host: TestHost;

function get(from: string, port: number): string {
  return clientRun(from, GET, [`http://${host.address}:${port}/`, "2500"]).stdout.trim();
}

function journal(unit = UNIT): Record<string, unknown>[] {
  return host
    .must(`journalctl -u ${unit} -o cat --no-pager`)
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function until(what: string, check: () => boolean, limitMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + limitMs; !check(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function mainPid(unit = UNIT): string {
  return host.must(`systemctl show -p MainPID --value ${unit}`).trim();
}

/** The single unit of earlier installs, as they wrote it (Type=simple, one per host). */
const LEGACY_UNIT = `[Unit]
Description=SwiftDeploy DDoS detector (reads Nginx's access log, bans in the kernel)
After=network-online.target docker.service

[Service]
Type=simple
EnvironmentFile=-${ENV_FILE}
ExecStart=${DETECTOR} run --config ${CONFIG}
ExecReload=/bin/kill -HUP $MAINPID
Restart=on-failure

[Install]
WantedBy=multi-user.target
`;

function cleanHost(): void {
  host.ssh(`${DETECTOR} uninstall --config ${CONFIG2} --purge`);
  host.ssh(`${DETECTOR} uninstall --config ${CONFIG} --env-file ${ENV_FILE} --purge`);
  host.ssh("docker rm -f sdt-web; systemctl stop sdt-hostweb; systemctl reset-failed sdt-hostweb");
}

beforeAll(() => {
  if (!fs.existsSync(NODE_RUNTIME))
    throw new Error(
      `${NODE_RUNTIME} is missing: \`npm run setup\` caches the Node 22 runtime there`,
    );
  const build = spawnSync(process.execPath, ["scripts/build.mjs"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  host = bootTestHost();
  host.must(
    `mkdir -p /opt/swiftdeploy/runtime /opt/swiftdeploy/detector /etc/swiftdeploy/e2e ${LOG_DIR}`,
  );
  cleanHost();
  host.copy(NODE_RUNTIME, NODE);
  host.copy(BUNDLE, "/opt/swiftdeploy/detector/swiftdeploy-detector.js");
  host.must(`chmod 0755 ${NODE} && ${NODE} --version`);
  host.must(`cat > ${CONFIG} <<'EOF'\n${config()}\nEOF`);
  host.must(
    `printf 'SWIFTDEPLOY_ALERT_WEBHOOK_URL=http://127.0.0.1:9/services/e2e-secret\\n' > ${ENV_FILE} && chmod 600 ${ENV_FILE}`,
  );
  // Nginx as the stack runs it: a non-root container publishing a port, writing the JSON log.
  host.must(`chown 10001:10001 ${LOG_DIR} && rm -f ${LOG_DIR}/access.json`);
  host.must(`cat > /etc/swiftdeploy/e2e/nginx.conf <<'EOF'\n${NGINX_CONF}EOF`);
  host.must(
    `docker run -d --name sdt-web --user 10001:10001 -p 18080:8080 -v /etc/swiftdeploy/e2e/nginx.conf:/etc/nginx/nginx.conf:ro -v ${LOG_DIR}:/logs swiftdeploy/nginx:bookworm`,
  );
  host.must(`cat > /etc/swiftdeploy/e2e/host-web.js <<'EOF'\n${HOST_WEB}\nEOF`);
  host.must(`systemd-run --unit sdt-hostweb ${NODE} /etc/swiftdeploy/e2e/host-web.js`);
}, 600_000);

afterAll(() => {
  if (host === undefined) return;
  cleanHost();
  host.ssh(`${DETECTOR} uninstall --config /etc/swiftdeploy/e2e/input-only.json --purge`);
  host.ssh(
    "rm -rf /etc/swiftdeploy/e2e /etc/swiftdeploy/e2e2 /var/log/swiftdeploy/e2e /var/log/swiftdeploy/e2e2 /opt/swiftdeploy",
  );
  if (!host.wasRunning) host.destroy();
}, 300_000);

describe("the detector as a systemd service on a real host", () => {
  it("installs: the unit runs with only CAP_NET_ADMIN and CAP_NET_RAW in a read-only system, and the self-test proves both paths", () => {
    expect(get(ATTACKER, 18080)).toBe("200");
    const r = host.ssh(
      `${DETECTOR} install --config ${CONFIG} --env-file ${ENV_FILE} --node ${NODE}`,
    );
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(status).toMatchObject({
      status: "installed",
      unit: UNIT,
      template: TEMPLATE,
      dropIn: null,
      migrated: null,
      unitChanged: true,
      active: "active",
      backend: "ipset",
      sets: ["sde2e-v4", "sde2e-v6"],
      selftest: { ok: true },
    });
    expect((status.rules as string[]).slice(0, 2)).toEqual([
      "iptables DOCKER-USER",
      "iptables INPUT",
    ]);
    const selftest = JSON.parse(host.must(`cat ${STATE}/selftest.json`)) as {
      checks: { name: string; ok: boolean }[];
    };
    expect(
      selftest.checks.map((c) => [c.name.replace(/^host port \d+$/, "host port N"), c.ok]),
    ).toEqual([
      ["host port N", true],
      ["Docker-published port *:18080", true],
    ]);
    const show = host.must(
      `systemctl show ${UNIT} -p CapabilityBoundingSet -p AmbientCapabilities -p NoNewPrivileges -p ProtectSystem -p ProtectHome -p PrivateTmp -p Restart -p ExecReload -p Type -p StatusText`,
    );
    // Type=notify: systemd saw it ready only because the daemon said so (systemd-notify's status).
    expect(show).toContain("Type=notify\n");
    expect(show).toContain("StatusText=following the log\n");
    expect(show).toContain("CapabilityBoundingSet=cap_net_admin cap_net_raw\n");
    expect(show).toContain("AmbientCapabilities=cap_net_admin cap_net_raw\n");
    expect(show).toContain("NoNewPrivileges=yes\n");
    expect(show).toContain("ProtectSystem=strict\n");
    expect(show).toContain("ProtectHome=yes\n");
    expect(show).toContain("PrivateTmp=yes\n");
    expect(show).toContain("Restart=on-failure\n");
    expect(show).toContain("/bin/kill -HUP $MAINPID");
    const caps = host.must(`grep -E '^Cap(Eff|Bnd)' /proc/${mainPid()}/status`);
    expect(caps).toBe("CapEff:\t0000000000003000\nCapBnd:\t0000000000003000\n");
    const unit = host.must(`cat ${TEMPLATE}`);
    expect(unit).toContain(
      `ExecStart=${DETECTOR} run --config /etc/swiftdeploy/%i/detector.json\n`,
    );
    expect(unit).toContain("EnvironmentFile=-/etc/swiftdeploy/%i/detector.env\n");
    expect(unit).toContain("StateDirectory=swiftdeploy/%i/detector\n");
    // systemd made the runtime folder, root-only, and the state folder the config points at.
    expect(host.must("stat -c '%a %U' /run/swiftdeploy-detector/e2e").trim()).toBe("700 root");
    expect(host.must(`systemctl show ${UNIT} -p StateDirectory --value`).trim()).toBe(
      "swiftdeploy/e2e/detector",
    );
    // The webhook URL stays in the 0600 env file: the journal shows its redacted form only.
    const log = host.must(`journalctl -u ${UNIT} -o cat --no-pager`);
    expect(log).toContain('"webhook":"http://127.0.0.1:9/…"');
    expect(log).not.toContain("e2e-secret");
  });

  it("installs again idempotently: same unit, one rule per chain, still active", () => {
    const again = JSON.parse(
      host.must(`${DETECTOR} install --config ${CONFIG} --env-file ${ENV_FILE} --node ${NODE}`),
    ) as Record<string, unknown>;
    expect(again).toMatchObject({ unitChanged: false, active: "active" });
    // DOCKER-USER: one rule. INPUT: two, since the SSH port is exempt (TCP to other ports, and
    // everything not TCP).
    const chains = host.must(`iptables -S | grep '${TAG}' | awk '{print $2}'`).trim().split("\n");
    expect(chains.sort()).toEqual(["DOCKER-USER", "INPUT", "INPUT"]);
  });

  it("bans a flood through the published Nginx port: the attacker is dropped at DOCKER-USER and on a host listener (INPUT); a benign client still gets 200", async () => {
    const flood = JSON.parse(
      clientRun(ATTACKER, FLOOD, [`http://${host.address}:18080/`, "3000", "300"]).stdout,
    ) as {
      ok: number;
      firstFailMs: number | null;
    };
    expect(flood.firstFailMs).not.toBeNull();
    expect(flood.ok).toBeGreaterThanOrEqual(180);
    await until("the kernel ban", () => host.ssh(`ipset test sde2e-v4 ${ATTACKER}`).code === 0);
    expect(get(ATTACKER, 18080)).toBe("timeout");
    expect(get(ATTACKER, 18081)).toBe("timeout");
    expect(get(BENIGN, 18080)).toBe("200");
    expect(get(BENIGN, 18081)).toBe("200");
    const dropped = host
      .must(`iptables -L DOCKER-USER -v -x -n | grep 'sde2e-v4'`)
      .trim()
      .split(/\s+/);
    expect(Number(dropped[0])).toBeGreaterThan(0);
    const why = JSON.parse(host.must(`${DETECTOR} explain ${ATTACKER} --config ${CONFIG}`)) as {
      banned: {
        rule: string;
        enforcedBy: string;
        decision: { evidence: { requests: number; samples: string[] } };
      };
    };
    expect(why.banned.rule).toBe("zscore");
    expect(why.banned.enforcedBy).toBe("ipset");
    expect(why.banned.decision.evidence.requests).toBe(181);
    expect(why.banned.decision.evidence.samples[0]).toContain(`"source_ip":"${ATTACKER}"`);
    const api = JSON.parse(host.must("curl -s http://127.0.0.1:9180/api/status")) as {
      bans: { active: number };
    };
    expect(api.bans.active).toBe(1);
  });

  it("reloads its config on SIGHUP (systemctl reload) without restarting, and refuses a broken file", async () => {
    const pid = mainPid();
    host.must(`cat > ${CONFIG} <<'EOF'\n${config({ dashboard: { refreshSeconds: 7 } })}\nEOF`);
    host.must(`systemctl reload ${UNIT}`);
    await until("the reload", () => journal().some((l) => l.msg === "configuration reloaded"));
    expect(journal().find((l) => l.msg === "configuration reloaded")!.changed).toEqual([
      "dashboard",
    ]);
    expect(host.must("curl -s http://127.0.0.1:9180/")).toContain('data-refresh="7"');
    host.must(`echo '{"windowSeconds": 1}' > ${CONFIG}`);
    host.must(`systemctl reload ${UNIT}`);
    await until("the refusal", () =>
      journal().some((l) => l.msg === "configuration reload refused; keeping the running one"),
    );
    expect(mainPid()).toBe(pid);
    expect(host.must(`systemctl is-active ${UNIT}`).trim()).toBe("active");
    host.must(`cat > ${CONFIG} <<'EOF'\n${config()}\nEOF`);
    expect(host.ssh(`ipset test sde2e-v4 ${ATTACKER}`).code).toBe(0);
  });

  it("keeps the ban in the kernel while stopped and after a restart, without adding it twice", async () => {
    host.must(`systemctl stop ${UNIT}`);
    expect(host.ssh(`ipset test sde2e-v4 ${ATTACKER}`).code).toBe(0);
    expect(get(ATTACKER, 18080)).toBe("timeout");
    const before = journal().filter((l) => l.msg === "reconciled with the ledger").length;
    host.must(`systemctl start ${UNIT}`);
    await until(
      "the reconciliation",
      () => journal().filter((l) => l.msg === "reconciled with the ledger").length > before,
    );
    const last = journal()
      .filter((l) => l.msg === "reconciled with the ledger")
      .at(-1)!;
    expect(last).toMatchObject({ backend: "ipset", held: 1, added: 0, removed: 0 });
    expect(host.must("ipset save sde2e-v4 | grep -c '^add'").trim()).toBe("1");
  });

  it("runs a second service beside it: two instances of the template, both active, each with its own config, state, runtime folder, sets and bans", () => {
    host.must(`mkdir -p /etc/swiftdeploy/e2e2 ${LOG_DIR2} && touch ${LOG_DIR2}/access.json`);
    const second = JSON.stringify({
      logPath: `${LOG_DIR2}/access.json`,
      stateDir: STATE2,
      enforcement: { setName: "sde2e2" },
      dashboard: { port: 9181 },
    });
    host.must(`cat > ${CONFIG2} <<'EOF'\n${second}\nEOF`);
    const installed = JSON.parse(
      host.must(`${DETECTOR} install --config ${CONFIG2} --node ${NODE}`),
    ) as Record<string, unknown>;
    expect(installed).toMatchObject({
      unit: UNIT2,
      unitChanged: false, // the template is shared, and this instance needs no drop-in
      active: "active",
      sets: ["sde2e2-v4", "sde2e2-v6"],
    });
    expect(host.must(`systemctl is-active ${UNIT} ${UNIT2}`).trim().split("\n")).toEqual([
      "active",
      "active",
    ]);
    expect(mainPid(UNIT2)).not.toBe(mainPid(UNIT));
    expect(host.must(`systemctl show ${UNIT2} -p StatusText --value`).trim()).toBe(
      "following the log",
    );
    // Each reads its own config and keeps its own state: the first holds the ban, the second none.
    const bans = (config: string) =>
      (JSON.parse(host.must(`${DETECTOR} bans --config ${config}`)) as { total: number }).total;
    expect([bans(CONFIG), bans(CONFIG2)]).toEqual([1, 0]);
    expect(host.ssh(`test -S ${STATE}/control.sock && test -S ${STATE2}/control.sock`).code).toBe(
      0,
    );
    expect(host.must("ls /run/swiftdeploy-detector").trim().split("\n")).toEqual(["e2e", "e2e2"]);
    const status2 = JSON.parse(host.must("curl -s http://127.0.0.1:9181/api/status")) as {
      bans: { active: number };
    };
    expect(status2.bans.active).toBe(0);

    // Removing the second leaves the first, and the template it runs from, in place.
    const removed = JSON.parse(
      host.must(`${DETECTOR} uninstall --config ${CONFIG2} --purge`),
    ) as Record<string, unknown>;
    expect(removed).toMatchObject({
      unit: UNIT2,
      unitRemoved: true,
      sets: ["sde2e2-v4", "sde2e2-v6"],
    });
    expect(host.must(`systemctl is-active ${UNIT}`).trim()).toBe("active");
    expect(host.ssh(`test -e ${TEMPLATE}`).code).toBe(0);
    expect(host.ssh("test -e /run/swiftdeploy-detector/e2e2").code).toBe(1);
  });

  it("migrates an install of the single unit of earlier versions: stopped, disabled, removed; the instance takes over with its state and bans", async () => {
    const before = JSON.parse(host.must(`${DETECTOR} explain ${ATTACKER} --config ${CONFIG}`)) as {
      banned: { bannedAt: string };
    };
    // The host as an earlier version left it: the single unit running this config, no template.
    host.must(`systemctl disable --now ${UNIT} && rm ${TEMPLATE} && systemctl daemon-reload`);
    host.must(`cat > /etc/systemd/system/swiftdeploy-detector.service <<'EOF'\n${LEGACY_UNIT}EOF`);
    host.must("systemctl daemon-reload && systemctl enable --now swiftdeploy-detector.service");
    await until("the earlier unit", () =>
      journal("swiftdeploy-detector.service").some((l) => l.msg === "log opened"),
    );

    const out = JSON.parse(
      host.must(`${DETECTOR} install --config ${CONFIG} --env-file ${ENV_FILE} --node ${NODE}`),
    ) as Record<string, unknown>;
    expect(out).toMatchObject({
      unit: UNIT,
      active: "active",
      migrated: { from: "swiftdeploy-detector.service", to: UNIT, config: CONFIG },
    });
    expect(host.ssh("test -e /etc/systemd/system/swiftdeploy-detector.service").code).toBe(1);
    expect(host.ssh("systemctl is-enabled swiftdeploy-detector.service").stdout.trim()).not.toBe(
      "enabled",
    );
    expect(host.must(`systemctl is-enabled ${UNIT}`).trim()).toBe("enabled");
    const after = JSON.parse(host.must(`${DETECTOR} explain ${ATTACKER} --config ${CONFIG}`)) as {
      banned: { bannedAt: string };
    };
    expect(after.banned.bannedAt).toBe(before.banned.bannedAt);
    expect(host.ssh(`ipset test sde2e-v4 ${ATTACKER}`).code).toBe(0);
    expect(get(ATTACKER, 18080)).toBe("timeout");
  });

  it("uninstalls: the unit, every rule and every set are gone, and uninstalling again succeeds", () => {
    const out = JSON.parse(
      host.must(`${DETECTOR} uninstall --config ${CONFIG} --env-file ${ENV_FILE}`),
    ) as Record<string, unknown>;
    expect(out).toMatchObject({
      status: "uninstalled",
      unit: UNIT,
      unitRemoved: true,
      sets: ["sde2e-v4", "sde2e-v6"],
    });
    expect(host.ssh(`systemctl is-active ${UNIT}`).stdout.trim()).not.toBe("active");
    expect(host.ssh(`test -e ${TEMPLATE}`).code).toBe(1);
    expect(host.must("iptables-save; ip6tables-save").includes("sde2e")).toBe(false);
    expect(host.must("ipset list -n")).not.toContain("sde2e");
    expect(get(ATTACKER, 18080)).toBe("200");
    const again = host.ssh(`${DETECTOR} uninstall --config ${CONFIG} --env-file ${ENV_FILE}`);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      status: "uninstalled",
      unitRemoved: false,
      sets: [],
    });
  });

  it("the self-test fails loudly when the bans sit only in INPUT in front of the published port", () => {
    const file = "/etc/swiftdeploy/e2e/input-only.json";
    host.must(
      `cat > ${file} <<'EOF'\n${config({ stateDir: `${STATE}-input-only`, enforcement: { setName: "sde2e", chains: { dockerUser: false, input: true } } })}\nEOF`,
    );
    const r = host.ssh(`${DETECTOR} selftest --config ${file} --setup`);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as { ok: boolean; message: string };
    expect(result.ok).toBe(false);
    expect(result.message).toContain(
      "Docker-published port *:18080: NOT dropped: a banned address reached 198.18.255.253:18080 (connected): bans are not on the forward path (DOCKER-USER): rules in INPUT alone do not stop traffic to Docker-published ports",
    );
    expect(r.stderr).toContain("ENFORCEMENT SELF-TEST FAILED");
    expect(host.must(`${DETECTOR} uninstall --config ${file} --purge`)).toContain(
      '"status":"uninstalled"',
    );
  });
});
