import fs from "node:fs";
import path from "node:path";
import { importGraph, tsFiles } from "./import-graph";

/** The one folder test helpers live in; bench/ may import test/ only from here. */
export const KIT = "test/kit/";

/** Every folder named `kit` under `root`/test, relative to `root`, except `exclude`d ones. */
export function kitFolders(root: string, exclude: readonly string[] = []): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(path.join(root, dir))) return;
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (!entry.isDirectory() || exclude.some((e) => rel.startsWith(e))) continue;
      if (entry.name === "kit") found.push(`${rel}/`);
      walk(rel);
    }
  };
  walk("test");
  return found.sort();
}

/** Every import from bench/ into test/ under `root`, as `bench-file -> test-file`. */
export function benchImportsOfTest(root: string, exclude: readonly string[] = []): string[] {
  const bench = tsFiles(root, exclude).filter((f) => f.startsWith("bench/"));
  return [...importGraph(root, bench)].flatMap(([file, targets]) =>
    targets.filter((t) => t.startsWith("test/")).map((t) => `${file} -> ${t}`),
  );
}

/** The imports among `edges` that reach test/ outside test/kit/ (which bench/ must not do). */
export function outsideKit(edges: readonly string[]): string[] {
  return edges.filter((edge) => !edge.split(" -> ")[1]!.startsWith(KIT));
}
