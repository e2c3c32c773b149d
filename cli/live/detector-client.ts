import { dashboardEndpoint, detectorAuditLog } from "../../components/naming";
import type { Manifest } from "../../core/manifest";
import type { Framed } from "./framed-exec";
import type { DetectorAuditLines, DetectorSummary } from "./live-stack";
import { asRoot } from "../../components/root-shell";

/** What reading the detector needs of the live stack (DockerLiveStack is one). */
export interface DetectorHostAccess {
  readonly manifest: Manifest;
  /** An HTTP request to address:port as the host sees it. */
  request(
    address: string,
    port: number,
    pathname: string,
    init?: RequestInit,
    timeoutMs?: number,
  ): Promise<Response>;
  /** Runs a command on the host; a non-zero exit is returned, not thrown. */
  run(command: string): Promise<Framed>;
}

interface DashboardStatusBody {
  bans?: { active?: number; listed?: { ip: string; rule: string | null; until: string | null }[] };
}

/** Reads the detector dashboard's JSON API (`GET /api/status`) on the host's loopback. */
export async function detectorSummary(live: DetectorHostAccess): Promise<DetectorSummary> {
  const { bindAddress, port } = dashboardEndpoint(live.manifest);
  const address = bindAddress === "0.0.0.0" ? "127.0.0.1" : bindAddress;
  try {
    const response = await live.request(address, port, "/api/status", {}, 3000);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = (await response.json()) as DashboardStatusBody;
    return {
      activeBans: body.bans?.active ?? null,
      recent: (body.bans?.listed ?? [])
        .slice(0, 5)
        .map((b) => ({ ip: b.ip, rule: b.rule, until: b.until })),
      error: null,
    };
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    return {
      activeBans: null,
      recent: [],
      error: `no answer from the detector's dashboard at ${address}:${port} on the host (${cause}): is swiftdeploy-detector running?`,
    };
  }
}

/** The detector's audit log (current and first rotation), at most `maxLines` recent lines. */
export async function fetchDetectorAudit(
  live: DetectorHostAccess,
  maxLines = 20_000,
): Promise<DetectorAuditLines> {
  const file = detectorAuditLog(live.manifest);
  const quoted = `'${file.replace(/'/g, `'\\''`)}'`;
  // The audit log is root's: a deploy user other than root reads it through sudo -n.
  const result = await live.run(
    asRoot(
      { user: live.manifest.host.user },
      `test -e ${quoted} || { echo "no audit log at ${file}"; exit 3; }; cat ${quoted}.1 ${quoted} 2>/dev/null | tail -n ${maxLines}`,
    ),
  );
  if (result.exitCode !== 0) return { lines: [], error: result.output.trim(), file };
  return { lines: result.output.split("\n").filter((l) => l.trim() !== ""), error: null, file };
}
