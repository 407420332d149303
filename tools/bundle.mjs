// `make build`'s last step: the files a newsroom deploys, minified, in www/dist/.
//
//   www/dist/sanctions-tracker.js          the widget module      (esbuild, then terser: www/sanctions-tracker.js
//                                                                   and the modules it imports, www/tracker/, as one module)
//   www/dist/sanctions-tracker.css         its stylesheet         (lightningcss, from www/sanctions-tracker.css)
//   www/dist/pkg/sanctions_tracker.js      the wasm-bindgen glue  (terser, from www/pkg/, wasm-pack's output)
//   www/dist/pkg/sanctions_tracker_bg.wasm the wasm               (copied; wasm-opt has already run)
//
// The sources run as they are (www/ is served unbundled for development and
// www/tests/unbundled.html); the reader gets one module and makes one request
// for it. esbuild bundles and minifies; terser, run over its output, makes
// it smaller still (its private-name and top-level mangling compress better).
// The glue stays a module of its own: the widget imports it at run time
// from a URL beside itself, which esbuild leaves as it is. The module finds
// the others from its own URL (import.meta.url: ./sanctions-tracker.css,
// ./pkg/...), so the folder is deployed as it is. The demo pages, the
// end-to-end tests and the benchmark load www/dist/, so they run exactly what
// ships. No source maps. All three tools come from npm (package.json, pinned).
//
// node tools/bundle.mjs [WWW_DIR]   (default: www next to this file's folder)

import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
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

/** Minifies one module (the glue) with terser; returns the sources it read. */
async function js(from, to) {
  const out = await minify(readFileSync(from, "utf8"), TERSER);
  if (!out.code) throw new Error(`terser produced nothing for ${from}`);
  writeFileSync(to, out.code + "\n");
  return [from];
}

/**
 * An esbuild plugin: a stylesheet the sources hold as a template literal
 * (`const BOOT_CSS = \`…\`;`, no substitutions) ships minified by
 * lightningcss like sanctions-tracker.css; the sources keep it readable.
 */
const minifyInlineCss = {
  name: "minify-inline-css",
  setup(b) {
    b.onLoad({ filter: /[\\/]www[\\/].*\.js$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const contents = text.replace(/const (\w+_CSS) = `([^`$\\]*)`;/g, (_, name, sheet) => {
        const { code } = transform({ filename: `${args.path}:${name}`, code: Buffer.from(sheet), minify: true });
        return `const ${name} = ${JSON.stringify(code.toString())};`;
      });
      return { contents, loader: "js" };
    });
  },
};

/** Bundles the entry module and what it imports into one module, minified; returns the sources. */
async function bundle(from, to) {
  const result = await build({
    entryPoints: [from],
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    legalComments: "none",
    write: false,
    metafile: true,
    logLevel: "silent",
    absWorkingDir: ROOT,
    plugins: [minifyInlineCss],
  });
  for (const w of result.warnings) console.warn(`esbuild: ${w.text}`);
  const [output] = Object.values(result.metafile.outputs);
  // One module: nothing imported statically (the glue is imported at run time from its URL).
  if (output.imports.length > 0) throw new Error(`the bundle still imports ${output.imports.map((i) => i.path).join(", ")}`);
  const out = await minify(result.outputFiles[0].text, TERSER);
  if (!out.code) throw new Error(`terser produced nothing for ${from}`);
  writeFileSync(to, out.code + "\n");
  return Object.keys(result.metafile.inputs).map((p) => join(ROOT, p));
}

function css(from, to) {
  const { code, warnings } = transform({ filename: from, code: readFileSync(from), minify: true });
  for (const w of warnings) console.warn(`lightningcss: ${from}: ${w.message}`);
  writeFileSync(to, code);
  return [from];
}

function copy(from, to) {
  copyFileSync(from, to);
  return [from];
}

const files = [
  ["sanctions-tracker.js", "sanctions-tracker.js", bundle],
  ["sanctions-tracker.css", "sanctions-tracker.css", css],
  ["pkg/sanctions_tracker.js", "pkg/sanctions_tracker.js", js],
  ["pkg/sanctions_tracker_bg.wasm", "pkg/sanctions_tracker_bg.wasm", copy],
];

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
rmSync(DIST, { recursive: true, force: true });
mkdirSync(join(DIST, "pkg"), { recursive: true });
for (const [src, dst, how] of files) {
  const from = join(WWW, src);
  const to = join(DIST, dst);
  const sources = await how(from, to);
  const a = Buffer.concat(sources.map((s) => readFileSync(s)));
  const b = readFileSync(to);
  const what = sources.length > 1 ? `sources: ${sources.length} files, ` : "source ";
  console.log(
    `${relative(ROOT, to).padEnd(38)} ${String(b.length).padStart(7)} B raw, ${String(gz(b)).padStart(6)} B gzip` +
      (a.length !== b.length ? `   (${what}${a.length} / ${gz(a)})` : ""),
  );
}
