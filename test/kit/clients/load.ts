/** What the load saw: responses by status and by the version that answered. */
export interface LoadCounts {
  readonly requests: number;
  readonly statuses: Record<string, number>;
  readonly versions: Record<string, number>;
  readonly failures: number;
}

/** Traffic running in the background until stopped (or its own bounds are reached). */
export interface Load {
  /** Resolves when the load reached its own bounds. */
  readonly done: Promise<void>;
  stop(): Promise<LoadCounts>;
}

/**
 * Sends GET `url` about `perSecond` times a second, one request at a time, for at most
 * `maxSeconds` or `maxRequests` — only ever to the test's own host.
 */
export function startLoad(
  url: string,
  options: { perSecond: number; maxSeconds: number; maxRequests?: number },
): Load {
  const counts = {
    requests: 0,
    statuses: {} as Record<string, number>,
    versions: {} as Record<string, number>,
    failures: 0,
  };
  const deadline = Date.now() + options.maxSeconds * 1000;
  const maxRequests = options.maxRequests ?? options.perSecond * options.maxSeconds;
  let stopped = false;
  const gap = 1000 / options.perSecond;
  const loop = (async () => {
    while (!stopped && Date.now() < deadline && counts.requests < maxRequests) {
      const started = Date.now();
      counts.requests += 1;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
        counts.statuses[response.status] = (counts.statuses[response.status] ?? 0) + 1;
        const body = (await response.json().catch(() => ({}))) as { version?: string };
        const version = body.version ?? "(none)";
        counts.versions[version] = (counts.versions[version] ?? 0) + 1;
      } catch {
        counts.failures += 1;
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, gap - (Date.now() - started))),
      );
    }
  })();
  return {
    done: loop,
    stop: async () => {
      stopped = true;
      await loop;
      return counts;
    },
  };
}

/** Sends `count` requests one after another and counts who answered. */
export async function sample(url: string, count: number): Promise<LoadCounts> {
  const load = startLoad(url, { perSecond: 200, maxSeconds: 60, maxRequests: count });
  await load.done;
  return load.stop();
}
