import { existsSync } from "node:fs";
import path from "node:path";
import { OpaDecisionPath } from "../../gate";
import { hostIpv6Error, ip6tablesCheckCommand } from "../../components/host-ipv6";
import { checkHostAccess } from "../../components/host-preflight";
import { hostPaths, OPA_PORT } from "../../components/naming";
import { proxyConfig } from "../../components/render/proxy-container";
import { ROOT_USER } from "../../components/root-shell";
import type { Manifest } from "../../core/manifest";
import { Role } from "../../core/roles";
import type { DockerLiveStack } from "../live/docker-live-stack";
import type { PreflightCheck } from "./preflight";

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** Images: the API's Dockerfile exists, and every image the stack builds from or runs is on the host or pullable. */
export function imagesCheck(
  live: DockerLiveStack,
  manifest: Manifest,
  projectDir: string,
): PreflightCheck {
  return {
    name: "images buildable",
    async run() {
      const dockerfile = path.join(projectDir, manifest.service.source, "Dockerfile");
      if (!existsSync(dockerfile)) throw new Error(`the API's Dockerfile ${dockerfile} is missing`);
      const images = [manifest.images.base, manifest.images.nginx, manifest.images.opa];
      const script = images
        .map(
          (i) =>
            `if docker image inspect ${quote(i)} >/dev/null 2>&1; then echo "present ${i}"; elif docker manifest inspect ${quote(i)} >/dev/null 2>&1; then echo "pullable ${i}"; else echo "missing ${i}"; fi`,
        )
        .join("; ");
      const result = await live.run(script);
      const lines = result.output.trim().split("\n");
      const missing = lines.filter((l) => l.startsWith("missing ")).map((l) => l.slice(8));
      if (result.exitCode !== 0 || missing.length > 0) {
        throw new Error(
          `not on the host and not pullable: ${missing.join(", ") || result.output.trim()}; build or load them on the host (npm run setup does for the test host), or point images.* at pullable ones`,
        );
      }
      return {
        status: "pass",
        detail: `${path.relative(projectDir, dockerfile)} present; ${lines.join(", ")}`,
      };
    },
  };
}

/** The public port: free, or already published by this stack's own proxy. */
export function portCheck(live: DockerLiveStack, manifest: Manifest): PreflightCheck {
  const port = manifest.proxy.publicPort;
  return {
    name: "public port free",
    async run() {
      const listeners = await live.run(`ss -Hltn 'sport = :${port}'`);
      if (listeners.exitCode !== 0)
        throw new Error(`cannot list listeners on the host: ${listeners.output.trim()}`);
      if (listeners.output.trim() === "")
        return { status: "pass", detail: `nothing listens on ${port} on the host` };
      const publisher = await live.run(
        `docker ps --filter publish=${port} --format '{{.Names}} {{.Label "dev.swiftdeploy.role"}} {{.Label "dev.swiftdeploy.service"}}'`,
      );
      const [name, role, service] = publisher.output.trim().split(" ");
      if (role === Role.Proxy && service === manifest.service.name) {
        return {
          status: "pass",
          detail: `published by this stack's proxy ${name} (an update keeps it)`,
        };
      }
      throw new Error(
        `port ${port} is taken on the host (${name ? `container ${name}` : listeners.output.trim().split("\n")[0]}); free it or set proxy.publicPort`,
      );
    },
  };
}

/** `nginx -t` of the generated config, in the stack's nginx image on the host (upstream names mapped to loopback). */
export function nginxCheck(live: DockerLiveStack, manifest: Manifest): PreflightCheck {
  return {
    name: "nginx -t",
    async run() {
      const paths = hostPaths(manifest.service.name);
      const conf = Buffer.from(proxyConfig(manifest, paths)).toString("base64");
      const inner = `mkdir -p ${quote(paths.logDir)} && echo ${conf} | base64 -d > /tmp/nginx.conf && nginx -e stderr -t -c /tmp/nginx.conf`;
      const result = await live.run(
        `docker run --rm --network none --add-host api-stable:127.0.0.1 --add-host api-canary:127.0.0.1 --entrypoint sh ${quote(manifest.images.nginx)} -c ${quote(inner)}`,
      );
      const output = result.output
        .trim()
        .split("\n")
        .filter((l) => l.includes("nginx:"))
        .join(" ");
      if (result.exitCode !== 0) throw new Error(output || result.output.trim());
      return { status: "pass", detail: `${manifest.images.nginx}: ${output || "syntax is ok"}` };
    },
  };
}

/** OPA: its container answers /health and has the canary policy loaded (skipped before the first deploy). */
export function opaCheck(live: DockerLiveStack): PreflightCheck {
  return {
    name: "OPA reachable",
    async run() {
      const opa = (await live.containers()).find((c) => c.role === Role.Opa);
      if (opa === undefined)
        return {
          status: "skip",
          detail:
            "no OPA container yet: the first deploy starts it (and the deploy gate waits for it)",
        };
      if (!opa.running || opa.address === null)
        throw new Error(`container ${opa.name} is ${opa.health}`);
      const health = await live.request(opa.address, OPA_PORT, "/health");
      if (!health.ok) throw new Error(`${opa.name} answered /health with HTTP ${health.status}`);
      const decision = await (await live.opa()).queryDecision(OpaDecisionPath.Canary, {});
      if (decision.failure !== undefined) throw new Error(decision.reasons.join("; "));
      return {
        status: "pass",
        detail: `${opa.name} answers /health; data.${OpaDecisionPath.Canary.replace(/\//g, ".")} is loaded`,
      };
    },
  };
}

/** The deploy user's rights: root, or `sudo -n` and Docker for another user (what `pulumi up` checks first). */
export function hostAccessCheck(
  live: Pick<DockerLiveStack, "run">,
  manifest: Manifest,
): PreflightCheck {
  const { user, address, port } = manifest.host;
  return {
    name: "deploy user's rights",
    async run() {
      if (user === ROOT_USER) return { status: "pass", detail: "root needs no sudo" };
      const session = {
        exec: async (command: string) => {
          const result = await live.run(command);
          if (result.exitCode !== 0)
            throw new Error(`\`${command}\` exited ${result.exitCode}: ${result.output.trim()}`);
          return result.output;
        },
        close: () => undefined,
      };
      await checkHostAccess({ host: address, port, user, privateKey: "" }, async () => session);
      return { status: "pass", detail: `${user}: sudo -n and Docker work` };
    },
  };
}

/** IPv6 clients: with network.ipv6.enabled, Docker on the host must publish IPv6 with ip6tables. */
export function ipv6Check(live: Pick<DockerLiveStack, "run">, manifest: Manifest): PreflightCheck {
  return {
    name: "IPv6 clients seen as themselves",
    async run() {
      if (!manifest.network.ipv6.enabled)
        return {
          status: "pass",
          detail: `network.ipv6.enabled is false: published on ${manifest.proxy.bindAddress} only, IPv6 clients are refused`,
        };
      const command = ip6tablesCheckCommand(manifest.host.user);
      const result = await live.run(command);
      if (result.exitCode !== 0)
        throw new Error(
          hostIpv6Error(
            manifest.host.address,
            `\`${command}\` exited ${result.exitCode}: ${result.output.trim()}`,
          ).message,
        );
      return {
        status: "pass",
        detail: "Docker publishes IPv6 with ip6tables: Nginx logs each IPv6 client's own address",
      };
    },
  };
}
