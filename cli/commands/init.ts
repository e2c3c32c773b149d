import path from "node:path";
import { initGeneratedFiles } from "../init-files";
import { manifestWarningLines } from "../manifest-warnings";
import type { Verb } from "../verb";

/** `swiftdeploy init`. */
export const initVerb: Verb = {
  name: "init",
  summary:
    "write every file generated from manifest.yaml to .swiftdeploy/generated/<stack>/ for review",
  usage: `usage: swiftdeploy init [--stack NAME]

Writes nginx.conf, OPA's data document, the detector config and the policy pack's config, exactly
as the stack deploys them, to .swiftdeploy/generated/<stack>/ (git-ignored). Deleting them and
running init again regenerates them byte for byte. Prints the files written (stdout) and, for a
manifest in the original SwiftDeploy's form, what each of its extra fields became (stderr).

examples:
  swiftdeploy init
  swiftdeploy init --stack prod`,
  options: {},
  async run(ctx) {
    const result = initGeneratedFiles(ctx.projectDir, ctx.stack, ctx.configFile);
    for (const line of manifestWarningLines(result.warnings))
      ctx.term.err(ctx.term.errStyle.yellow(line));
    ctx.term.out(result.files.map((f) => path.join(result.dir, f)).join("\n"));
    return 0;
  },
};
