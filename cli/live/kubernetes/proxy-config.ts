import { z } from "zod";
import { K8S_NAMES } from "../../../components/kubernetes/render/names";

const DaemonSet = z.looseObject({
  spec: z.looseObject({
    template: z.looseObject({
      spec: z.looseObject({
        volumes: z
          .array(z.looseObject({ configMap: z.looseObject({ name: z.string() }).optional() }))
          .optional(),
      }),
    }),
  }),
});

/**
 * The name of the nginx.conf ConfigMap the proxy's DaemonSet mounts (`proxy-config-<hash of its
 * content>`: a new weight is a new ConfigMap, which the DaemonSet rolls its pods to); undefined
 * when there is no DaemonSet or it mounts none.
 */
export function proxyConfigMapName(daemonSet: unknown): string | undefined {
  const parsed = DaemonSet.safeParse(daemonSet);
  if (!parsed.success) return undefined;
  return (parsed.data.spec.template.spec.volumes ?? [])
    .map((volume) => volume.configMap?.name)
    .find((name) => name?.startsWith(`${K8S_NAMES.proxy}-config-`));
}
