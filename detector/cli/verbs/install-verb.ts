import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../../../core/atomic-file";
import { ErrorCode, SwiftDeployError } from "../../../core/errors";
import { checkPrerequisites } from "../../systemd/prerequisites";
import { Systemctl } from "../../systemd/systemctl";
import { renderUnit, UNIT_NAME, UNIT_PATH, unitWritablePaths } from "../../../core/detector-unit";
import type { Output } from "../output";
import { readSelfTest, SELFTEST_FILE } from "../service/selftest-file";
import { UsageError } from "../usage";
import { ensureXtablesLock, verbEnforcers } from "./verb-enforcement";
import { printResult, verbContext } from "./verb-context";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function absoluteFile(what: string, file: string | undefined): string {
  if (file === undefined) throw new UsageError(`install needs --${what}`);
  const abs = path.resolve(file);
  if (!fs.existsSync(abs))
    throw new SwiftDeployError(ErrorCode.ConfigInvalid, `--${what} ${abs} does not exist`);
  return abs;
}

/**
 * `install --config FILE --env-file FILE --node BINARY`: writes the systemd unit (ExecStart = this
 * bundle's `run`), sets up the kernel sets and rules, reloads systemd, enables and (re)starts the
 * service, waits for it and prints one JSON status line. Idempotent.
 */
export async function installVerb(args: string[], out: Output): Promise<number> {
  const ctx = verbContext("install", args, out, {
    "env-file": { type: "string" },
    node: { type: "string" },
  });
  const config = absoluteFile("config", ctx.configFile);
  const node = absoluteFile("node", ctx.values.node as string | undefined);
  const envFile = ctx.values["env-file"] as string | undefined;
  if (envFile === undefined) throw new UsageError("install needs --env-file");
  const bundle = path.resolve(process.argv[1]!);
  const s = ctx.settings;
  const { plan, kernel, nginx } = verbEnforcers(s, ctx.runner, out);
  await checkPrerequisites(ctx.runner, plan, s);
  ctx.store.prepare();
  const writable = unitWritablePaths(s);
  for (const dir of writable) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const unit = renderUnit({
    node,
    bundle,
    config,
    envFile: path.resolve(envFile),
    writablePaths: writable,
  });
  const previous = fs.existsSync(UNIT_PATH) ? fs.readFileSync(UNIT_PATH, "utf8") : undefined;
  if (previous !== unit) writeFileAtomic(UNIT_PATH, unit, { mode: 0o644 });
  ensureXtablesLock();
  const kernelReport = await kernel.setup();
  const nginxReport = nginx === undefined ? undefined : await nginx.setup();
  const systemctl = new Systemctl(ctx.runner, sleep);
  await systemctl.daemonReload();
  await systemctl.enableAndRestart();
  const state = await systemctl.waitSettled(90_000);
  if (state !== "active")
    throw new SwiftDeployError(
      ErrorCode.RemoteFailed,
      `${UNIT_NAME} is ${state} after install`,
      (await systemctl.journal()).split("\n"),
    );
  const selftest = readSelfTest(ctx.store.file(SELFTEST_FILE));
  printResult({
    status: "installed",
    unit: UNIT_PATH,
    unitChanged: previous !== unit,
    active: state,
    backend: plan.kernel,
    nginxDenyList: nginx === undefined ? null : s.enforcement.nginxDenyList.path,
    sets: [...kernelReport.sets, ...(nginxReport?.sets ?? [])],
    rules: kernelReport.rules,
    warnings: [...plan.warnings, ...kernelReport.warnings],
    selftest: selftest === undefined ? null : { ok: selftest.ok, message: selftest.message },
  });
  return 0;
}
