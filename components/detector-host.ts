import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { unitName } from "../core/detector-unit";
import { DETECTOR_INSTALL_MARKER } from "../core/roles";
import type { Manifest } from "../core/manifest";
import { afterGate } from "./after-gate";
import type { HostPaths } from "./naming";
import { renderDetectorConfig, renderDetectorEnv } from "./render/detector-config";
import { renderOperators } from "./operator-address";
import { contentHash, remoteFile, shellQuote } from "./remote-file";
import { asRoot, needsSudo, stagedPath } from "./root-shell";

/** Local files the detector needs on the host, resolved by the entry point. */
export interface DetectorArtifacts {
  /** The bundled daemon (dist/detector/swiftdeploy-detector.js). */
  readonly bundle: string;
  /** sha256 of the bundle: a new build reinstalls and restarts the service. */
  readonly bundleHash: string;
  /** A Node.js (20+) binary for the host's architecture, copied when the host has no suitable one. */
  readonly nodeBinary: string;
  readonly nodeVersion: string;
}

/** Arguments of {@link DetectorHost}. */
export interface DetectorHostArgs {
  readonly manifest: Manifest;
  readonly paths: HostPaths;
  readonly connection: command.types.input.remote.ConnectionArgs;
  readonly artifacts: DetectorArtifacts;
  /** The alert webhook URL (a Pulumi secret), when alerts are configured. */
  readonly webhookUrl?: pulumi.Input<string>;
  /**
   * Addresses the detector must never ban besides the manifest's allowlist: the operators', which
   * are also written back to `paths.operatorsFile` for the next update to remember.
   */
  readonly operatorAddresses: pulumi.Input<string[]>;
  /** Resolves to "allowed" once OPA's deploy gate said yes: nothing is written to the host before. */
  readonly deployGate: pulumi.Input<string>;
}

/** The install and uninstall command lines the daemon itself implements, for this service's instance. */
export function detectorInstallCommands(paths: HostPaths, service: string) {
  const daemon = `${shellQuote(paths.nodeBinary)} ${shellQuote(paths.detectorBundle)}`;
  const instance = `--instance ${shellQuote(service)}`;
  const config = `${instance} --config ${shellQuote(paths.detectorConfig)} --env-file ${shellQuote(paths.detectorEnv)}`;
  const unit = shellQuote(unitName(service));
  return {
    create: `${daemon} install ${config} --node ${shellQuote(paths.nodeBinary)}`,
    delete: `${daemon} uninstall ${config}`,
    reload: `systemctl reload ${unit} 2>/dev/null || true`,
    // Not yet installed on the first run: nothing to restart, the install step starts it.
    restart: `if systemctl is-active --quiet ${unit}; then systemctl restart ${unit}; fi`,
    state: `systemctl is-active ${unit} || true`,
  };
}

/**
 * The DDoS detector on the Docker host, as a systemd service: its runtime, its code, its config and
 * the kernel set and rules it bans with. A settings change rewrites the config and reloads the
 * service (SIGHUP) — nothing else; new code reinstalls and restarts it; destroy uninstalls all of it.
 */
export class DetectorHost extends pulumi.ComponentResource {
  readonly unitState: pulumi.Output<string>;

  constructor(name: string, args: DetectorHostArgs, opts?: pulumi.ComponentResourceOptions) {
    super("swiftdeploy:index:DetectorHost", name, {}, opts);
    const { paths, connection, artifacts } = args;
    const commands = detectorInstallCommands(paths, args.manifest.service.name);
    const gated = { parent: this, dependsOn: afterGate(args.deployGate) };
    // SFTP writes as the SSH user: a user other than root stages the files in its home, and the
    // root commands below install them where they belong.
    const staged = needsSudo(connection);
    const copyTarget = (remotePath: string) => (staged ? stagedPath(remotePath) : remotePath);
    // The staging folders exist before the copies (SFTP writes a file, not its folders).
    const staging = staged
      ? [
          new command.remote.Command(
            `${name}-staging`,
            {
              connection,
              create: `mkdir -p ${[paths.nodeBinary, paths.detectorBundle].map((p) => shellQuote(stagedPath(p).replace(/\/[^/]*$/, ""))).join(" ")}`,
            },
            gated,
          ),
        ]
      : [];
    const copied = { parent: this, dependsOn: afterGate(args.deployGate, ...staging) };
    const runtime = new command.remote.CopyToRemote(
      `${name}-runtime`,
      {
        connection,
        source: new pulumi.asset.FileAsset(artifacts.nodeBinary),
        remotePath: copyTarget(paths.nodeBinary),
        triggers: [artifacts.nodeVersion],
      },
      copied,
    );
    const runtimeMode = new command.remote.Command(
      `${name}-runtime-mode`,
      {
        connection,
        create: asRoot(
          connection,
          staged
            ? `install -D -m 0755 ${shellQuote(stagedPath(paths.nodeBinary))} ${shellQuote(paths.nodeBinary)} && ${shellQuote(paths.nodeBinary)} --version`
            : `chmod 0755 ${shellQuote(paths.nodeBinary)} && ${shellQuote(paths.nodeBinary)} --version`,
        ),
        triggers: [artifacts.nodeVersion],
      },
      { parent: this, dependsOn: afterGate(args.deployGate, runtime) },
    );
    const bundle = new command.remote.CopyToRemote(
      `${name}-bundle`,
      {
        connection,
        source: new pulumi.asset.FileAsset(artifacts.bundle),
        remotePath: copyTarget(paths.detectorBundle),
        triggers: [artifacts.bundleHash],
      },
      copied,
    );
    const installBundle = staged
      ? `install -D -m 0644 ${shellQuote(stagedPath(paths.detectorBundle))} ${shellQuote(paths.detectorBundle)}\n`
      : "";
    const operators = pulumi.output(args.operatorAddresses);
    const config = remoteFile(
      `${name}-config`,
      {
        connection,
        path: paths.detectorConfig,
        content: operators.apply((addresses) =>
          renderDetectorConfig(args.manifest, paths, addresses),
        ),
        // The allowlist and the ban policy are the attacker's map: root only.
        mode: "0600",
        afterWrite: commands.reload,
      },
      gated,
    );
    remoteFile(
      `${name}-operators`,
      {
        connection,
        path: paths.operatorsFile,
        content: operators.apply(renderOperators),
        mode: "0600",
      },
      gated,
    );
    const env = remoteFile(
      `${name}-env`,
      {
        connection,
        path: paths.detectorEnv,
        content: pulumi.secret(pulumi.output(args.webhookUrl).apply(renderDetectorEnv)),
        mode: "0600",
        // systemd reads EnvironmentFile= only at start: a new webhook needs a restart, not a reload.
        afterWrite: commands.restart,
      },
      gated,
    );
    const install = new command.remote.Command(
      `${name}-${DETECTOR_INSTALL_MARKER}`,
      {
        connection,
        create: asRoot(connection, `${installBundle}${commands.create}`),
        delete: asRoot(connection, commands.delete),
        triggers: [artifacts.bundleHash, artifacts.nodeVersion, contentHash(commands.create)],
        logging: "stderr",
      },
      {
        parent: this,
        dependsOn: afterGate(args.deployGate, runtimeMode, bundle, config, env),
        deleteBeforeReplace: true,
      },
    );
    const state = new command.remote.Command(
      `${name}-state`,
      { connection, create: asRoot(connection, commands.state), triggers: [install.id] },
      { parent: this, dependsOn: afterGate(args.deployGate, install) },
    );
    this.unitState = state.stdout.apply((out) => out.trim());
    this.registerOutputs({ unitState: this.unitState });
  }
}
