import type { Styles } from "../shell/terminal";
import { millis, percent, perSecond } from "../shell/format";
import type { StatusSnapshot } from "./status-collector";

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function healthStyle(s: Styles, health: string): string {
  if (health === "healthy") return s.green(health);
  if (health === "starting" || health === "none") return s.yellow(health);
  return s.red(health);
}

/** The status screen as lines (pure: the verb prints it and redraws on a terminal). */
export function renderStatus(snapshot: StatusSnapshot, header: string, s: Styles): string[] {
  const lines = [s.bold(header), `mode      ${s.cyan(snapshot.mode)}`];
  const others = snapshot.containers.filter((c) => c.role === "proxy" || c.role === "opa");
  lines.push(
    `services  ${others.map((c) => `${c.role} ${c.name} ${healthStyle(s, c.health)}`).join(" · ") || s.red("no proxy or OPA container")}`,
  );
  lines.push("");
  const head = `${pad("track", 7)} ${pad("version", 10)} ${pad("weight", 6, true)} ${pad("req/s", 8, true)} ${pad("errors", 9, true)} ${pad("p99", 9, true)} ${pad("requests", 9, true)}  container (health, chaos)`;
  lines.push(s.dim(head));
  for (const v of snapshot.versions) {
    const st = v.stats;
    const errorRate = st?.errorRate ?? null;
    const errors =
      errorRate !== null && errorRate > 0.01
        ? s.red(pad(percent(errorRate), 9, true))
        : pad(percent(errorRate), 9, true);
    const chaos = v.chaos !== null && v.chaos !== "none" ? `, chaos ${s.red(v.chaos)}` : "";
    lines.push(
      `${pad(v.track, 7)} ${pad(v.version, 10)} ${pad(v.weight === null ? "?" : `${v.weight} %`, 6, true)} ${pad(st ? perSecond(st.requestRate) : "–", 8, true)} ${errors} ${pad(st ? millis(st.p99Ms) : "–", 9, true)} ${pad(st ? String(st.requests) : "–", 9, true)}  ${v.container} (${healthStyle(s, v.health)}${chaos})${v.error ? ` ${s.red(v.error)}` : ""}`,
    );
  }
  for (const v of snapshot.versions) {
    const e = v.edge;
    if (e === undefined || e === null) continue;
    const edgeErrors =
      e.errorRate !== null && e.errorRate > 0.01
        ? s.red(pad(percent(e.errorRate), 9, true))
        : pad(percent(e.errorRate), 9, true);
    lines.push(
      `${pad(v.track, 7)} ${pad("at Nginx", 10)} ${pad("", 6)} ${pad(perSecond(e.requestRate), 8, true)} ${edgeErrors} ${pad(millis(e.p99Ms), 9, true)} ${pad(String(e.requests), 9, true)}  ${s.dim("what users saw")}`,
    );
  }
  if (snapshot.versions.length === 0) lines.push(s.red("no API container is running"));
  const window = Math.max(0, ...snapshot.versions.map((v) => v.stats?.windowSeconds ?? 0));
  lines.push(
    s.dim(`numbers over the last ${Math.round(window)} s (window ${snapshot.windowSeconds} s)`),
  );
  lines.push("");
  const policy = snapshot.policy;
  if (policy === null) {
    lines.push(`policy    ${s.dim("no canary to judge (or no window yet)")}`);
  } else {
    const verdict =
      policy.verdict === "promote"
        ? s.green(policy.verdict)
        : policy.verdict === "hold"
          ? s.yellow(policy.verdict)
          : s.red(policy.verdict);
    lines.push(
      `policy    ${verdict}${policy.reasons.length > 0 ? ` — ${policy.reasons.join("; ")}` : ""}`,
    );
  }
  const d = snapshot.detector;
  if (d.error !== null) {
    lines.push(`detector  ${s.yellow(d.error)}`);
  } else {
    const recent = d.recent.map((b) => `${b.ip} (${b.rule ?? "?"})`).join(", ");
    lines.push(`detector  ${d.activeBans ?? 0} active bans${recent ? `: ${recent}` : ""}`);
  }
  return lines;
}
