import { text } from "./fields";

// Docker's reference grammar (distribution/reference), without the rarely used IPv6 registries:
// [registry[:port]/]path-component(/path-component)*[:tag][@digest]
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const REGISTRY =
  "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?";
const TAG = "(?::[\\w][\\w.-]{0,127})?";
const DIGEST = "(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?";
const IMAGE_REF = new RegExp(`^${REGISTRY}${COMPONENT}(?:/${COMPONENT})*${TAG}${DIGEST}$`);

/** A Docker image reference such as `nginx:1.27-bookworm` or `registry:5000/team/api@sha256:…`. */
export function imageRef() {
  return text(IMAGE_REF, 'a Docker image reference like "nginx:1.27-bookworm"');
}

/** True for a valid Docker image reference. */
export function isImageRef(value: string): boolean {
  return IMAGE_REF.test(value);
}
