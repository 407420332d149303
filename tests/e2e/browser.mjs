// Headless Chromium for the end-to-end tests: Debian's system Chromium driven
// by playwright-core (which downloads no browser of its own).
//
// The flags: --no-sandbox because tests run as root (CI too); the
// background-networking ones because this machine's network is closed and
// Chromium would otherwise keep trying to reach Google's services.

import { execFileSync } from "node:child_process";
import { chromium } from "playwright-core";

/** Flags every test browser starts with. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Path of the system Chromium: $CHROMIUM, else `chromium` on PATH. */
export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  try {
    return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("chromium not found on PATH (make test installs Debian's chromium)");
  }
}

/** Launches headless Chromium; close it with `await browser.close()`. */
export function launchChromium(options = {}) {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
}
