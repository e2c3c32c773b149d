import * as pulumi from "@pulumi/pulumi";

/**
 * `dependsOn` for a resource that writes to the Docker host: it resolves only once the deploy gate
 * said "allowed", so the engine registers nothing of that resource before OPA answered, and fails
 * it untouched when OPA refused (the gate's output then rejects). `after` are further resources it
 * waits for, as a plain `dependsOn` would.
 */
export function afterGate(
  deployGate: pulumi.Input<string>,
  ...after: pulumi.Resource[]
): pulumi.Output<pulumi.Resource[]> {
  return pulumi.output(deployGate).apply(() => after);
}
