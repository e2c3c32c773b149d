import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "../core/manifest";
import type { HostPaths } from "./naming";
import { accessLogRotation } from "./render/access-log-rotation";
import { contentHash, remoteFile, shellQuote } from "./remote-file";
import { asRoot } from "./root-shell";

/** Arguments of {@link AccessLogRotation}. */
export interface AccessLogRotationArgs {
  readonly manifest: Manifest;
  readonly paths: HostPaths;
  readonly connection: command.types.input.remote.ConnectionArgs;
}

/**
 * Keeps Nginx's access log bounded on the host: a script and a systemd timer (no package needed
 * beyond systemd and Docker, which the host has) rotate it at `proxy.logRotation.maxSizeMb`, keep
 * `keep` files and make Nginx reopen the log (USR1 to the proxy container). A settings change
 * rewrites the files and restarts the timer; destroy disables it and removes its units.
 */
export class AccessLogRotation extends pulumi.ComponentResource {
  /** `systemctl is-active` of the timer after the update. */
  readonly timerState: pulumi.Output<string>;

  constructor(name: string, args: AccessLogRotationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("swiftdeploy:index:AccessLogRotation", name, {}, opts);
    const { connection } = args;
    const files = accessLogRotation(args.manifest, args.paths);
    const written = [
      remoteFile(
        `${name}-script`,
        { connection, path: files.script.path, content: files.script.content, mode: "0755" },
        { parent: this },
      ),
      remoteFile(
        `${name}-service`,
        { connection, path: files.service.path, content: files.service.content, mode: "0644" },
        { parent: this },
      ),
      remoteFile(
        `${name}-timer`,
        { connection, path: files.timer.path, content: files.timer.content, mode: "0644" },
        { parent: this },
      ),
    ];
    const timer = shellQuote(files.units.timer);
    const enable = new command.remote.Command(
      `${name}-enable`,
      {
        connection,
        create: asRoot(
          connection,
          `systemctl daemon-reload && systemctl enable ${timer} && systemctl restart ${timer} && systemctl is-active ${timer}`,
        ),
        delete: asRoot(
          connection,
          [
            `systemctl disable --now ${timer} 2>/dev/null || true`,
            `rm -f ${shellQuote(files.service.path)} ${shellQuote(files.timer.path)}`,
            "systemctl daemon-reload",
          ].join("; "),
        ),
        triggers: [contentHash(files.script.content + files.service.content + files.timer.content)],
        logging: "stderr",
      },
      { parent: this, dependsOn: written, deleteBeforeReplace: true },
    );
    this.timerState = enable.stdout.apply((out) => out.trim());
    this.registerOutputs({ timerState: this.timerState });
  }
}
