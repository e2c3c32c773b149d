import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  hostFactCommands,
  hostFactsScript,
  splitHostFactsOutput,
} from "../../../gate/host-fact-commands";
import {
  parseDf,
  parseDockerVersion,
  parseHostFacts,
  parseLoad,
  parseMeminfo,
} from "../../../gate/host-facts";

const fixtures = path.resolve(__dirname, "../../fixtures/policies/host-facts");
const fixture = (name: string) => readFileSync(path.join(fixtures, name), "utf8");
const ok = (output: string) => ({ exitCode: 0, output });

describe("host fact commands", () => {
  it("measures the disk of the given data directory, shell-quoted", () => {
    expect(hostFactCommands("/srv/it's here").disk).toBe(`df -P -B1 '/srv/it'\\''s here'`);
    expect(hostFactCommands().disk).toBe("df -P -B1 '/var/lib/docker'");
  });

  it("frames every fact so one SSH session can gather them all", () => {
    const script = hostFactsScript();
    for (const command of Object.values(hostFactCommands())) expect(script).toContain(command);
  });

  it("splits a real run of the script back into one output per fact", () => {
    const stdout = execFileSync("sh", ["-c", hostFactsScript("/")], { encoding: "utf8" });
    const outputs = splitHostFactsOutput(stdout);
    expect(Object.keys(outputs).sort()).toEqual(["disk", "docker", "loadavg", "meminfo", "nproc"]);
    expect(outputs.nproc).toEqual({ exitCode: 0, output: String(Number(outputs.nproc?.output)) });
    expect(parseHostFacts(outputs, "/").disk).toMatchObject({ path: "/" });
  });

  it("keeps a fact's exit code and output when its command fails", () => {
    expect(splitHostFactsOutput(fixture("broken-host.txt")).disk).toEqual({
      exitCode: 1,
      output: "df: /srv/docker: No such file or directory",
    });
  });

  it("drops a fact whose exit mark never came (the session was cut)", () => {
    const cut = "@@swiftdeploy-fact nproc\n2\n";
    expect(splitHostFactsOutput(cut)).toEqual({});
  });
});

describe("parseHostFacts", () => {
  it("turns a healthy host's outputs into the infrastructure policy input", () => {
    const input = parseHostFacts(splitHostFactsOutput(fixture("healthy-host.txt")));
    expect(input).toEqual({
      disk: { path: "/var/lib/docker", total_bytes: 270553174016, free_bytes: 77897105408 },
      load: { load1: 0.79, cpus: 2 },
      memory: { available_bytes: 23732396 * 1024, total_bytes: 24683656 * 1024 },
      docker: { answering: true, server_version: "20.10.24+dfsg1" },
    });
  });

  it("explains every fact a broken host could not give", () => {
    const input = parseHostFacts(splitHostFactsOutput(fixture("broken-host.txt")), "/srv/docker");
    expect(input.disk).toEqual({
      path: "/srv/docker",
      error: '`df` exited 1: "df: /srv/docker: No such file or directory"',
    });
    expect(input.load).toEqual({ load1: 0.1, cpus: 4 });
    expect(input.memory).toEqual({
      error: "/proc/meminfo has no MemAvailable or MemTotal line (kernel older than 3.14?)",
    });
    expect(input.docker).toMatchObject({ answering: false });
    expect("error" in input.docker && input.docker.error).toContain(
      '`docker info` exited 1: "Cannot connect to the Docker daemon',
    );
  });

  it("says which command was not run when an output is missing", () => {
    expect(parseHostFacts({}).load).toEqual({ error: "`cat /proc/loadavg` was not run" });
  });
});

describe.each([
  ["a header only", "Filesystem 1-blocks Used Available Capacity Mounted on"],
  ["garbage", "hello"],
  ["an empty output", ""],
])("parseDf on %s", (_, output) => {
  it("reports unexpected output instead of a number", () => {
    expect(parseDf("/x", ok(output))).toMatchObject({
      path: "/x",
      error: expect.stringContaining("unexpected df output"),
    });
  });
});

describe("parseDf", () => {
  it("reads a filesystem name with spaces from the end of the line", () => {
    const output =
      "Filesystem 1-blocks Used Available Capacity Mounted on\nmy fs 100 40 60 40% /mnt/a b";
    expect(parseDf("/mnt/a b", ok(output))).toEqual({
      path: "/mnt/a b",
      total_bytes: 100,
      free_bytes: 60,
    });
  });
});

describe.each([
  ["a negative load", "-1 0 0 1/1 1", "2", "unexpected /proc/loadavg"],
  ["zero CPUs", "0.5 0 0 1/1 1", "0", "unexpected nproc output"],
  ["a non-numeric CPU count", "0.5 0 0 1/1 1", "two", "unexpected nproc output"],
])("parseLoad with %s", (_, loadavg, nproc, error) => {
  it("reports what was unexpected", () => {
    expect(parseLoad(ok(loadavg), ok(nproc))).toEqual({ error: expect.stringContaining(error) });
  });
});

describe("parseMeminfo", () => {
  it("counts kB as 1024 bytes", () => {
    expect(parseMeminfo(ok("MemTotal: 2 kB\nMemAvailable: 1 kB"))).toEqual({
      available_bytes: 1024,
      total_bytes: 2048,
    });
  });
});

describe.each([
  ["an empty version", '""'],
  ["a template error", 'template: :1: function "json" not defined'],
])("parseDockerVersion with %s", (_, output) => {
  it("says Docker is not answering", () => {
    expect(parseDockerVersion(ok(output))).toMatchObject({
      answering: false,
      error: expect.stringContaining("unexpected docker info output"),
    });
  });
});
