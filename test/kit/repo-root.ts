import path from "node:path";

/** The repository root (this file is test/kit/repo-root.ts), the one place kits compute it. */
export const REPO_ROOT = path.resolve(__dirname, "../..");
