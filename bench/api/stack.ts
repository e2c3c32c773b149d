import type { ChildProcess } from "node:child_process";
import { childPids } from "./cpu";
import { startNginx } from "./nginx";
import { freePort, startApi, waitForHttp } from "./processes";

/** An API instance under test: its process id and where to reach it directly. */
export interface ApiInstance {
  readonly pid: number;
  readonly url: string;
}

/** Everything the benchmark runs, all on loopback. */
export interface BenchStack {
  readonly apiOn: ApiInstance;
  readonly apiOff: ApiInstance;
  /** A second, identical metrics-off instance: the A/A twin that shows the noise floor. */
  readonly apiOffTwin: ApiInstance;
  /** Nginx's URLs: `return 200` itself, and a proxy in front of each API and of the static server. */
  readonly nginx: {
    readonly static: string;
    readonly hop: string;
    readonly on: string;
    readonly off: string;
    readonly offTwin: string;
  };
  readonly nginxWorkers: readonly number[];
  /** Stops every process the stack started. */
  stop(): void;
}

const url = (port: number) => `http://127.0.0.1:${port}/`;

/** Starts three API processes and one Nginx in `scratch`, and waits until all of them answer. */
export async function startBenchStack(
  node: string,
  bundle: string,
  scratch: string,
): Promise<BenchStack> {
  const [on, off, twin, staticPort, proxyOn, proxyOff, proxyTwin, proxyHop] = (await Promise.all(
    Array.from({ length: 8 }, () => freePort()),
  )) as [number, number, number, number, number, number, number, number];
  const children: ChildProcess[] = [];
  const stop = () => children.forEach((child) => child.kill("SIGTERM"));
  try {
    const api = (port: number, metrics: "on" | "off"): ApiInstance => {
      const child = startApi(node, bundle, port, { METRICS: metrics });
      children.push(child);
      return { pid: child.pid!, url: url(port) };
    };
    const [apiOn, apiOff, apiOffTwin] = [api(on, "on"), api(off, "off"), api(twin, "off")];
    const nginx = startNginx(scratch, {
      staticPort,
      proxies: [
        { listen: proxyOn, upstream: on },
        { listen: proxyOff, upstream: off },
        { listen: proxyTwin, upstream: twin },
        { listen: proxyHop, upstream: staticPort },
      ],
    });
    children.push(nginx);
    for (const port of [on, off, twin, staticPort, proxyOn, proxyOff, proxyTwin, proxyHop])
      await waitForHttp(url(port));
    return {
      apiOn,
      apiOff,
      apiOffTwin,
      nginx: {
        static: url(staticPort),
        hop: url(proxyHop),
        on: url(proxyOn),
        off: url(proxyOff),
        offTwin: url(proxyTwin),
      },
      nginxWorkers: childPids(nginx.pid!),
      stop,
    };
  } catch (error) {
    stop();
    throw error;
  }
}
