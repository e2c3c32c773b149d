// The SwiftDeploy stack: manifest.yaml + this stack's config (Pulumi.<stack>.yaml) → the running
// stack on the Docker host. Only this file reads config and the environment.
import * as pulumi from "@pulumi/pulumi";
import { createHmac } from "node:crypto";
import path from "node:path";
import { applyOverrides, loadManifestWithWarnings, warningLines } from "./core/manifest";
import { parseStackConfig, pinnedHostKeys } from "./core/stack-config";
import { hostAccess, resolveHostKey } from "./components/host-access";
import {
  apiBuildSource,
  buildBundles,
  detectorArtifacts,
  runtimePolicies,
} from "./components/local-artifacts";
import { SwiftDeployStack } from "./components/swiftdeploy-stack";

const project = pulumi.getProject();
const stack = pulumi.getStack();
const config = new pulumi.Config("swiftdeploy");
const projectDir = __dirname;

const secretKey = config.getSecret("sshPrivateKey");
const settings = parseStackConfig(
  {
    manifest: config.get("manifest"),
    overrides: config.getObject("overrides"),
    hasSshPrivateKey: secretKey !== undefined,
    sshPrivateKeyFile: config.get("sshPrivateKeyFile"),
    sshStrictHostKeyChecking: config.get("sshStrictHostKeyChecking"),
    sshHostKey: config.get("sshHostKey"),
    hostNodeBinary: config.get("hostNodeBinary"),
  },
  stack,
);
const loaded = loadManifestWithWarnings(path.resolve(projectDir, settings.manifest));
// A legacy manifest's extra fields were read as v1 fields or ignored: say so on every preview/up.
for (const line of warningLines(loaded.warnings, settings.manifest)) pulumi.log.warn(line);
const manifest = applyOverrides(
  loaded.manifest,
  settings.overrides,
  `Pulumi.${stack}.yaml swiftdeploy:overrides`,
);
const key = resolveHostKey(
  `${project}-${stack}`,
  secretKey,
  settings.sshPrivateKeyFile && path.resolve(projectDir, settings.sshPrivateKeyFile),
);
const runtimeCache = path.join(
  process.env.SWIFTDEPLOY_CACHE ?? "/var/cache/swiftdeploy",
  "tools",
  `node-v${process.env.NODE_RUNTIME_VERSION ?? "22.23.3"}`,
  "bin",
  "node",
);
const webhookKey = manifest.alerts.webhookConfigKey?.replace(/^swiftdeploy:/, "");

// Stable across updates, unique per stack, never stored in plain text: derived from the SSH key.
const chaosTokenSecret = pulumi.secret(
  key.content.apply((k) =>
    createHmac("sha256", k).update(`chaos:${project}/${stack}`).digest("hex"),
  ),
);

buildBundles(projectDir);
const swiftdeploy = new SwiftDeployStack(project, {
  manifest,
  access: hostAccess(manifest.host, key, {
    strictHostKeyChecking: settings.sshStrictHostKeyChecking,
    hostKeys: pinnedHostKeys(settings, stack),
    name: `${project}-${stack}`,
  }),
  apiSource: apiBuildSource(projectDir, manifest.service.source),
  detector: detectorArtifacts(projectDir, settings.hostNodeBinary ?? runtimeCache),
  policies: runtimePolicies(path.join(projectDir, "policies", "opa")),
  chaosToken: chaosTokenSecret,
  webhookUrl: webhookKey === undefined ? undefined : config.requireSecret(webhookKey),
});

export const publicUrl = swiftdeploy.publicUrl;
export const images = swiftdeploy.images;
export const containers = swiftdeploy.containers;
export const detectorUnitState = swiftdeploy.detectorUnitState;
export const host = manifest.host;
export const dashboard = swiftdeploy.dashboard;
/** Bearer token of the canary's POST /chaos, for `swiftdeploy chaos` (a secret output). */
export const chaosToken = chaosTokenSecret;
