import { describe, expect, it } from "vitest";
import {
  list,
  object,
  replaces,
  value,
} from "../../../../../sandbox/providers/shared/input-schema";
import { unsupportedInputs } from "../../../../../sandbox/providers/shared/unsupported-inputs";
import { secret } from "../../../../../sandbox/providers/shared/wire";

const schema = {
  name: replaces(),
  ports: replaces(list(object({ internal: value, external: value }))),
};

describe("unsupportedInputs", () => {
  it("names each top-level and nested input the schema lacks, inside secrets too", () => {
    const failures = unsupportedInputs(
      {
        name: "x",
        gpus: "all",
        ports: [{ internal: 80 }, secret({ internal: 81, ip: "0.0.0.0" })],
      },
      schema,
      "docker",
    );
    expect(failures.map((f) => f.property)).toEqual(["gpus", "ports[1].ip"]);
    expect(failures[0]?.reason).toBe(
      "gpus is not supported by the stand-in provider (sandbox/providers/docker): remove it, or install the official pulumi-resource-docker plugin",
    );
  });

  it("ignores absent (null) inputs and values unknown at preview", () => {
    expect(
      unsupportedInputs(
        { name: "x", gpus: null, ports: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
        schema,
        "docker",
      ),
    ).toEqual([]);
  });
});
