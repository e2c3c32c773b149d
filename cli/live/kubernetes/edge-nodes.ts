import { z } from "zod";
import { EDGE_NODE_LABEL } from "../../../components/kubernetes/render/names";

const NodeList = z.looseObject({
  items: z.array(
    z.looseObject({
      metadata: z.looseObject({
        name: z.string(),
        labels: z.record(z.string(), z.string()).optional(),
      }),
      status: z
        .looseObject({
          addresses: z.array(z.looseObject({ type: z.string(), address: z.string() })).optional(),
          conditions: z.array(z.looseObject({ type: z.string(), status: z.string() })).optional(),
        })
        .optional(),
    }),
  ),
});

/** A node labelled as an edge node (Nginx and the detector run there). */
export interface EdgeNode {
  readonly name: string;
  /** Its InternalIP (else ExternalIP), where the NodePort answers; null when it reports none. */
  readonly address: string | null;
  readonly ready: boolean;
}

/** The edge nodes of a node list (`GET /api/v1/nodes`), sorted by name. */
export function edgeNodes(list: unknown): EdgeNode[] {
  return NodeList.parse(list)
    .items.filter((n) => n.metadata.labels?.[EDGE_NODE_LABEL.key] === EDGE_NODE_LABEL.value)
    .map((n) => {
      const addresses = n.status?.addresses ?? [];
      const address =
        addresses.find((a) => a.type === "InternalIP")?.address ??
        addresses.find((a) => a.type === "ExternalIP")?.address ??
        null;
      const ready = (n.status?.conditions ?? []).some(
        (c) => c.type === "Ready" && c.status === "True",
      );
      return { name: n.metadata.name, address, ready };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `http://<address>:<nodePort>/` of every ready edge node: where the public reaches Nginx. */
export function edgeUrls(nodes: readonly EdgeNode[], nodePort: number): string[] {
  return nodes
    .filter((n) => n.ready && n.address !== null)
    .map((n) => {
      const host = (n.address as string).includes(":") ? `[${n.address}]` : n.address;
      return `http://${host}:${nodePort}/`;
    });
}
