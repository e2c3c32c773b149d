import { execFile } from "node:child_process";
import { parseNftSet } from "../../../detector/enforce/nft-commands";
import type { ClusterNode } from "./cluster";

/** The banned IPv4 keys in a node's kernel (the detector's nftables set), with seconds left (null = permanent). */
export function nodeKernelBans(node: ClusterNode): Promise<Map<string, number | null>> {
  const args = ["exec", node.name, "nft", "-j", "list", "set", "inet", "swiftdeploy", "v4"];
  return new Promise((resolve) =>
    execFile("docker", args, { maxBuffer: 16 << 20 }, (error, stdout) =>
      resolve(
        error === null
          ? new Map(parseNftSet(stdout, 4).bans.map((b) => [b.key, b.timeoutSeconds]))
          : new Map(),
      ),
    ),
  );
}
