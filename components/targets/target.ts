import type * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "../../core/manifest";
import type { StackConfig } from "../../core/stack-config";

/** What the entry point read (config, secrets, environment), handed to the chosen target. */
export interface TargetContext {
  readonly project: string;
  readonly stack: string;
  /** The project folder: paths in the stack config are relative to it. */
  readonly projectDir: string;
  readonly manifest: Manifest;
  readonly settings: StackConfig;
  readonly secrets: {
    readonly sshPrivateKey?: pulumi.Output<string>;
    readonly kubeconfig?: pulumi.Output<string>;
    readonly webhookUrl?: pulumi.Output<string>;
  };
  /** The Node.js runtime setup caches (the Docker target copies it to the host). */
  readonly cachedNodeRuntime: string;
}

/**
 * The stack outputs. Both targets give `images` and `chaosToken`; the rest belong to one target
 * and stay undefined (and so absent) on the other.
 */
export interface TargetOutputs {
  readonly target: string;
  readonly images: pulumi.Input<Record<string, string>>;
  /** Bearer token of the canary's POST /chaos, for `swiftdeploy chaos` (a secret output). */
  readonly chaosToken: pulumi.Output<string>;
  readonly publicUrl?: pulumi.Output<string>;
  readonly containers?: pulumi.Output<Record<string, string>>;
  readonly detectorUnitState?: pulumi.Output<string>;
  readonly host?: unknown;
  readonly dashboard?: pulumi.Output<string>;
  readonly namespace?: string;
  readonly nodePort?: pulumi.Output<number>;
  readonly publicEndpoint?: pulumi.Output<string>;
  readonly workloads?: Record<string, string>;
}

/** A deploy target: turns the context into the stack's resources and its outputs. */
export interface Target {
  /** Checks run before any resource is registered; a failure stops the program with its message. */
  preflight?(context: TargetContext): Promise<void>;
  deploy(context: TargetContext): TargetOutputs;
}
