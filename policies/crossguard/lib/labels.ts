import { ROLE_LABEL } from "../../../core/roles";
import type { ContainerProps } from "./resource-types";

/** The value of label `key` in a docker `labels` list, if set. */
export function labelValue(
  labels: readonly { label?: string; value?: string }[] | undefined,
  key: string,
): string | undefined {
  return (labels ?? []).find((entry) => entry.label === key)?.value;
}

/** The container's SwiftDeploy role (`dev.swiftdeploy.role`), if labelled. */
export function roleOf(container: ContainerProps): string | undefined {
  return labelValue(container.labels, ROLE_LABEL);
}

/** How messages name a container: `container "api-canary" (role api-canary)`. */
export function describeContainer(name: string, container: ContainerProps): string {
  const role = roleOf(container);
  return role === undefined ? `container "${name}"` : `container "${name}" (role ${role})`;
}
