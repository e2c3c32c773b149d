import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../repo-root";
import { chromium, type BrowserContext } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";

/** Flags that keep Debian's Chromium headless, offline and quiet. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Headless Chromium with a fresh profile; `close` removes the profile too. */
export async function openBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run \`npm run setup\` or apt-get install -y chromium`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "sd-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where test artifacts (screenshots) are kept: test-results/ at the repository root (git-ignored). */
export function artifactPath(name: string): string {
  const dir = path.join(REPO_ROOT, "test-results");
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
