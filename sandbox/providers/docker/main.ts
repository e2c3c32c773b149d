// pulumi-resource-docker stand-in (see sandbox/README.md): the real engine drives the real Docker
// engine through the docker CLI, for the official @pulumi/docker resource types listed below.
import { serveStandIn } from "../shared/serve";
import { containerHandler } from "./container";
import type { DockerSettings } from "./docker-cli";
import { dockerCli } from "./docker-cli";
import { imageHandler } from "./image";
import { networkHandler } from "./network";
import { dockerConfigHooks } from "./provider-config";
import { remoteImageHandler } from "./remote-image";
import { volumeHandler } from "./volume";

const settings: DockerSettings = {};
const cli = dockerCli(settings);

void serveStandIn({
  pkg: "docker",
  config: dockerConfigHooks(settings),
  handlers: [
    networkHandler(cli),
    containerHandler(cli),
    imageHandler(cli),
    remoteImageHandler(cli),
    volumeHandler(cli),
  ],
});
