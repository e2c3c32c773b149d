import { parseArgs } from "node:util";
import path from "node:path";
import { SwiftDeployError } from "../core/errors";
import { initGeneratedFiles } from "./commands/init";

const USAGE = `usage: swiftdeploy <command> [--stack NAME]

commands:
  init        write every file generated from manifest.yaml to .swiftdeploy/generated/<stack>/
  help        show this text

examples:
  swiftdeploy init --stack dev
`;

/** The project folder: the CLI's bundle lives in <project>/dist/cli/. */
const projectDir = path.resolve(__dirname, "..", "..");

function main(argv: string[]): number {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { stack: { type: "string", default: "dev" }, help: { type: "boolean" } },
  });
  const [command] = positionals;
  if (command === undefined || command === "help" || values.help) {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === "init") {
    const result = initGeneratedFiles(projectDir, values.stack);
    process.stdout.write(`${result.files.map((f) => path.join(result.dir, f)).join("\n")}\n`);
    return 0;
  }
  process.stderr.write(`swiftdeploy: unknown command "${command}"\n\n${USAGE}`);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof SwiftDeployError) {
    process.stderr.write(`error [${error.code}]: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
