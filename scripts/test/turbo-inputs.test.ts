// turbo.json's inputs are exact: a spec edit changes the hashes of only its
// own package's generate and build, and an unrelated edit changes none.
// Compared through `turbo run --dry=json` task hashes, so nothing is built.
import { appendFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyOfRepo, run } from "./helpers";

let copy: string;
beforeAll(() => {
  copy = copyOfRepo();
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

function taskHashes(): Map<string, string> {
  const result = run("npx", ["turbo", "run", "lint:specs", "build", "--dry=json"], copy);
  expect(result.code, result.stderr).toBe(0);
  const plan = JSON.parse(result.stdout) as { tasks: { taskId: string; hash: string; command: string }[] };
  // Tasks a package has no script for (examples#build) run nothing: leave them out.
  return new Map(plan.tasks.filter((task) => task.command !== "<NONEXISTENT>").map((task) => [task.taskId, task.hash]));
}

function changedTasks(edit: () => void): string[] {
  const before = taskHashes();
  edit();
  const after = taskHashes();
  return [...after]
    .filter(([task, hash]) => before.get(task) !== hash)
    .map(([task]) => task)
    .sort();
}

describe("turbo task inputs", () => {
  it("plans generate and build for every package that has them", () => {
    const tasks = [...taskHashes().keys()];
    expect(tasks).toEqual(
      expect.arrayContaining(["@syncline/platform#lint:specs", "@syncline/platform#generate", "@syncline/platform#build", "@syncline/runtime#build"]),
    );
  });

  it("re-runs only platform's lint, generate, bundle and build when specs/platform.yaml changes", () => {
    const changed = changedTasks(() => appendFileSync(path.join(copy, "specs/platform.yaml"), "\n# edited\n"));
    expect(changed).toEqual(["@syncline/platform#build", "@syncline/platform#bundle", "@syncline/platform#generate", "@syncline/platform#lint:specs"]);
  });

  it("re-runs nothing for a change outside every task's inputs", () => {
    const changed = changedTasks(() => appendFileSync(path.join(copy, "README.md"), "\nedited\n"));
    expect(changed).toEqual([]);
  });
});
