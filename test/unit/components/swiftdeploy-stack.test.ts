import { describe, expect, it } from "vitest";
import { ROLE_LABEL } from "../../../core/roles";
import { manifestWith } from "../../kit/manifest";
import { named, ofType, type RegisteredResource } from "../../kit/pulumi/pulumi-mocks";
import { stackResources, TEST_PRIVATE_KEY } from "../../kit/stack/stack-under-test";

const CONTAINER = "docker:index/container:Container";
const IMAGE = "docker:index/image:Image";
const COMMAND = "command:remote:Command";

type Label = { label: string; value: string };

function role(container: RegisteredResource): string | undefined {
  return (container.inputs.labels as Label[]).find((l) => l.label === ROLE_LABEL)?.value;
}

function byRole(resources: RegisteredResource[]) {
  return Object.fromEntries(ofType(resources, CONTAINER).map((c) => [role(c), c]));
}

const withCanary = manifestWith({
  release: { stable: { version: "1.0.0" }, canary: { version: "1.1.0", weight: 10 } },
});
const stableOnly = manifestWith({});

describe("the stack's resource graph", () => {
  it("publishes a port on the proxy and nowhere else", async () => {
    const containers = ofType(await stackResources(withCanary), CONTAINER);
    const publishing = containers.filter((c) => ((c.inputs.ports as unknown[]) ?? []).length > 0);
    expect(publishing.map(role)).toEqual(["proxy"]);
    expect(publishing[0]?.inputs.ports).toEqual([
      { internal: 8080, external: 8080, ip: "0.0.0.0", protocol: "tcp" },
    ]);
  });

  it.each([
    ["a canary", withCanary, ["api-canary", "api-stable", "opa", "proxy"], 2],
    ["no canary", stableOnly, ["api-stable", "opa", "proxy"], 1],
  ])(
    "with %s runs exactly its containers and one image per version",
    async (_, manifest, roles, images) => {
      const resources = await stackResources(manifest);
      expect(ofType(resources, CONTAINER).map(role).sort()).toEqual(roles);
      expect(ofType(resources, IMAGE)).toHaveLength(images);
    },
  );

  it("names each API container after its version and puts it behind its track's alias", async () => {
    const { "api-stable": stable, "api-canary": canary } = byRole(await stackResources(withCanary));
    expect(stable?.inputs.name).toBe("api-stable-1.0.0");
    expect(canary?.inputs.name).toBe("api-canary-1.1.0");
    expect(stable?.inputs.networksAdvanced).toEqual([
      { name: "swiftdeploy-net", aliases: ["api-stable"] },
    ]);
    expect(canary?.inputs.networksAdvanced).toEqual([
      { name: "swiftdeploy-net", aliases: ["api-canary"] },
    ]);
  });

  it("splits traffic by the canary's weight in the generated nginx.conf", async () => {
    const config = named(await stackResources(withCanary), "-proxy-config");
    const text = config.inputs.stdin as string;
    expect(text).toContain("server api-stable:3000 weight=90 max_fails=0;");
    expect(text).toContain("server api-canary:3000 weight=10 max_fails=0;");
  });

  it("keeps OPA on the private network only, without ports", async () => {
    const { opa } = byRole(await stackResources(withCanary));
    expect(opa?.inputs.ports ?? []).toEqual([]);
    expect(opa?.inputs.networksAdvanced).toEqual([{ name: "swiftdeploy-net", aliases: ["opa"] }]);
  });

  it("makes the private network internal and gives the proxy the edge network too", async () => {
    const resources = await stackResources(withCanary);
    const networks = ofType(resources, "docker:index/network:Network");
    const flags = networks.map((n) => [n.inputs.name, n.inputs.internal ?? false]);
    expect(flags.sort()).toEqual([
      ["swiftdeploy-net", true],
      ["swiftdeploy-net-edge", false],
    ]);
    expect(byRole(resources).proxy?.inputs.networksAdvanced).toEqual([
      { name: "swiftdeploy-net-edge" },
      { name: "swiftdeploy-net" },
    ]);
  });

  it("hardens every container: non-root, read-only, no capabilities, limits, health check", async () => {
    for (const container of ofType(await stackResources(withCanary), CONTAINER)) {
      expect(container.inputs).toMatchObject({
        user: "10001:10001",
        readOnly: true,
        capabilities: { drops: ["ALL"] },
        securityOpts: ["no-new-privileges:true"],
        ulimits: [{ name: "nproc", soft: 512, hard: 512 }],
        restart: expect.any(String),
        healthcheck: { tests: expect.arrayContaining(["CMD"]) },
      });
      expect(container.inputs.memory).toBeGreaterThan(0);
      expect(container.inputs.privileged).toBeUndefined();
    }
  });

  it("starts the API only after the deploy gate allowed it", async () => {
    const { "api-stable": stable } = byRole(await stackResources(stableOnly));
    expect(stable?.inputs.labels).toContainEqual({
      label: "dev.swiftdeploy.deploy-gate",
      value: "allowed",
    });
  });

  it("marks the chaos token, the SSH key and the webhook URL secret wherever they go", async () => {
    const resources = await stackResources(withCanary, {
      webhookUrl: "https://hooks.example.test/abc",
    });
    const { "api-canary": canary } = byRole(resources);
    expect(canary?.secretInputs.has("envs")).toBe(true);
    expect(canary?.inputs.envs).toContain("CHAOS_TOKEN=chaos-token-value");
    const env = named(resources, "-detector-env");
    expect(env.secretInputs.has("stdin")).toBe(true);
    expect(env.inputs.stdin).toBe("SWIFTDEPLOY_ALERT_WEBHOOK_URL=https://hooks.example.test/abc\n");
    for (const command of ofType(resources, COMMAND)) {
      const connection = command.inputs.connection as { privateKey?: string };
      expect(connection.privateKey).toBe(TEST_PRIVATE_KEY);
      expect(command.secretInputs.has("connection")).toBe(true);
    }
  });

  it("gives the chaos token to the canary only: the stable container never holds it", async () => {
    const { "api-stable": stable } = byRole(await stackResources(withCanary));
    const envs = stable?.inputs.envs as string[];
    expect(envs.filter((e) => e.startsWith("CHAOS_TOKEN"))).toEqual([]);
    expect(envs).toContain("MODE=stable");
  });

  it("installs the service's own detector instance with a matching uninstall and reloads it on a config change", async () => {
    const resources = await stackResources(stableOnly);
    const install = named(resources, "-detector-install");
    expect(install.inputs.create).toContain(
      "install --instance 'api' --config '/etc/swiftdeploy/api/detector.json'",
    );
    expect(install.inputs.delete).toContain(
      "uninstall --instance 'api' --config '/etc/swiftdeploy/api/detector.json'",
    );
    const config = named(resources, "-detector-config");
    expect(config.inputs.create).toContain("systemctl reload 'swiftdeploy-detector@api.service'");
    expect(JSON.parse(config.inputs.stdin as string)).toMatchObject({
      logPath: "/var/log/swiftdeploy/api/access.json",
      stateDir: "/var/lib/swiftdeploy/api/detector",
      allowlist: ["192.0.2.50"],
      clientAddressSource: "peer",
    });
  });

  it.each(["-detector-config", "-detector-operators", "-detector-env"])(
    "keeps %s readable by root only (0600): it names the allowlist and the ban policy",
    async (suffix) => {
      const file = named(await stackResources(stableOnly), suffix);
      expect(file.inputs.create).toMatch(/\nchmod 0600 '[^']+\.swiftdeploy-tmp'\n/);
    },
  );

  it("removes the key file the program wrote once the stack is destroyed", async () => {
    const file = "/home/op/.swiftdeploy/keys/swiftdeploy-prod";
    const cleanup = named(
      await stackResources(stableOnly, { writtenKeyFile: file }),
      "-key-file-cleanup",
    );
    expect(cleanup.type).toBe("command:local:Command");
    expect(cleanup.inputs.delete).toBe(`rm -f '${file}'`);
    expect(cleanup.inputs.create).toBeUndefined();
  });

  it("leaves a key file the operator named alone", async () => {
    const resources = await stackResources(stableOnly);
    expect(resources.filter((r) => r.name.endsWith("-key-file-cleanup"))).toEqual([]);
  });

  it("writes the allowlisted operators back to the host for the next update to remember", async () => {
    const operators = named(await stackResources(stableOnly), "-detector-operators");
    expect(operators.inputs.stdin).toBe("192.0.2.50\n");
    expect(operators.inputs.create).toContain("'/etc/swiftdeploy/api/operators'");
    expect(operators.inputs.delete).toBe("rm -f '/etc/swiftdeploy/api/operators'");
  });

  it("reloads Nginx in place when the config or an upstream container changes", async () => {
    const reload = named(await stackResources(withCanary), "-proxy-reload");
    expect(reload.inputs.create).toBe(
      "docker exec api-proxy nginx -t -q -c /etc/swiftdeploy/nginx/nginx.conf && docker exec api-proxy nginx -s reload -c /etc/swiftdeploy/nginx/nginx.conf",
    );
    expect(reload.inputs.triggers).toHaveLength(3);
  });
});
