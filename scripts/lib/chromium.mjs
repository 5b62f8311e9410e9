// Finds Debian's Chromium for the tests that need a real browser, and installs it where this
// machine lets us (as root, with apt): nothing is downloaded from anywhere but Debian's packages.
import { execFileSync, spawnSync } from "node:child_process";

const NAMES = ["chromium", "chromium-browser"];
const which = (name) => spawnSync("which", [name], { encoding: "utf8" }).stdout.trim() || undefined;

/** The path of a Chromium on PATH, or undefined. */
export const findChromium = () => NAMES.map(which).find(Boolean);

/** The path of a Chromium on PATH, installing Debian's package when it is missing and we are root. */
export function chromiumPath() {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() === 0 && which("apt-get")) {
    console.log("Chromium is missing: installing Debian's package (apt-get install chromium)");
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    return findChromium();
  }
  throw new Error("no Chromium on PATH: install Debian's package (sudo apt-get install chromium)");
}
