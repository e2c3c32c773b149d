import { isHostKey } from "../enforce/ban-key";
import { keepUnknownBans } from "./adopt-bans";
import { exceptionFinder, selfTestAddress, wantedBans } from "./enforcement-setup";
import type { RunningDaemon } from "./running-daemon";

/**
 * After a (re)start: end due bans, keep the bans the backends hold that the saved state lost
 * (adopt-bans.ts), lift bans of addresses now allowlisted, reconcile the backends, save the ledger.
 */
export async function settleAfterStart(d: RunningDaemon): Promise<void> {
  const { deps, evidence } = d.parts;
  const engine = d.loop.engine;
  const now = deps.clock.now();
  engine.tick(now);
  const adopted = await keepUnknownBans(
    d.enforcement,
    engine.ledger,
    selfTestAddress(d.settings),
    now,
    d.settings.bans.stepsMinutes.length,
  );
  if (adopted.length > 0) {
    const fields = { adopted: adopted.length, keys: adopted.slice(0, 20).map((o) => o.ip) };
    d.audit.record("reconcile", fields);
    deps.out.log("warn", "kept bans the saved state did not hold", fields);
  }
  const allowed = exceptionFinder(d.settings, d.hostAddresses);
  for (const o of engine.ledger.list()) {
    const host = isHostKey(o.ip);
    const cidr = `${o.ip}/${o.family === 4 ? 32 : 128}`;
    if (o.untilMs !== 0 && host && allowed(cidr).length > 0) engine.lift(o.ip, now, "allowlisted");
  }
  evidence.retain((ip) => engine.ledger.isBanned(ip));
  await d.reconcile();
  d.trySave("bans", () => d.loop.saveBans());
}

/** Makes the backends hold exactly the ledger's bans; a change is audited. */
export async function reconcileWithLedger(d: RunningDaemon): Promise<void> {
  const { deps, evidence } = d.parts;
  const exceptionsFor = exceptionFinder(d.settings, d.hostAddresses);
  const reports = await d.enforcement.reconcile(
    wantedBans(d.loop.engine.ledger, exceptionsFor),
    (key) => {
      const r = evidence.get(key);
      return r !== undefined && d.enforcement.route(r.decision).kernel;
    },
    deps.clock.now(),
    selfTestAddress(d.settings),
  );
  for (const r of reports) {
    const changed = r.added + r.removed > 0;
    if (changed) d.audit.record("reconcile", { ...r });
    deps.out.log(changed ? "warn" : "info", "reconciled with the ledger", { ...r });
  }
}
