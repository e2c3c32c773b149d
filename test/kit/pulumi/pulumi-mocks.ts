import * as pulumi from "@pulumi/pulumi";

/** A resource the program registered, as the mocks saw it. */
export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  /** Inputs with secrets unwrapped. */
  readonly inputs: Record<string, unknown>;
  /** Names of the top-level inputs that arrived as secrets. */
  readonly secretInputs: ReadonlySet<string>;
}

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function isSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** Mock outputs for the few computed properties the stack reads. */
function computedOutputs(type: string, name: string): Record<string, unknown> {
  switch (type) {
    case "docker:index/image:Image":
      return { repoDigest: `sha256:${name}` };
    case "docker:index/remoteImage:RemoteImage":
      return { imageId: `sha256:${name}` };
    case "command:remote:Command":
      return { stdout: "active\n", stderr: "" };
    default:
      return {};
  }
}

/**
 * Runs `program` under Pulumi's mocks (no engine, no provider) and returns every resource it
 * registered once all outputs have settled.
 */
export async function registeredResources(program: () => void): Promise<RegisteredResource[]> {
  const resources: RegisteredResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const secretInputs = new Set<string>();
        const inputs: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(args.inputs as Record<string, unknown>)) {
          if (isSecret(value)) secretInputs.add(key);
          inputs[key] = isSecret(value) ? value.value : value;
        }
        resources.push({ type: args.type, name: args.name, inputs, secretInputs });
        return {
          id: `${args.name}-id`,
          state: { ...args.inputs, ...computedOutputs(args.type, args.name) },
        };
      },
      call: (args) => args.inputs,
    },
    "swiftdeploy",
    "test",
    false,
  );
  program();
  // Registrations whose inputs wait on other outputs arrive over a few turns of the event loop.
  let seen = -1;
  while (seen !== resources.length) {
    seen = resources.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return resources;
}

/** The resources of one type token. */
export function ofType(resources: readonly RegisteredResource[], type: string) {
  return resources.filter((r) => r.type === type);
}

/** The one resource whose logical name ends with `suffix`; fails when there is not exactly one. */
export function named(
  resources: readonly RegisteredResource[],
  suffix: string,
): RegisteredResource {
  const found = resources.filter((r) => r.name.endsWith(suffix));
  if (found.length !== 1) {
    throw new Error(
      `expected one resource named *${suffix}, found ${found.map((r) => r.name).join(", ") || "none"}`,
    );
  }
  return found[0] as RegisteredResource;
}
