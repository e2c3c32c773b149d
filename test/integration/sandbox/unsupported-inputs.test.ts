import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTAINER_SCHEMA } from "../../../sandbox/providers/docker/container-schema";
import { IMAGE_SCHEMA } from "../../../sandbox/providers/docker/image";
import { NETWORK_SCHEMA } from "../../../sandbox/providers/docker/network";
import { REMOTE_IMAGE_SCHEMA } from "../../../sandbox/providers/docker/remote-image";
import { VOLUME_SCHEMA } from "../../../sandbox/providers/docker/volume";
import { COPY_TO_REMOTE_SCHEMA } from "../../../sandbox/providers/command/copy-to-remote";
import { LOCAL_COMMAND_SCHEMA } from "../../../sandbox/providers/command/local-command";
import { REMOTE_COMMAND_SCHEMA } from "../../../sandbox/providers/command/remote-command";
import type { InputSchema } from "../../../sandbox/providers/shared/input-schema";
import { officialInputNames } from "../../kit/pulumi/official-inputs";
import type { ProviderClient } from "../../kit/pulumi/provider-client";
import { startProvider } from "../../kit/pulumi/provider-client";
import { buildSandbox } from "../../kit/pulumi/pulumi-env";

const NOT_SUPPORTED = "not supported by the stand-in provider";

/** Official inputs of each resource that its stand-in schema does not list. */
function refused(sdkModule: string, schema: InputSchema): string[] {
  return officialInputNames(sdkModule).filter((name) => !(name in schema));
}

const DOCKER = [
  {
    type: "docker:index/container:Container",
    sdk: "@pulumi/docker/container",
    schema: CONTAINER_SCHEMA,
    base: { image: "x" },
  },
  {
    type: "docker:index/network:Network",
    sdk: "@pulumi/docker/network",
    schema: NETWORK_SCHEMA,
    base: {},
  },
  {
    type: "docker:index/volume:Volume",
    sdk: "@pulumi/docker/volume",
    schema: VOLUME_SCHEMA,
    base: {},
  },
  {
    type: "docker:index/image:Image",
    sdk: "@pulumi/docker/image",
    schema: IMAGE_SCHEMA,
    base: { imageName: "x", skipPush: true, build: { context: "/nonexistent" } },
  },
  {
    type: "docker:index/remoteImage:RemoteImage",
    sdk: "@pulumi/docker/remoteImage",
    schema: REMOTE_IMAGE_SCHEMA,
    base: { name: "x" },
  },
];
const COMMAND = [
  {
    type: "command:remote:Command",
    sdk: "@pulumi/command/remote/command",
    schema: REMOTE_COMMAND_SCHEMA,
    base: { connection: { host: "h" } },
  },
  {
    type: "command:remote:CopyToRemote",
    sdk: "@pulumi/command/remote/copyToRemote",
    schema: COPY_TO_REMOTE_SCHEMA,
    base: { connection: { host: "h" }, remotePath: "/x" },
  },
  {
    type: "command:local:Command",
    sdk: "@pulumi/command/local/command",
    schema: LOCAL_COMMAND_SCHEMA,
    base: {},
  },
];

describe("stand-in providers refuse every official input they do not implement", () => {
  const clients: Record<string, ProviderClient> = {};
  beforeAll(async () => {
    buildSandbox();
    clients["docker"] = await startProvider("docker");
    clients["command"] = await startProvider("command");
  });
  afterAll(() => Object.values(clients).forEach((c) => c.stop()));

  it("finds official inputs the stand-ins leave out, so the tables below are not empty", () => {
    expect(refused("@pulumi/docker/container", CONTAINER_SCHEMA)).toEqual([
      "cgroupParent",
      "deviceCgroupRules",
      "deviceReadBps",
      "deviceReadIops",
      "deviceRequests",
      "deviceWriteBps",
      "deviceWriteIops",
      "devices",
      "gpus",
      "platform",
      "runtime",
      "storageOpts",
      "uploads",
    ]);
    expect(refused("@pulumi/command/local/command", LOCAL_COMMAND_SCHEMA)).toEqual([
      "archivePaths",
      "assetPaths",
    ]);
  });

  const withRefusals = [
    ...DOCKER.map((r) => ({ ...r, pkg: "docker" })),
    ...COMMAND.map((r) => ({ ...r, pkg: "command" })),
  ]
    .map((r) => ({ ...r, names: refused(r.sdk, r.schema) }))
    .filter((r) => r.names.length > 0);

  describe.each(withRefusals)("$type", ({ type, base, pkg, names }) => {
    it.each(names)("refuses %s with its name in the failure", async (name) => {
      const { failures } = await (clients[pkg] as ProviderClient).check(type, {
        ...base,
        [name]: "x",
      });
      const failure = failures.find((f) => f.property === name);
      expect(failure?.reason).toContain(`${name} is ${NOT_SUPPORTED}`);
    });
  });

  it.each([
    [
      "docker:index/container:Container",
      { image: "x", networksAdvanced: [{ name: "n", macAddress: "02:42:ac:11:00:02" }] },
      "networksAdvanced[0].macAddress",
    ],
    [
      "docker:index/container:Container",
      { image: "x", healthcheck: { tests: ["NONE"], startInterval: "1s" } },
      "healthcheck.startInterval",
    ],
    [
      "docker:index/container:Container",
      { image: "x", mounts: [{ type: "volume", target: "/d", volumeOptions: { subpath: "a" } }] },
      "mounts[0].volumeOptions.subpath",
    ],
    [
      "docker:index/container:Container",
      { image: "x", volumes: [{ containerPath: "/d", selinuxRelabel: "z" }] },
      "volumes[0].selinuxRelabel",
    ],
    [
      "docker:index/image:Image",
      {
        imageName: "x",
        skipPush: true,
        build: { context: "/nonexistent", cacheFrom: { images: ["a"] } },
      },
      "build.cacheFrom",
    ],
    [
      "command:remote:Command",
      { connection: { host: "h", proxy: { host: "bastion" } } },
      "connection.proxy",
    ],
    [
      "command:remote:Command",
      { connection: { host: "h", strictHostKeyChecking: "yes" } },
      "connection.strictHostKeyChecking",
    ],
    [
      "command:remote:CopyToRemote",
      { connection: { host: "h", knownHosts: "/root/.ssh/known_hosts" }, remotePath: "/x" },
      "connection.knownHosts",
    ],
  ])("%s refuses the nested input %j at %s", async (type, news, path) => {
    const pkg = type.split(":")[0] as string;
    const { failures } = await (clients[pkg] as ProviderClient).check(type, news);
    expect(failures.find((f) => f.property === path)?.reason).toContain(
      `${path} is ${NOT_SUPPORTED}`,
    );
  });

  it("refuses skipPush: false, since the stand-in never pushes to a registry", async () => {
    const { failures } = await (clients["docker"] as ProviderClient).check(
      "docker:index/image:Image",
      { imageName: "x", skipPush: false, build: { context: "/nonexistent" } },
    );
    expect(failures.find((f) => f.property === "skipPush")?.reason).toContain(
      "pushing to a registry (skipPush: false) is not supported by the stand-in provider",
    );
  });

  it.each(["caMaterial", "certMaterial", "certPath", "context", "keyMaterial", "registryAuth"])(
    "refuses the docker provider setting %s",
    async (name) => {
      const failures = await (clients["docker"] as ProviderClient).checkConfig({
        host: "unix:///var/run/docker.sock",
        [name]: "x",
      });
      expect(failures).toEqual([
        { property: name, reason: expect.stringContaining(`${name} is ${NOT_SUPPORTED}`) },
      ]);
    },
  );

  it("accepts every implemented container input together without a failure", async () => {
    const { failures } = await (clients["docker"] as ProviderClient).check(
      "docker:index/container:Container",
      {
        image: "x",
        envs: ["A=1"],
        capabilities: { adds: ["NET_BIND_SERVICE"], drops: ["ALL"] },
        readOnly: true,
        user: "1000:1000",
        ports: [{ internal: 80, external: 8080, ip: "127.0.0.1", protocol: "tcp" }],
        networksAdvanced: [{ name: "n", aliases: ["a"] }],
        healthcheck: {
          tests: ["CMD", "true"],
          interval: "1s",
          timeout: "1s",
          retries: 2,
          startPeriod: "1s",
        },
        memory: 64,
        cpuShares: 512,
        restart: "unless-stopped",
        tmpfs: { "/tmp": "size=1m" },
        labels: [{ label: "a", value: "b" }],
        wait: true,
        waitTimeout: 10,
      },
    );
    expect(failures).toEqual([]);
  });
});
