import { readFileSync } from "node:fs";
import path from "node:path";
import type * as GrpcModule from "@grpc/grpc-js";

/**
 * The @pulumi/pulumi package the stand-ins run against, resolved from `fromDir` the way Node would
 * resolve it for a program living there (the repo's node_modules, through parent folders).
 */
export function resolveSdkFile(request: string, fromDir: string): string {
  try {
    return require.resolve(request, { paths: [fromDir] });
  } catch {
    throw new Error(
      `cannot resolve ${request} from ${fromDir}: the Pulumi Node.js SDK is not installed there ` +
        "(run `npm ci` in the repository root)",
    );
  }
}

/** The version of the @pulumi/pulumi package that resolves from `fromDir`. */
export function sdkVersion(fromDir: string): string {
  const manifest = resolveSdkFile("@pulumi/pulumi/package.json", fromDir);
  const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { version?: string };
  return parsed.version ?? "0.0.0";
}

/**
 * The @grpc/grpc-js copy that @pulumi/pulumi itself loads. Resolving it next to the SDK (rather than
 * importing it directly) guarantees the servers here and the SDK's own generated services share one
 * instance, which the provider Configure hook relies on.
 */
export function sdkGrpc(): typeof GrpcModule {
  const sdkDir = path.dirname(resolveSdkFile("@pulumi/pulumi/package.json", __dirname));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(resolveSdkFile("@grpc/grpc-js", sdkDir)) as typeof GrpcModule;
}
