/** What the local Docker engine knows of an image. */
export interface LocalImage {
  /** The image ID: the digest of its config, which containerd keeps on import. */
  readonly id: string;
  /** `repo@sha256:…` for images pulled from (or pushed to) a registry. */
  readonly repoDigests: readonly string[];
}

/** `registry:5000/team/api:1.0` → `registry:5000/team/api`. */
export function repositoryOf(reference: string): string {
  const at = reference.indexOf("@");
  const withoutDigest = at < 0 ? reference : reference.slice(0, at);
  const slash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

/**
 * The reference pods run for `reference`, pinned where it can be: a reference with a digest as it
 * is; a local image pulled from a registry by its repository digest (pullable anywhere); a local
 * build by its image ID, which containerd resolves for images imported into the node without a
 * registry (never pulled: imagePullPolicy IfNotPresent); an image this machine does not have,
 * unchanged (the CrossGuard pack's images-pinned judges it).
 */
export function pinnedImage(reference: string, local: LocalImage | undefined): string {
  if (reference.includes("@sha256:") || local === undefined) return reference;
  const repository = repositoryOf(reference);
  const digest = local.repoDigests.find((d) => repositoryOf(d) === repository);
  return digest ?? local.id;
}
