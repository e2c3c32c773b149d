import type { CliContext } from "../context";
import type { HistoryRecord } from "../history/history-record";
import { liveStatusProbe } from "../live/status-probe";
import { releaseView } from "../release/release-view";
import type { StatusSnapshot } from "../status/status-collector";
import { StatusCollector } from "../status/status-collector";
import { statusRecordBody } from "../status/status-record";
import { renderStatus } from "../status/status-view";
import { interrupted } from "../shell/interrupted";
import type { Verb } from "../verb";
import { flag, numberOption } from "../verb";
import { openHistory, releaseStore, withLiveStack } from "../wiring";

const CLEAR = "\u001b[2J\u001b[H";

/** The JSON `status --json` prints: the history record plus what the screen shows. */
function statusJson(
  record: HistoryRecord,
  snapshot: StatusSnapshot,
  extra: Record<string, unknown>,
): string {
  return JSON.stringify({
    ...record,
    ...extra,
    weights: snapshot.weights,
    containers: snapshot.containers,
    recentBans: snapshot.detector.recent,
  });
}

/** `swiftdeploy status`. */
export const statusVerb: Verb = {
  name: "status",
  summary: "live view every 3 s: mode, versions, weights, rates, errors, p99, policy verdict, bans",
  usage: `usage: swiftdeploy status [--once] [--json] [--interval SECONDS] [--count N] [--window SECONDS]

Reads the running stack through private paths (SSH on Docker; kubectl and port-forwards on
Kubernetes): its containers or pods, the split Nginx runs (its deployed nginx.conf), each API
workload's /metrics (request rate, 5xx rate and p99 over a sliding window), OPA's verdict on the
canary over the same window, and the detector's bans (its dashboard API on the host's loopback; on
Kubernetes the detector does not ban yet, and status says so). Refreshes every interval until
Ctrl-C, appending every scrape to history.jsonl.

options:
  --once              one snapshot: two scrapes --sample seconds apart, then exit
  --sample SECONDS    with --once, the time between the two scrapes (default 3)
  --json              JSON instead of the screen (one object; one line per refresh without --once)
  --interval SECONDS  refresh period (default 3)
  --count N           stop after N refreshes
  --window SECONDS    analysis window (default: policy.promotion.windowSeconds)

examples:
  swiftdeploy status
  swiftdeploy status --once --json | jq .versions
  swiftdeploy status --json --count 20 > scrapes.jsonl`,
  options: {
    once: { type: "boolean" },
    json: { type: "boolean" },
    sample: { type: "string" },
    interval: { type: "string" },
    count: { type: "string" },
    window: { type: "string" },
  },
  async run(ctx: CliContext, args) {
    const manifest = releaseStore(ctx).read();
    const once = flag(args, "once");
    const json = flag(args, "json");
    const interval = numberOption(args, "interval", 3, { min: 0.5, max: 3600 });
    const sample = numberOption(args, "sample", 3, { min: 0.5, max: 3600 });
    const count = numberOption(args, "count", Number.POSITIVE_INFINITY, { min: 1, max: 1_000_000 });
    const window = numberOption(args, "window", manifest.policy.promotion.windowSeconds, {
      min: 1,
      max: 86_400,
    });
    const history = openHistory(ctx);
    const declared = releaseView(manifest);
    await withLiveStack(ctx, manifest, async (live) => {
      const collector = new StatusCollector(liveStatusProbe(live, ctx.clock), window, () =>
        ctx.clock.now(),
      );
      const header = () =>
        `SwiftDeploy · stack ${ctx.stack} · ${live.label} · ${new Date(ctx.clock.now()).toISOString()}`;
      if (once) {
        await collector.collect();
        await ctx.sleep(sample * 1000);
        const snapshot = await collector.collect();
        const record = history.append(statusRecordBody(snapshot));
        ctx.term.out(
          json
            ? statusJson(record, snapshot, { manifest: declared })
            : renderStatus(snapshot, header(), ctx.term.style).join("\n"),
        );
        return;
      }
      const signal = interrupted();
      try {
        for (let n = 0; n < count && !signal.stopped(); n += 1) {
          const snapshot = await collector.collect();
          const record = history.append(statusRecordBody(snapshot));
          if (json) {
            ctx.term.out(statusJson(record, snapshot, { manifest: declared }));
          } else {
            const screen = [header(), ...renderStatus(snapshot, "", ctx.term.style).slice(1)];
            screen.push(
              ctx.term.style.dim(
                `every ${interval} s · appended to history.jsonl · Ctrl-C to stop`,
              ),
            );
            ctx.term.out(
              ctx.term.interactive ? `${CLEAR}${screen.join("\n")}` : `${screen.join("\n")}\n`,
            );
          }
          if (n + 1 < count) await Promise.race([ctx.sleep(interval * 1000), signal.wait]);
        }
      } finally {
        signal.dispose();
      }
    });
    return 0;
  },
};
