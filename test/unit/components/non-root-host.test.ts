import { describe, expect, it } from "vitest";
import { asRoot, stagedPath } from "../../../components/root-shell";
import { manifestWith } from "../../kit/manifest";
import { ofType, type RegisteredResource } from "../../kit/pulumi/pulumi-mocks";
import { stackResources } from "../../kit/stack/stack-under-test";

const COMMAND = "command:remote:Command";
const COPY = "command:remote:CopyToRemote";
const asDeploy = manifestWith({ host: { address: "203.0.113.10", user: "deploy" } });
const asRootUser = manifestWith({ host: { address: "203.0.113.10" } });

/** Commands the deploy user runs as itself: Docker's (docker group), its own staging folder. */
const dockerOnly = (c: RegisteredResource) =>
  c.name.endsWith("-proxy-reload") || c.name.endsWith("-detector-staging");
const scripts = (c: RegisteredResource) =>
  [c.inputs.create, c.inputs.delete].filter((s): s is string => typeof s === "string");

describe("a deploy user other than root", () => {
  it("runs a script through sudo -n, quoted whole, and leaves root's as it is", () => {
    expect(asRoot({ user: "deploy" }, "set -eu\nmkdir -p '/etc/x'")).toBe(
      `sudo -n sh -c 'set -eu\nmkdir -p '"'"'/etc/x'"'"''`,
    );
    expect(asRoot({ user: "root" }, "mkdir -p /etc/x")).toBe("mkdir -p /etc/x");
  });

  it("runs every host command but Docker's through sudo -n", async () => {
    const commands = ofType(await stackResources(asDeploy), COMMAND).filter((c) => !dockerOnly(c));
    expect(commands.length).toBeGreaterThan(8);
    for (const command of commands)
      for (const script of scripts(command))
        expect(script, command.name).toMatch(/^sudo -n sh -c '/);
  });

  it("changes nothing for root: no sudo anywhere, files copied where they belong", async () => {
    const resources = await stackResources(asRootUser);
    for (const command of ofType(resources, COMMAND))
      for (const script of scripts(command)) expect(script, command.name).not.toContain("sudo");
    expect(ofType(resources, COPY).map((c) => c.inputs.remotePath)).toEqual([
      "/opt/swiftdeploy/runtime/node",
      "/opt/swiftdeploy/detector/swiftdeploy-detector.js",
    ]);
  });

  it("stages the detector's runtime and bundle in its home and installs them as root", async () => {
    const resources = await stackResources(asDeploy);
    expect(ofType(resources, COPY).map((c) => c.inputs.remotePath)).toEqual([
      ".swiftdeploy/staging/opt/swiftdeploy/runtime/node",
      ".swiftdeploy/staging/opt/swiftdeploy/detector/swiftdeploy-detector.js",
    ]);
    const install = ofType(resources, COMMAND).find((c) => c.name.endsWith("detector-install"));
    expect(install?.inputs.create).toContain(
      `install -D -m 0644 '"'"'${stagedPath("/opt/swiftdeploy/detector/swiftdeploy-detector.js")}'"'"' '"'"'/opt/swiftdeploy/detector/swiftdeploy-detector.js'"'"'`,
    );
    const staging = ofType(resources, COMMAND).find((c) => c.name.endsWith("-detector-staging"));
    expect(staging?.inputs.create).toBe(
      "mkdir -p '.swiftdeploy/staging/opt/swiftdeploy/runtime' '.swiftdeploy/staging/opt/swiftdeploy/detector'",
    );
    const runtime = ofType(resources, COMMAND).find((c) => c.name.endsWith("-runtime-mode"));
    expect(runtime?.inputs.create).toContain("install -D -m 0755");
  });
});
