import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { KubeClient } from "../../../components/kubernetes/kubectl-client";
import { selectorLabels, stackLabels } from "../../../components/kubernetes/render/names";
import { ManualClock } from "../../../core/clock";
import { ErrorCode, SwiftDeployError } from "../../../core/errors";
import type { Manifest } from "../../../core/manifest";
import { Role } from "../../../core/roles";
import type { Track } from "../../../core/track";
import type { HostSession } from "../../../cli/live/docker-live-stack";
import { DockerLiveStack } from "../../../cli/live/docker-live-stack";
import { labelSelector } from "../../../cli/live/kubernetes/pods";
import { KubernetesLiveStack } from "../../../cli/live/kubernetes/kubernetes-live-stack";
import type { LiveStack } from "../../../cli/live/live-stack";
import { FakeApiMetrics } from "../metrics/fake-api-metrics";
import { manifestWith } from "../manifest";

/** The stack both twins run: stable 1.0.0 and canary 1.1.0 at 25 %. */
export const MANIFEST: Manifest = manifestWith({
  release: { stable: { version: "1.0.0" }, canary: { version: "1.1.0", weight: 25 } },
});

/** The nginx.conf the proxy runs (the upstream block the CLI reads the split from). */
export const CONF =
  "upstream swiftdeploy_api {\n    server api-stable:3000 weight=75;\n    server api-canary:3000 weight=25;\n}\n";

export const TOKEN = "t0k3n";

type Backend = Track | "opa" | "dashboard";

/**
 * What runs behind the private paths, on loopback: each API track's /metrics and /chaos (the
 * canary's with the bearer token), OPA denying the canary, the detector's dashboard.
 */
export class LiveWorld {
  readonly clock = new ManualClock(Date.parse("2026-12-05T10:00:00Z"));
  readonly apis = { stable: new FakeApiMetrics(), canary: new FakeApiMetrics() };
  readonly chaos: { backend: Backend; body: unknown }[] = [];
  readonly opaInputs: unknown[] = [];
  private readonly servers = new Map<Backend, Server>();

  static async start(): Promise<LiveWorld> {
    const world = new LiveWorld();
    for (const backend of ["stable", "canary", "opa", "dashboard"] as const) {
      world.servers.set(backend, await world.listen(backend));
    }
    return world;
  }

  url(backend: Backend): string {
    const server = this.servers.get(backend) as Server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private listen(backend: Backend): Promise<Server> {
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        void this.answer(backend, req.method ?? "GET", req.url ?? "/", req.headers, body).then(
          ([status, text]) => res.writeHead(status).end(text),
        );
      });
    });
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
  }

  private async answer(
    backend: Backend,
    method: string,
    url: string,
    headers: Record<string, string | string[] | undefined>,
    body: string,
  ): Promise<[number, string]> {
    if ((backend === "stable" || backend === "canary") && url === "/metrics") {
      return [200, (await this.apis[backend].scrape(this.clock.now())).text];
    }
    if ((backend === "stable" || backend === "canary") && method === "POST" && url === "/chaos") {
      if (headers.authorization !== `Bearer ${TOKEN}`) return [401, '{"message":"bad token"}'];
      const request = JSON.parse(body) as Record<string, unknown>;
      this.chaos.push({ backend, body: request });
      return [200, JSON.stringify({ chaos: request })];
    }
    if (backend === "opa" && url === "/v1/data/swiftdeploy/canary/decision") {
      this.opaInputs.push((JSON.parse(body) as { input: unknown }).input);
      const reasons = ["Error rate 50.00% exceeds maximum 1.00% (10 of 20 requests failed)"];
      return [200, JSON.stringify({ result: { allow: false, verdict: "reject", reasons } })];
    }
    if (backend === "dashboard" && url === "/api/status") {
      const listed = [{ ip: "203.0.113.7", rule: "client-rate", until: null }];
      return [200, JSON.stringify({ bans: { active: 1, listed } })];
    }
    return [404, "{}"];
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.servers.values()].map(
        (s) => new Promise((resolve) => s.close(() => resolve(undefined))),
      ),
    );
  }
}

/** docker inspect of one container, as the host answers it. */
function inspect(name: string, role: string, version: string | null, ip: string) {
  return {
    Name: `/${name}`,
    Config: {
      Labels: {
        "dev.swiftdeploy.role": role,
        ...(version === null ? {} : { "dev.swiftdeploy.version": version }),
      },
    },
    State: { Running: true, Health: { Status: "healthy" } },
    NetworkSettings: { Networks: { "swiftdeploy-net": { IPAddress: ip } } },
  };
}

const DOCKER_ADDRESSES: Record<string, Backend> = {
  "172.18.0.2:3000": "stable",
  "172.18.0.3:3000": "canary",
  "172.18.0.4:8181": "opa",
  "127.0.0.1:9180": "dashboard",
};

/** A recording twin of the SSH connection to a Docker host running the world's stack. */
export function hostTwin(world: LiveWorld, calls: string[]): HostSession {
  const framed = (output: string, code = 0) => `${output}\n@@swiftdeploy-exit ${code}\n`;
  return {
    async exec(command) {
      calls.push(`exec ${command.split("\n")[0]}`);
      if (command.includes("docker ps -q --filter")) {
        return framed(
          JSON.stringify([
            inspect("api-canary-1.1.0", "api-canary", "1.1.0", "172.18.0.3"),
            inspect("api-opa", "opa", null, "172.18.0.4"),
            inspect("api-proxy", "proxy", null, "172.18.0.5"),
            inspect("api-stable-1.0.0", "api-stable", "1.0.0", "172.18.0.2"),
          ]),
        );
      }
      if (command.includes("/nginx.conf'")) return framed(CONF);
      if (command.includes("audit.jsonl")) return framed('{"event":"ban","ip":"203.0.113.7"}');
      return framed("not found", 1);
    },
    async forward({ host, port }) {
      calls.push(`forward ${host}:${port}`);
      const backend = DOCKER_ADDRESSES[`${host}:${port}`];
      return {
        baseUrl: backend ? world.url(backend) : "http://127.0.0.1:9",
        close: async () => {},
      };
    },
    close: () => void calls.push("close"),
  };
}

/** A pod as the API server lists it. */
export function pod(
  name: string,
  role: string,
  options: { version?: string; ready?: boolean; phase?: string; deleting?: boolean } = {},
) {
  return {
    metadata: {
      name,
      labels: {
        ...stackLabels(MANIFEST),
        "dev.swiftdeploy.role": role,
        ...(options.version === undefined ? {} : { "dev.swiftdeploy.version": options.version }),
      },
      creationTimestamp: "2026-12-05T09:00:00Z",
      ...(options.deleting === true ? { deletionTimestamp: "2026-12-05T10:00:00Z" } : {}),
    },
    status: {
      phase: options.phase ?? "Running",
      podIP: "10.244.1.7",
      conditions: [{ type: "Ready", status: options.ready === false ? "False" : "True" }],
    },
  };
}

/** The world's stack on a cluster: namespace `sd`, the detector's `sd-detector`. */
export const NAMESPACES = { app: "sd", detector: "sd-detector" } as const;

/**
 * A recording twin of kubectl on a cluster running the world's stack; `pods` replaces the
 * application's pods (the API tracks, two Nginx pods, OPA by default).
 */
export function kubeTwin(
  world: LiveWorld,
  calls: string[],
  pods: unknown[] = [
    pod("api-canary-7c9d-x2", Role.ApiCanary, { version: "1.1.0" }),
    pod("api-stable-5f4b-k8", Role.ApiStable, { version: "1.0.0" }),
    pod("opa-6d8f-q1", Role.Opa),
    pod("proxy-a1", Role.Proxy),
    pod("proxy-b2", Role.Proxy),
  ],
): KubeClient {
  const app = `/api/v1/namespaces/${NAMESPACES.app}`;
  const answers: Record<string, unknown> = {
    [`${app}/pods?labelSelector=${labelSelector(stackLabels(MANIFEST))}`]: { items: pods },
    [`${app}/pods?labelSelector=${labelSelector(selectorLabels(MANIFEST, Role.Opa))}`]: {
      items: pods.filter((p) => (p as ReturnType<typeof pod>).metadata.name.startsWith("opa-")),
    },
    [`/api/v1/namespaces/${NAMESPACES.detector}/pods?labelSelector=${labelSelector(selectorLabels(MANIFEST, Role.Detector))}`]:
      {
        items: [
          { ...pod("detector-w1", Role.Detector), spec: { nodeName: "worker-1" } },
          {
            ...pod("detector-w2", Role.Detector, { ready: false, phase: "Pending" }),
            spec: { nodeName: "worker-2" },
          },
        ],
      },
    [`/apis/apps/v1/namespaces/${NAMESPACES.app}/daemonsets?labelSelector=${labelSelector(selectorLabels(MANIFEST, Role.Proxy))}`]:
      {
        items: [
          {
            metadata: { name: "proxy" },
            spec: {
              template: {
                spec: {
                  volumes: [
                    { name: "config", configMap: { name: "proxy-config-0123456789" } },
                    { name: "tmp", emptyDir: {} },
                  ],
                },
              },
            },
          },
        ],
      },
    [`${app}/configmaps/proxy-config-0123456789`]: { data: { "nginx.conf": CONF } },
  };
  return {
    async getJson(apiPath) {
      calls.push(`GET ${apiPath}`);
      if (apiPath in answers) return answers[apiPath];
      throw new SwiftDeployError(ErrorCode.RemoteFailed, `kubectl get --raw ${apiPath} failed`, [
        "Error from server (NotFound)",
      ]);
    },
    async portForward(namespace, name, port) {
      calls.push(`forward ${namespace}/${name}:${port}`);
      const backend: Backend | undefined = name.startsWith("api-stable")
        ? "stable"
        : name.startsWith("api-canary")
          ? "canary"
          : name.startsWith("opa") && port === 8181
            ? "opa"
            : undefined;
      return {
        baseUrl: backend ? world.url(backend) : "http://127.0.0.1:9",
        close: async () => void calls.push(`close forward ${name}:${port}`),
      };
    },
    async exec(namespace, name, command) {
      calls.push(`exec ${namespace}/${name}: ${command.join(" ")}`);
      return detectorExec(command);
    },
    close: () => void calls.push("close kubectl"),
  };
}

/** A ban as a detector pod's `bans --json` lists it. */
export const TWIN_BAN = {
  ip: "203.0.113.66",
  rule: "zscore",
  step: 1,
  bannedAt: "2026-12-05T09:30:00.000Z",
  until: "2026-12-05T09:40:00.000Z",
  secondsLeft: 600,
  enforcedBy: "nftables",
  decision: { rule: "zscore", evidence: { requests: 900, rate: 15, windowSeconds: 60 } },
};

/** What the twin's detector pods answer: their CLI's verbs, and their audit log (`sh -c cat`). */
function detectorExec(command: readonly string[]): { exitCode: number; output: string } {
  const verb = command[2];
  if (command[0] === "sh")
    return {
      exitCode: 0,
      output: `{"time":"2026-12-05T09:30:00.000Z","event":"ban","ip":"${TWIN_BAN.ip}","rule":"zscore"}\n`,
    };
  // As the real CLI: its verbs answer in JSON and take no --json.
  if (command.includes("--json"))
    return { exitCode: 2, output: "swiftdeploy-detector: Unknown option '--json'\n" };
  if (verb === "bans")
    return { exitCode: 0, output: `${JSON.stringify({ total: 1, rows: [TWIN_BAN] })}\n` };
  if (verb === "explain")
    return {
      exitCode: 0,
      output: `${JSON.stringify({ ip: command[3], banned: TWIN_BAN, offender: null, history: [] })}\n`,
    };
  return { exitCode: 2, output: `swiftdeploy-detector: the twin does not answer ${verb}\n` };
}

/** Both targets' live stacks on the same world, for tests that must hold on each. */
export const TWINS: readonly {
  readonly target: string;
  open(world: LiveWorld, calls: string[]): LiveStack;
}[] = [
  {
    target: "docker",
    open: (world, calls) =>
      new DockerLiveStack(hostTwin(world, calls), MANIFEST, "root@203.0.113.10"),
  },
  {
    target: "kubernetes",
    open: (world, calls) =>
      new KubernetesLiveStack(kubeTwin(world, calls), MANIFEST, NAMESPACES, "namespace sd"),
  },
];
