// The SwiftDeploy stack: manifest.yaml + this stack's config (Pulumi.<stack>.yaml) → the running
// stack on the stack's target (a Docker host, or a Kubernetes cluster). Only this file reads config
// and the environment.
import * as pulumi from "@pulumi/pulumi";
import path from "node:path";
import { applyOverrides, loadManifestWithWarnings, warningLines } from "./core/manifest";
import { assertGuarded } from "./core/policy-guard";
import { parseStackConfig } from "./core/stack-config";
import { TARGETS } from "./components/targets/registry";

const stack = pulumi.getStack();
const config = new pulumi.Config("swiftdeploy");
const projectDir = __dirname;

// Pulumi.yaml's default for an unset secret is "": read the raw value (without logging it) to tell.
const secretIfSet = (key: string) =>
  (pulumi.runtime.getConfig(`swiftdeploy:${key}`) ?? "") === "" ? undefined : config.getSecret(key);
const sshPrivateKey = secretIfSet("sshPrivateKey");
const kubeconfig = secretIfSet("kubeconfig");
const settings = parseStackConfig(
  {
    manifest: config.get("manifest"),
    overrides: config.getObject("overrides"),
    target: config.get("target"),
    hasSshPrivateKey: sshPrivateKey !== undefined,
    sshPrivateKeyFile: config.get("sshPrivateKeyFile"),
    sshStrictHostKeyChecking: config.get("sshStrictHostKeyChecking"),
    sshHostKey: config.get("sshHostKey"),
    hostNodeBinary: config.get("hostNodeBinary"),
    hasKubeconfig: kubeconfig !== undefined,
    kubeconfigFile: config.get("kubeconfigFile"),
    namespace: config.get("namespace"),
    nodePort: config.getNumber("nodePort"),
    detectorImage: config.get("detectorImage"),
    kubectl: config.get("kubectl"),
    allowUnguarded: config.getBoolean("allowUnguarded"),
  },
  stack,
);
// Before any resource: a plain `pulumi up` must not deploy with no guardrail checked, silently.
if (!settings.allowUnguarded) assertGuarded({ project: pulumi.getProject(), stack });
const loaded = loadManifestWithWarnings(path.resolve(projectDir, settings.manifest));
// A legacy manifest's extra fields were read as v1 fields or ignored: say so on every preview/up.
for (const line of warningLines(loaded.warnings, settings.manifest)) pulumi.log.warn(line);
const manifest = applyOverrides(
  loaded.manifest,
  settings.overrides,
  `Pulumi.${stack}.yaml swiftdeploy:overrides`,
);
const webhookKey = manifest.alerts.webhookConfigKey?.replace(/^swiftdeploy:/, "");

const context = {
  project: pulumi.getProject(),
  stack,
  projectDir,
  manifest,
  settings,
  secrets: {
    sshPrivateKey,
    kubeconfig,
    webhookUrl: webhookKey === undefined ? undefined : config.requireSecret(webhookKey),
  },
  cachedNodeRuntime: path.join(
    process.env.SWIFTDEPLOY_CACHE ?? "/var/cache/swiftdeploy",
    "tools",
    `node-v${process.env.NODE_RUNTIME_VERSION ?? "22.23.3"}`,
    "bin",
    "node",
  ),
};

/**
 * The stack outputs (`pulumi stack output`): target, publicUrl, images, containers,
 * detectorUnitState, host, dashboard, chaosToken (a secret: the canary's POST /chaos bearer token),
 * namespace, nodePort, publicEndpoint, workloads; those of the other target are absent.
 */
export = async (): Promise<Record<string, unknown>> => {
  const chosen = TARGETS[settings.target];
  // Before any resource is registered: a failed check stops the program at once, with its message.
  await chosen.preflight?.(context);
  const outputs = chosen.deploy(context);
  return Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== undefined));
};
