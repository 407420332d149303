// `make build`'s last step: the files a newsroom deploys, minified, in www/dist/.
//
//   www/dist/sanctions-tracker.js          the widget module      (terser, from www/sanctions-tracker.js)
//   www/dist/sanctions-tracker.css         its stylesheet         (lightningcss, from www/sanctions-tracker.css)
//   www/dist/pkg/sanctions_tracker.js      the wasm-bindgen glue  (terser, from www/pkg/, wasm-pack's output)
//   www/dist/pkg/sanctions_tracker_bg.wasm the wasm               (copied; wasm-opt has already run)
//
// The module finds the others from its own URL (import.meta.url: ./sanctions-tracker.css,
// ./pkg/...), so the folder is deployed as it is. The readable sources stay where they are;
// the demo pages, the end-to-end tests and the benchmark load www/dist/, so they run
// exactly what ships. No source maps. Both tools come from npm (package.json, pinned).
//
// node tools/minify.mjs [WWW_DIR]   (default: www next to this file's folder)

import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { minify } from "terser";
import { transform } from "lightningcss";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const WWW = process.argv[2] ?? join(ROOT, "www");
const DIST = join(WWW, "dist");

const TERSER = {
  module: true, // ES modules: top-level names are private, strict mode
  ecma: 2022,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false },
};

async function js(from, to) {
  const out = await minify(readFileSync(from, "utf8"), TERSER);
  if (!out.code) throw new Error(`terser produced nothing for ${from}`);
  writeFileSync(to, out.code + "\n");
}

function css(from, to) {
  const { code, warnings } = transform({ filename: from, code: readFileSync(from), minify: true });
  for (const w of warnings) console.warn(`lightningcss: ${from}: ${w.message}`);
  writeFileSync(to, code);
}

const files = [
  ["sanctions-tracker.js", "sanctions-tracker.js", js],
  ["sanctions-tracker.css", "sanctions-tracker.css", css],
  ["pkg/sanctions_tracker.js", "pkg/sanctions_tracker.js", js],
  ["pkg/sanctions_tracker_bg.wasm", "pkg/sanctions_tracker_bg.wasm", copyFileSync],
];

rmSync(DIST, { recursive: true, force: true });
mkdirSync(join(DIST, "pkg"), { recursive: true });
for (const [src, dst, how] of files) {
  const from = join(WWW, src);
  const to = join(DIST, dst);
  await how(from, to);
  const a = readFileSync(from);
  const b = readFileSync(to);
  console.log(
    `${relative(ROOT, to).padEnd(38)} ${String(b.length).padStart(7)} B raw, ${String(gzipSync(b, { level: 9 }).length).padStart(6)} B gzip` +
      (a.length !== b.length ? `   (source ${a.length} / ${gzipSync(a, { level: 9 }).length})` : ""),
  );
}
