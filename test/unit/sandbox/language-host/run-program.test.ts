import { ProgramInfo, RunRequest } from "@pulumi/pulumi/proto/language_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommandLine } from "../../../../sandbox/language-host/run-program";

const dir = path.resolve(__dirname, "../../../fixtures/smoke-program");

function request(options: Record<string, unknown> = {}): RunRequest {
  const info = new ProgramInfo().setRootDirectory(dir).setProgramDirectory(dir).setEntryPoint(".");
  info.setOptions(Struct.fromJavaScript(options as never));
  const req = new RunRequest()
    .setProject("p")
    .setStack("s")
    .setPwd(dir)
    .setMonitorAddress("127.0.0.1:1")
    .setParallel(8)
    .setDryrun(true)
    .setOrganization("organization")
    .setInfo(info);
  req.getConfigMap().set("p:word", "hi");
  req.setConfigsecretkeysList(["p:token"]);
  return req;
}

describe("runCommandLine", () => {
  it("runs the SDK's cmd/run with the official flags, config in the environment, cwd = program folder", () => {
    const { args, env, cwd } = runCommandLine(request(), "127.0.0.1:2");
    expect(args).toEqual([
      require.resolve("@pulumi/pulumi/cmd/run"),
      "--monitor",
      "127.0.0.1:1",
      "--engine",
      "127.0.0.1:2",
      "--organization",
      "organization",
      "--project",
      "p",
      "--root-directory",
      dir,
      "--stack",
      "s",
      "--pwd",
      dir,
      "--dry-run",
      "--parallel",
      "8",
      ".",
    ]);
    expect(env["PULUMI_CONFIG"]).toBe('{"p:word":"hi"}');
    expect(env["PULUMI_CONFIG_SECRET_KEYS"]).toBe('["p:token"]');
    expect(env["PULUMI_NODEJS_TYPESCRIPT"]).toBe("true");
    expect(cwd).toBe(dir);
  });

  it("honours the typescript and nodeargs runtime options, and refuses unknown ones", () => {
    const { args, env } = runCommandLine(
      request({ typescript: false, nodeargs: "--max-old-space-size=512" }),
      undefined,
    );
    expect(args[0]).toBe("--max-old-space-size=512");
    expect(env["PULUMI_NODEJS_TYPESCRIPT"]).toBe("false");
    expect(() => runCommandLine(request({ binary: "x" }), undefined)).toThrow(
      'runtime option "binary" in Pulumi.yaml is not supported by the sandbox Node.js language host',
    );
  });
});
