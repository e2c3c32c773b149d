import * as pulumi from "@pulumi/pulumi";
import { createHmac } from "node:crypto";
import path from "node:path";
import { pinnedHostKeys } from "../../core/stack-config";
import { readFileSync } from "node:fs";
import { hostAccess, resolveHostKey } from "../host-access";
import { checkHostIpv6 } from "../host-ipv6";
import { checkHostAccess } from "../host-preflight";
import {
  apiBuildSource,
  buildBundles,
  detectorArtifacts,
  runtimePolicies,
} from "../local-artifacts";
import { SwiftDeployStack } from "../swiftdeploy-stack";
import type { Target } from "./target";

/** An output's value, for checks that run before any resource exists (config values are known). */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** One Docker host over SSH: the SwiftDeployStack, unchanged. */
export const dockerTarget: Target = {
  async preflight({ stack, projectDir, manifest, settings, secrets }) {
    if (manifest.host.user === "root" && !manifest.network.ipv6.enabled) return;
    const privateKey =
      secrets.sshPrivateKey === undefined
        ? readFileSync(path.resolve(projectDir, settings.sshPrivateKeyFile ?? ""), "utf8")
        : await valueOf(secrets.sshPrivateKey);
    const target = {
      host: manifest.host.address,
      port: manifest.host.port,
      user: manifest.host.user,
      privateKey,
      hostKeys: pinnedHostKeys(settings, stack),
    };
    await checkHostAccess(target);
    await checkHostIpv6(manifest.network, target);
  },
  deploy({ project, stack, projectDir, manifest, settings, secrets, cachedNodeRuntime }) {
    const key = resolveHostKey(
      `${project}-${stack}`,
      secrets.sshPrivateKey,
      settings.sshPrivateKeyFile && path.resolve(projectDir, settings.sshPrivateKeyFile),
    );
    // Stable across updates, unique per stack, never stored in plain text: derived from the SSH key.
    const chaosToken = pulumi.secret(
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
      detector: detectorArtifacts(projectDir, settings.hostNodeBinary ?? cachedNodeRuntime),
      policies: runtimePolicies(path.join(projectDir, "policies", "opa")),
      chaosToken,
      webhookUrl: secrets.webhookUrl,
    });
    return {
      target: "docker",
      publicUrl: swiftdeploy.publicUrl,
      images: swiftdeploy.images,
      containers: swiftdeploy.containers,
      detectorUnitState: swiftdeploy.detectorUnitState,
      host: manifest.host,
      dashboard: swiftdeploy.dashboard,
      chaosToken,
    };
  },
};
