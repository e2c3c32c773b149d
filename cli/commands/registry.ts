import type { Verb } from "../verb";
import { auditVerb } from "./audit";
import { banVerb } from "./ban";
import { bansVerb } from "./bans";
import { canaryVerb } from "./canary";
import { chaosVerb } from "./chaos";
import { dashboardVerb } from "./dashboard";
import { deployVerb } from "./deploy";
import { explainVerb } from "./explain";
import { initVerb } from "./init";
import { previewVerb } from "./preview";
import { promoteVerb } from "./promote";
import { rollbackVerb } from "./rollback";
import { statusVerb } from "./status";
import { teardownVerb } from "./teardown";
import { unbanVerb } from "./unban";
import { validateVerb } from "./validate";

/** Every verb, in the order `swiftdeploy help` lists them. */
export const VERBS: readonly Verb[] = [
  initVerb,
  validateVerb,
  deployVerb,
  previewVerb,
  teardownVerb,
  canaryVerb,
  promoteVerb,
  rollbackVerb,
  chaosVerb,
  statusVerb,
  dashboardVerb,
  bansVerb,
  explainVerb,
  banVerb,
  unbanVerb,
  auditVerb,
];
