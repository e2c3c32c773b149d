// Import boundaries mirror the folder table in README.md: data flows manifest -> core -> renderers -> components.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const folders = ["core", "gate", "components", "api", "detector", "policies", "cli", "sandbox"];

/** Forbid relative imports into every top-level folder except the allowed ones. */
function onlyImports(allowed) {
  const forbidden = folders.filter((folder) => !allowed.includes(folder));
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
  { files: ["core/**/*.ts"], rules: onlyImports(["core"]) },
  { files: ["gate/**/*.ts"], rules: onlyImports(["core", "gate"]) },
  { files: ["components/**/*.ts"], rules: onlyImports(["core", "gate", "components"]) },
  { files: ["api/**/*.ts"], rules: onlyImports(["core", "api"]) },
  { files: ["detector/**/*.ts"], rules: onlyImports(["core", "detector"]) },
  { files: ["policies/**/*.ts"], rules: onlyImports(["core", "policies"]) },
  { files: ["cli/**/*.ts"], rules: onlyImports(["core", "gate", "components", "cli"]) },
  { files: ["index.ts"], rules: onlyImports(["core", "components"]) },
);
