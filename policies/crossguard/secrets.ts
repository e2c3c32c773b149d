import { resourcePolicy } from "./lib/define-policy";
import { describeContainer } from "./lib/labels";
import { GuardrailPolicy } from "../../core/manifest/guardrails-schema";
import type { CommandProps, ContainerProps, NetworkProps } from "./lib/resource-types";
import { ResourceType } from "./lib/resource-types";
import { isSecretAt } from "./lib/secret-marks";
import { secretKind, splitEnv } from "./lib/secret-kind";
import { UNKNOWN, known } from "./lib/unknowns";

type PathKey = string | number;

/** A name/value pair to judge, where it sits in the props, and how messages call it. */
interface Entry {
  readonly what: string;
  readonly name: string;
  readonly value: string;
  readonly path: readonly PathKey[];
}

// Each entry is read on its own: one value unknown at preview must not hide the others (so keys
// first, then one guarded read per entry; Object.entries would read them all at once).
function each<T>(
  list: () => readonly T[] | Readonly<Record<string, T>> | undefined,
  visit: (item: T, key: PathKey) => void,
): void {
  const items = known(list);
  if (items === UNKNOWN || items === undefined) return;
  const isArray = Array.isArray(items);
  for (const key of Object.keys(items)) {
    known(() => visit((items as Record<string, T>)[key] as T, isArray ? Number(key) : key));
  }
}

function entriesOf(type: string, props: ContainerProps & NetworkProps & CommandProps): Entry[] {
  const entries: Entry[] = [];
  if (type === ResourceType.Container) {
    each(
      () => props.envs,
      (env, i) => {
        const { name, value } = splitEnv(env);
        entries.push({ what: `env ${name}`, name, value, path: ["envs", i] });
      },
    );
  }
  if (type === ResourceType.Container || type === ResourceType.Network) {
    each(
      () => props.labels,
      (label, i) => {
        const name = label.label ?? "";
        entries.push({
          what: `label ${name}`,
          name,
          value: label.value ?? "",
          path: ["labels", i],
        });
      },
    );
  }
  if (type === ResourceType.RemoteCommand || type === ResourceType.LocalCommand) {
    each(
      () => props.environment,
      (value, name) => {
        entries.push({
          what: `environment ${name}`,
          name: String(name),
          value: String(value),
          path: ["environment", name],
        });
      },
    );
  }
  return entries;
}

function subject(type: string, name: string, props: ContainerProps): string {
  if (type === ResourceType.Container) return describeContainer(name, props);
  if (type === ResourceType.Network) return `network "${name}"`;
  return `command "${name}"`;
}

/**
 * Secrets in plain env vars or labels end up in `docker inspect`, the state file and logs. The
 * message names the variable, never its value.
 */
export const noPlaintextSecrets = resourcePolicy<ContainerProps & NetworkProps & CommandProps>({
  name: GuardrailPolicy.NoPlaintextSecrets,
  description:
    "No secret-looking values (webhook URLs, tokens, keys, passwords, private keys) in plain environment variables or labels; Pulumi secrets are fine.",
  types: [
    ResourceType.Container,
    ResourceType.Network,
    ResourceType.RemoteCommand,
    ResourceType.LocalCommand,
  ],
  check: ({ name, type, props, report }) => {
    for (const entry of entriesOf(type, props)) {
      const kind = secretKind(entry.name, entry.value);
      if (kind !== undefined && !isSecretAt(props, entry.path)) {
        report(
          `${subject(type, name, props)} ${entry.what} must not hold a secret in plain text (it looks like ${kind}): pass it with pulumi.secret(...) or config.requireSecret(...), or mount it from a file.`,
        );
      }
    }
  },
});
