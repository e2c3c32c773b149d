import type { OpaClient } from "../../gate";
import { createFetchOpaClient } from "../../gate";
import { hostPaths, OPA_PORT } from "../../components/naming";
import { readAccessLogTail, type AccessLogTail } from "./access-log-tail";
import type { LocalForward } from "../../components/ssh-session";
import { SshSession } from "../../components/ssh-session";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { Manifest } from "../../core/manifest";
import { Role } from "../../core/roles";
import type { CliContext } from "../context";
import type { LiveContainer } from "./containers";
import { discoverCommand, parseContainers } from "./containers";
import { detectorSummary, fetchDetectorAudit } from "./detector-client";
import { detectorVerbAnswer, detectorVerbCommand } from "./detector-verbs";
import type { Framed } from "./framed-exec";
import { framedCommand, parseFramed } from "./framed-exec";
import { hostSshTarget } from "./host-target";
import type { DetectorAuditLines, DetectorSummary, LiveStack } from "./live-stack";

/** What the Docker live stack needs of its SSH connection (tests pass a twin). */
export interface HostSession {
  /** Runs a command; rejects on a non-zero exit. */
  exec(command: string): Promise<string>;
  /** A loopback port leading to host:port as the Docker host sees it. */
  forward(target: { host: string; port: number }): Promise<LocalForward>;
  close(): void;
}

/**
 * The stack on its Docker host: one SSH connection, commands on the host, and loopback forwards
 * to addresses only the host reaches (the containers on the private network, the detector's
 * dashboard on the host's loopback). Nothing goes through the public port.
 */
export class DockerLiveStack implements LiveStack {
  private readonly forwards = new Map<string, Promise<LocalForward>>();

  constructor(
    private readonly session: HostSession,
    readonly manifest: Manifest,
    readonly label: string,
  ) {}

  /** Connects to the manifest's host with the stack's key. */
  static async connect(ctx: CliContext, manifest: Manifest): Promise<DockerLiveStack> {
    const target = await hostSshTarget(ctx, manifest);
    const session = await SshSession.connect(target);
    return new DockerLiveStack(session, manifest, `${target.user}@${target.host}`);
  }

  /** Runs a command on the host; a non-zero exit is returned, not thrown. */
  async run(command: string): Promise<Framed> {
    return parseFramed(await this.session.exec(framedCommand(command)));
  }

  /** The service's containers on the host now. */
  async containers(): Promise<LiveContainer[]> {
    const result = await this.run(discoverCommand(this.manifest.service.name));
    if (result.exitCode !== 0) {
      throw new SwiftDeployError(
        ErrorCode.RemoteFailed,
        `listing containers on ${this.label} failed`,
        [result.output.trim()],
      );
    }
    return parseContainers(result.output);
  }

  /** The nginx.conf in the stack's folder on the host (the proxy container mounts it). */
  async proxyConfig(): Promise<string | null> {
    const conf = `${hostPaths(this.manifest.service.name).nginxDir}/nginx.conf`;
    const result = await this.run(`cat '${conf}'`);
    return result.exitCode === 0 ? result.output : null;
  }

  accessLogTail(fromBytes: number | "end"): Promise<AccessLogTail> {
    return readAccessLogTail(this, fromBytes);
  }

  /** A loopback base URL leading to address:port as the host sees it (forwards are reused). */
  baseUrl(address: string, port: number): Promise<string> {
    const key = `${address}:${port}`;
    let forward = this.forwards.get(key);
    if (forward === undefined) {
      forward = this.session.forward({ host: address, port });
      this.forwards.set(key, forward);
    }
    return forward.then((f) => f.baseUrl);
  }

  /** GET or POST through a forward, bounded in time. */
  async request(
    address: string,
    port: number,
    pathname: string,
    init: RequestInit = {},
    timeoutMs = 5000,
  ): Promise<Response> {
    const base = await this.baseUrl(address, port);
    return fetch(`${base}${pathname}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  }

  /** A request to an API container's port on the stack's network, through a forward. */
  requestApi(
    container: LiveContainer,
    pathname: string,
    init: RequestInit = {},
    timeoutMs = 5000,
  ): Promise<Response> {
    if (container.address === null) {
      throw new SwiftDeployError(
        ErrorCode.RemoteFailed,
        `container ${container.name} has no network address`,
      );
    }
    return this.request(container.address, this.manifest.service.port, pathname, init, timeoutMs);
  }

  /** An OPA client for the stack's OPA server (through a forward to its container). */
  async opa(log?: (line: string) => void): Promise<OpaClient> {
    const opa = (await this.containers()).find((c) => c.role === Role.Opa && c.running);
    if (opa?.address === undefined || opa.address === null) {
      throw new SwiftDeployError(
        ErrorCode.PolicyUnreachable,
        `no running OPA container on ${this.label}`,
        ["deploy the stack first: swiftdeploy deploy"],
      );
    }
    return createFetchOpaClient({ baseUrl: await this.baseUrl(opa.address, OPA_PORT), log });
  }

  /** The detector's dashboard API on the host's loopback. */
  detector(): Promise<DetectorSummary> {
    return detectorSummary(this);
  }

  /** The detector's audit log on the host. */
  detectorAudit(maxLines?: number): Promise<DetectorAuditLines> {
    return fetchDetectorAudit(this, maxLines);
  }

  /** The detector's CLI on the host (as root), against the stack's instance. */
  async detectorVerb(args: readonly string[]): Promise<unknown> {
    const result = await this.run(detectorVerbCommand(this.manifest, args));
    return detectorVerbAnswer(result, this.label);
  }

  /** Closes the forwards and the connection. */
  async close(): Promise<void> {
    const forwards = [...this.forwards.values()];
    this.forwards.clear();
    await Promise.all(forwards.map((f) => f.then((x) => x.close()).catch(() => undefined)));
    this.session.close();
  }
}
