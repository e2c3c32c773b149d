import { stringList } from "./lib/config";
import { resourcePolicy } from "./lib/define-policy";
import { describeContainer } from "./lib/labels";
import { GuardrailPolicy } from "../../core/manifest/guardrails-schema";
import type { ContainerProps, RemoteImageProps } from "./lib/resource-types";
import { ResourceType } from "./lib/resource-types";

const IMAGE_ID = /^sha256:[0-9a-f]{64}$/;
const DIGEST_REFERENCE = /@sha256:[0-9a-f]{64}$/;

/** `nginx` → `nginx:latest`; `host:5000/app` → `host:5000/app:latest`; digests untouched. */
export function withDefaultTag(reference: string): string {
  const lastSegment = reference.slice(reference.lastIndexOf("/") + 1);
  return lastSegment.includes(":") || reference.includes("@") ? reference : `${reference}:latest`;
}

/** Why `reference` is not pinned, or undefined when it is. */
export function unpinnedBecause(
  reference: string,
  allowedLocalTags: readonly string[],
): string | undefined {
  if (IMAGE_ID.test(reference) || DIGEST_REFERENCE.test(reference)) return undefined;
  const tagged = withDefaultTag(reference);
  if (allowedLocalTags.map(withDefaultTag).includes(tagged)) return undefined;
  return tagged.endsWith(":latest") ? "the floating tag latest" : "a mutable tag";
}

/** Configuration of images-pinned. */
export interface ImagesConfig {
  readonly allowedLocalTags: readonly string[];
}

const HOW_TO_PIN =
  "use the built image's `repoDigest` (docker.Image, built locally), a RemoteImage pinned by digest (name@sha256:…), or list the tag in allowedLocalTags";

/** The same deploy must run the same bits: no image whose tag can move under us. */
export const imagesPinned = resourcePolicy<ContainerProps & RemoteImageProps, ImagesConfig>({
  name: GuardrailPolicy.ImagesPinned,
  description:
    "Images are built locally (docker.Image) or pinned by digest, or their tag is in allowedLocalTags; no floating latest.",
  defaults: { allowedLocalTags: [] },
  configSchema: {
    properties: {
      allowedLocalTags: stringList(
        "Local image tags allowed without a digest, e.g. local/debian:bookworm.",
      ),
    },
  },
  types: [ResourceType.Container, ResourceType.RemoteImage],
  check: ({ name, type, props, config, report }) => {
    const isContainer = type === ResourceType.Container;
    const reference = isContainer ? props.image : props.name;
    if (reference === undefined) return;
    const why = unpinnedBecause(reference, config.allowedLocalTags);
    if (why !== undefined) {
      const who = isContainer ? describeContainer(name, props) : `remote image "${name}"`;
      report(`${who} must use a pinned image, not "${reference}" (${why}): ${HOW_TO_PIN}.`);
    }
  },
});
