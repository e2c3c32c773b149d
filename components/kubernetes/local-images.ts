import { execFileSync } from "node:child_process";
import type { LocalImage } from "./render/image-pin";

/** Looks an image up on this machine; undefined when it has none by that reference. */
export type ImageInspector = (reference: string) => LocalImage | undefined;

/** The local Docker engine's view (`docker image inspect`), for images built and imported here. */
export function dockerImageInspector(dockerBinary = "docker"): ImageInspector {
  return (reference) => {
    let out: string;
    try {
      out = execFileSync(dockerBinary, ["image", "inspect", "--format", "{{json .}}", reference], {
        stdio: ["ignore", "pipe", "ignore"],
      }).toString();
    } catch {
      return undefined;
    }
    const image = JSON.parse(out) as { Id?: unknown; RepoDigests?: unknown };
    if (typeof image.Id !== "string") return undefined;
    const digests = Array.isArray(image.RepoDigests) ? image.RepoDigests : [];
    return { id: image.Id, repoDigests: digests.filter((d): d is string => typeof d === "string") };
  };
}
