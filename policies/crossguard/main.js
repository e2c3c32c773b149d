// The pack's entry point for the CrossGuard runner (package.json "main").
//
// @pulumi/pulumi's run-policy-pack registers ts-node with `typeCheck: true`, whatever the pack's
// tsconfig says, so every `pulumi preview` and `pulumi up` type-checked the pack and every
// declaration file it imports: 1.5 s on a quiet machine, about 4 s on a busy one (bench:stack).
// The pack is type-checked by `npm run typecheck` (and CI) with the rest of the repository; here
// it is only compiled, as the Pulumi program is (tsconfig.pulumi.json's noCheck). A syntax error
// still stops the run with its file and line.
"use strict";
const { readFileSync } = require("node:fs");
const path = require("node:path");
const tsNode = require("ts-node");

// register() also maps stack traces through this service's source maps.
const service = tsNode.register({
  transpileOnly: true,
  project: path.join(__dirname, "../../tsconfig.json"),
});
// ts-node's loaders hand each file on to the loader registered before them, which here is the
// runner's type-checking one: both would compile every file. This one compiles and runs it itself.
require.extensions[".ts"] = (module, filename) => {
  module._compile(service.compile(readFileSync(filename, "utf8"), filename), filename);
};
require("./index.ts");
