import type { ServerWritableStream } from "@grpc/grpc-js";
import type {
  GetProgramDependenciesRequest,
  InstallDependenciesRequest,
} from "@pulumi/pulumi/proto/language_pb";
import {
  AboutResponse,
  DependencyInfo,
  GetProgramDependenciesResponse,
  InstallDependenciesResponse,
} from "@pulumi/pulumi/proto/language_pb";
import { readFileSync } from "node:fs";
import { resolveSdkFile, sdkVersion } from "../shared/sdk-modules";

/** `About`: the Node.js runtime that runs programs. */
export function about(): AboutResponse {
  return new AboutResponse().setExecutable(process.execPath).setVersion(process.version);
}

/** The @pulumi/* packages resolvable from the program folder, with their installed versions. */
export function programDependencies(
  req: GetProgramDependenciesRequest,
): GetProgramDependenciesResponse {
  const dir = req.getInfo()?.getProgramDirectory() || req.getPwd();
  const response = new GetProgramDependenciesResponse();
  for (const name of ["@pulumi/pulumi", "@pulumi/docker", "@pulumi/command", "@pulumi/policy"]) {
    try {
      const manifest = JSON.parse(
        readFileSync(resolveSdkFile(`${name}/package.json`, dir), "utf8"),
      ) as {
        version: string;
      };
      response.addDependencies(new DependencyInfo().setName(name).setVersion(manifest.version));
    } catch {
      // Not installed next to this program: not one of its dependencies.
    }
  }
  return response;
}

/**
 * `InstallDependencies`: this host never runs a package manager (no network here); it checks that
 * the SDK already resolves from the program folder and says so, or fails saying what to run.
 */
export function installDependencies(
  call: ServerWritableStream<InstallDependenciesRequest, InstallDependenciesResponse>,
): void {
  const dir = call.request.getInfo()?.getProgramDirectory() || call.request.getDirectory();
  try {
    const version = sdkVersion(dir);
    call.write(
      new InstallDependenciesResponse().setStdout(
        Buffer.from(
          `sandbox language host: dependencies already installed (@pulumi/pulumi ${version} resolves from ${dir})\n`,
        ),
      ),
    );
    call.end();
  } catch (error) {
    call.emit("error", error);
  }
}
