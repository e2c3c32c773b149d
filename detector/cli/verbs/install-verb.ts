import fs from "node:fs";
import path from "node:path";
import { ErrorCode, SwiftDeployError } from "../../../core/errors";
import {
  dropInPath,
  renderInstanceDropIn,
  renderUnitTemplate,
  UNIT_TEMPLATE_PATH,
  unitName,
  unitWritablePaths,
} from "../../../core/detector-unit";
import { checkPrerequisites } from "../../systemd/prerequisites";
import { Systemctl } from "../../systemd/systemctl";
import { writeUnitFiles } from "../../systemd/unit-files";
import type { Output } from "../../io/output";
import { readSelfTest, SELFTEST_FILE } from "../../state/selftest-file";
import { UsageError } from "../usage";
import { checkInstanceFiles, instanceOf, migrateLegacyUnit } from "./unit-instance";
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
 * `install --config /etc/swiftdeploy/<service>/detector.json [--instance <service>] [--env-file
 * FILE] --node BINARY`: writes the template unit (ExecStart = this bundle's `run`) and the
 * instance's drop-in, retires the single unit of earlier installs (its state kept), sets up the
 * kernel sets and rules, reloads systemd, enables and (re)starts `swiftdeploy-detector@<service>`,
 * waits until it is ready and prints one JSON status line. Idempotent.
 */
export async function installVerb(args: string[], out: Output): Promise<number> {
  const ctx = verbContext("install", args, out, {
    "env-file": { type: "string" },
    node: { type: "string" },
    instance: { type: "string" },
  });
  const config = absoluteFile("config", ctx.configFile);
  const node = absoluteFile("node", ctx.values.node as string | undefined);
  const instance = instanceOf(ctx.values.instance as string | undefined, config);
  if (instance === undefined)
    throw new UsageError(
      `install needs --instance <service>, or --config /etc/swiftdeploy/<service>/detector.json (got ${config})`,
    );
  checkInstanceFiles(instance, config, ctx.values["env-file"] as string | undefined);
  const bundle = path.resolve(process.argv[1]!);
  const s = ctx.settings;
  const { plan, kernel, nginx } = verbEnforcers(s, ctx.runner, out);
  await checkPrerequisites(ctx.runner, plan, s);
  ctx.store.prepare();
  const writable = unitWritablePaths(s);
  for (const dir of writable) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const template = renderUnitTemplate({ node, bundle });
  const dropIn = renderInstanceDropIn(instance, writable);
  const unitChanged = writeUnitFiles(instance, template, dropIn);
  ensureXtablesLock();
  const kernelReport = await kernel.setup();
  const nginxReport = nginx === undefined ? undefined : await nginx.setup();
  const migrated = await migrateLegacyUnit(instance, template, ctx.runner, sleep);
  const unit = unitName(instance);
  const systemctl = new Systemctl(ctx.runner, sleep, unit);
  await systemctl.daemonReload();
  await systemctl.enableAndRestart();
  const state = await systemctl.waitSettled(90_000);
  if (state !== "active")
    throw new SwiftDeployError(
      ErrorCode.RemoteFailed,
      `${unit} is ${state} after install`,
      (await systemctl.journal()).split("\n"),
    );
  const selftest = readSelfTest(ctx.store.file(SELFTEST_FILE));
  printResult({
    status: "installed",
    unit,
    template: UNIT_TEMPLATE_PATH,
    dropIn: dropIn === undefined ? null : dropInPath(instance),
    unitChanged,
    migrated: migrated ?? null,
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
