// Import boundaries mirror the folder table in README.md: data flows manifest -> core -> renderers -> components.
import js from "@eslint/js";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const folders = ["core", "gate", "components", "api", "detector", "policies", "cli", "sandbox"];

/** Forbid relative imports into every top-level folder except the allowed ones (and into `also`). */
function onlyImports(allowed, also = []) {
  const forbidden = folders.filter((folder) => !allowed.includes(folder)).concat(also);
  return {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            group: forbidden
              .flatMap((folder) => [`**/${folder}`, `**/${folder}/**`])
              .concat(["**/index", "**/index.ts"]),
            message: "This import crosses a folder boundary (see the folder map in README.md).",
          },
        ],
      },
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      ".swiftdeploy/**",
      // a deliberate import cycle that test/unit/lint/no-cycle.test.ts lints on its own
      "test/unit/lint/fixtures/**",
      "**/*.js",
      "**/*.cjs",
      "**/*.mjs",
      "!eslint.config.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // No import cycle anywhere: a cycle means two files are one concept split in two (issue 22).
    // The rule skips `import type`; test/unit/lint/no-cycle.test.ts also checks a graph counting them.
    files: ["**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      // Without these the rule resolves `./x` to x.ts but never parses it, and finds no cycle.
      "import-x/extensions": [".ts"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json"] })],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  { files: ["core/**/*.ts"], rules: onlyImports(["core"]) },
  { files: ["gate/**/*.ts"], rules: onlyImports(["core", "gate"]) },
  { files: ["components/**/*.ts"], rules: onlyImports(["core", "gate", "components"]) },
  { files: ["api/**/*.ts"], rules: onlyImports(["core", "api"]) },
  { files: ["detector/**/*.ts"], rules: onlyImports(["core", "detector"]) },
  // The control protocol is spoken by the CLI and served by the daemon; it depends on neither
  // (detector/daemon cannot import detector/cli already: `cli` is a forbidden name above).
  { files: ["detector/control/**/*.ts"], rules: onlyImports(["core", "detector"], ["daemon"]) },
  { files: ["policies/**/*.ts"], rules: onlyImports(["core", "policies"]) },
  { files: ["cli/**/*.ts"], rules: onlyImports(["core", "gate", "components", "cli"]) },
  { files: ["index.ts"], rules: onlyImports(["core", "components"]) },
);
