import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

// Write beside the target, then rename: readers (and a failed run) never see
// a half-written file, because rename within one directory is atomic.
export function writeAtomic(file, content) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, content);
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}
