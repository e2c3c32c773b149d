import { z } from "zod";

/** Where a detector's ban list is shared with the other edge nodes' detectors. */
export const SharedBansKind = {
  None: "none",
  KubernetesConfigMap: "kubernetes-configmap",
} as const;
/** One of {@link SharedBansKind}. */
export type SharedBansKind = (typeof SharedBansKind)[keyof typeof SharedBansKind];

const dnsName = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    "must be a DNS label: lowercase letters, digits and -, at most 63",
  );

/**
 * One ban list for every edge node: each ban a detector decides is written to a ConfigMap of the
 * Kubernetes API, which every detector watches and applies to its own kernel. Off on one host.
 */
export const SharedBansSchema = z
  .strictObject({
    kind: z
      .enum([SharedBansKind.None, SharedBansKind.KubernetesConfigMap])
      .default(SharedBansKind.None)
      .describe(
        "none (this host's bans only) or kubernetes-configmap (one ConfigMap every detector of the cluster writes and watches, through the pod's service account).",
      ),
    namespace: dnsName
      .optional()
      .describe("The ConfigMap's namespace (default: the service account's own namespace)."),
    name: dnsName
      .default("swiftdeploy-bans")
      .describe("The ConfigMap holding the shared bans, one data key per ban."),
    timeoutMs: z
      .int()
      .min(500)
      .max(60_000)
      .default(5_000)
      .describe("How long one request to the Kubernetes API may take."),
  })
  .prefault({})
  .describe(
    "Bans shared between the detectors of several edge nodes: the kubernetes target turns it on (kind, name) and the docker target leaves it out; timeoutMs and namespace may be tuned.",
  );

/** Fully defaulted shared-ban settings. */
export type SharedBansSettings = z.output<typeof SharedBansSchema>;
