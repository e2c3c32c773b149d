import fs from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { artifactPath, openBrowser } from "../../kit/detector/browser";
import { buildDetector, startDaemon, type Daemon } from "../../kit/detector/cli";
import { tempDir, waitFor } from "../../kit/detector/files";

let tmp = tempDir("dashboard");
let daemon: Daemon | undefined;

beforeAll(() => buildDetector());
afterAll(() => tmp.cleanup());
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
  tmp.cleanup();
  tmp = tempDir("dashboard");
});

function line(ip: string, ms: number, status = 200, path = "/"): string {
  const timestamp = new Date(ms).toISOString().replace("Z", "+00:00");
  return JSON.stringify({
    source_ip: ip,
    timestamp,
    method: "GET",
    path,
    status,
    response_size: 5,
    user_agent: `<img src=x onerror="document.body.dataset.pwned=1">`,
    xff: "",
  });
}

/** Ten benign clients over a minute, an IPv4 flood and an IPv6 flood rotating inside one /64. */
function traffic(startMs: number): string {
  const out: string[] = [];
  for (let s = 0; s < 60; s++)
    for (let c = 1; c <= 10; c++) out.push(line(`198.51.100.${c}`, startMs + s * 1000 + c * 10));
  for (let i = 0; i < 250; i++)
    out.push(line("203.0.113.66", startMs + 50_000 + i * 20, 404, "/wp-login.php"));
  for (let i = 0; i < 250; i++)
    out.push(line(`2001:db8:42:7::${(i % 200).toString(16)}`, startMs + 52_000 + i * 20));
  out.sort((a, b) =>
    a.slice(a.indexOf('"timestamp"')).localeCompare(b.slice(b.indexOf('"timestamp"'))),
  );
  return `${out.join("\n")}\n`;
}

describe("the dashboard in headless Chromium", () => {
  it("shows each banned address with why and until when, the chart, the top sources and the enforcement state", async () => {
    const log = tmp.file("access.json");
    fs.writeFileSync(log, traffic(Date.now() - 58_000));
    const config = tmp.file("detector.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        logPath: log,
        stateDir: tmp.file("state"),
        startAt: "start",
        pollMs: 50,
        dryRun: true,
        dashboard: { port: 0, refreshSeconds: 1 },
      }),
    );
    daemon = startDaemon(config);
    await waitFor("two bans", () => daemon!.stdout().filter((d) => d.type === "ban").length === 2);
    const address = daemon.stderr().find((l) => l.msg === "dashboard listening")!.address as string;
    const browser = await openBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${address}/`);
      const v4 = page.locator('#bans tr[data-ip="203.0.113.66"]');
      const v6 = page.locator('#bans tr[data-ip="2001:db8:42:7::/64"]');
      await v4.waitFor({ timeout: 15_000 });
      await v6.waitFor({ timeout: 15_000 });
      await expect.poll(() => page.locator("#active-bans").textContent()).toBe("2");
      const cells = await v4.locator("td").allTextContents();
      expect(cells[1]).toBe("error-share");
      expect(cells[2]).toBe("1");
      expect(cells[3]).toMatch(/^(9|10) min \(until \d{4}-\d\d-\d\dT/);
      expect(cells[4]).toBe("dry-run");
      await v4.locator("summary").click();
      const why = await v4.locator("details").innerText();
      // Half its answers are errors: the tightened limit (1.75 req/s = 105 requests a minute) applies.
      expect(why).toContain("rule\nerror-share (fired: error-share, zscore)");
      expect(why).toContain("rate\n1.767 req/s, 106 requests, 106 errors (100%)");
      expect(why).toContain("baseline\nmean 0.5 ± 0.5 req/s per client");
      expect(why).toContain("limit 3 req/s; with errors 1.75 req/s");
      expect(why).toContain("escalation\nstep 1, 10 min, until ");
      expect(why).toContain('"path":"/wp-login.php"');
      await v6.locator("summary").click();
      expect(await v6.locator("details").innerText()).toContain("rule\nzscore (fired: zscore)");
      expect(await page.locator("#top tbody tr").count()).toBeGreaterThanOrEqual(10);
      await expect.poll(() => page.locator("#chart polyline").count(), { timeout: 10_000 }).toBe(3);
      expect(await page.locator("#pills").innerText()).toContain("dry run");
      expect(await page.locator("#enforcement").innerText()).toContain(
        "backends\ndry-run (dry run: nothing is blocked)",
      );
      // Log samples are attacker-controlled: they must render as text, never as markup.
      expect(await page.locator("body").getAttribute("data-pwned")).toBeNull();
      await page.screenshot({ path: artifactPath("detector-dashboard.png"), fullPage: true });
      const api = (await (
        await fetch(`${address}/api/bans/${encodeURIComponent("2001:db8:42:7::/64")}`)
      ).json()) as {
        ip: string;
        decision: { evidence: { requests: number } };
      };
      expect(api.ip).toBe("2001:db8:42:7::/64");
      expect(api.decision.evidence.requests).toBe(181);
    } finally {
      await browser.close();
    }
    expect(fs.statSync(artifactPath("detector-dashboard.png")).size).toBeGreaterThan(10_000);
  });
});
