import type { MetricsScrape, OpaClient } from "../../components/gate";
import { createFetchOpaClient } from "../../components/gate";
import { OPA_PORT } from "../../components/naming";
import type { LocalForward } from "../../components/ssh-session";
import { SshSession } from "../../components/ssh-session";
import type { Clock } from "../../core/clock";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { Manifest } from "../../core/manifest";
import { Role } from "../../core/roles";
import type { CliContext } from "../context";
import type { LiveContainer } from "./containers";
import { discoverCommand, parseContainers } from "./containers";
import type { Framed } from "./framed-exec";
import { framedCommand, parseFramed } from "./framed-exec";
import { hostSshTarget } from "./host-target";

/**
 * The running stack as the operator reaches it: one SSH connection to the host, commands on it,
 * and loopback forwards to addresses only the host reaches (the containers on the private network,
 * the detector's dashboard on the host's loopback). Nothing goes through the public port.
 */
export class LiveStack {
  private readonly forwards = new Map<string, Promise<LocalForward>>();

  private constructor(
    private readonly session: SshSession,
    readonly manifest: Manifest,
    readonly hostLabel: string,
    private readonly clock: Clock,
  ) {}

  /** Connects to the manifest's host with the stack's key. */
  static async connect(ctx: CliContext, manifest: Manifest): Promise<LiveStack> {
    const target = await hostSshTarget(ctx, manifest);
    const session = await SshSession.connect(target);
    return new LiveStack(session, manifest, `${target.user}@${target.host}`, ctx.clock);
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
        `listing containers on ${this.hostLabel} failed`,
        [result.output.trim()],
      );
    }
    return parseContainers(result.output);
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

  /** The /metrics page of an API container, stamped with when it was read. */
  async scrape(container: LiveContainer): Promise<MetricsScrape> {
    if (container.address === null) {
      throw new SwiftDeployError(
        ErrorCode.RemoteFailed,
        `container ${container.name} has no network address`,
      );
    }
    let response: Response;
    try {
      response = await this.request(container.address, this.manifest.service.port, "/metrics");
    } catch (error) {
      throw new SwiftDeployError(
        ErrorCode.RemoteFailed,
        `cannot read /metrics of ${container.name}`,
        [(error as Error).message],
      );
    }
    const text = await response.text();
    if (!response.ok) {
      throw new SwiftDeployError(
        ErrorCode.RemoteFailed,
        `/metrics of ${container.name} answered HTTP ${response.status}`,
      );
    }
    return { text, at: this.clock.now() };
  }

  /** An OPA client for the stack's OPA server (through a forward to its container). */
  async opa(log?: (line: string) => void): Promise<OpaClient> {
    const opa = (await this.containers()).find((c) => c.role === Role.Opa && c.running);
    if (opa?.address === undefined || opa.address === null) {
      throw new SwiftDeployError(
        ErrorCode.PolicyUnreachable,
        `no running OPA container on ${this.hostLabel}`,
        ["deploy the stack first: swiftdeploy deploy"],
      );
    }
    return createFetchOpaClient({ baseUrl: await this.baseUrl(opa.address, OPA_PORT), log });
  }

  /** Closes the forwards and the connection. */
  async close(): Promise<void> {
    const forwards = [...this.forwards.values()];
    this.forwards.clear();
    await Promise.all(forwards.map((f) => f.then((x) => x.close()).catch(() => undefined)));
    this.session.close();
  }
}
