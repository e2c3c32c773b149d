import type { DeployTarget } from "../../core/stack-config";
import { dockerTarget } from "./docker-target";
import { kubernetesTarget } from "./kubernetes-target";
import type { Target } from "./target";

/** Each deploy target by its `swiftdeploy:target` name: the only place a target is chosen. */
export const TARGETS: Readonly<Record<DeployTarget, Target>> = {
  docker: dockerTarget,
  kubernetes: kubernetesTarget,
};
