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
// esbuild also shortens the widget's internal property names, only those
// tools/internal-props.mjs lists (its rule says which may be); the build
// fails if a listed name is one the sources, Rust or the wasm's exports also
// use as a string or a field (checkInternalProps).
// The glue stays a module of its own: the widget imports it at run time
// from a URL beside itself, which esbuild leaves as it is. The module finds
// the others from its own URL (import.meta.url: ./sanctions-tracker.css,
// ./pkg/...), so the folder is deployed as it is. The demo pages, the
// end-to-end tests and the benchmark load www/dist/, so they run exactly what
// ships. No source maps. All three tools come from npm (package.json, pinned).
//
// node tools/bundle.mjs [WWW_DIR]   (default: www next to this file's folder)

import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { minify } from "terser";
import { transform } from "lightningcss";
import { tokenizer } from "acorn";
import { INTERNAL_PROPS } from "./internal-props.mjs";

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

/**
 * The check of tools/internal-props.mjs' list that a build can make: the
 * problems (empty: none) that a listed name would have if it were mangled.
 * In `js` (the bundle's sources): a word of a string literal or template
 * (split at spaces and colons, like the scheduler's plan "width:map
 * selected"), or a `.dataset.` name (an attribute). In Rust (`src/`): a
 * string literal that is the name (a field written by hand) or a struct
 * field of that name (a serde field). In the glue's type declarations
 * (`dts`): the name as a word (a wasm export). The DOM's names are checked in
 * Chromium (tests/e2e/internal-props.test.mjs).
 */
export function checkInternalProps(js, rustDir, dts) {
  const listed = new Set(INTERNAL_PROPS);
  const problems = [];
  for (const file of js) {
    const text = readFileSync(file, "utf8");
    const where = (line) => `${relative(ROOT, file)}:${line}`;
    for (const t of tokenizer(text, { ecmaVersion: "latest", sourceType: "module", locations: true })) {
      if ((t.type.label !== "string" && t.type.label !== "template") || typeof t.value !== "string") continue;
      for (const w of t.value.split(/[\s:]+/)) if (listed.has(w)) problems.push(`${where(t.loc.start.line)}: "${w}" is in a string`);
    }
    for (const m of text.matchAll(/\.dataset\.([\w$]+)/g)) {
      if (listed.has(m[1])) problems.push(`${where(text.slice(0, m.index).split("\n").length)}: "${m[1]}" is a dataset name`);
    }
  }
  const rust = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? rust(join(dir, e.name)) : e.name.endsWith(".rs") ? [join(dir, e.name)] : [],
    );
  for (const file of rust(rustDir)) {
    const text = readFileSync(file, "utf8").replace(/'(?:\\.|[^'\\])'/g, "''"); // char literals ('"')
    for (const m of text.matchAll(/"((?:\\.|[^"\\])*)"/g)) {
      if (listed.has(m[1])) problems.push(`${relative(ROOT, file)}: "${m[1]}" is a Rust string`);
    }
    for (const m of text.matchAll(/^\s*(?:pub(?:\([^)]*\))?\s+)?([a-z_][a-z0-9_]*)\s*:(?!:)/gm)) {
      if (listed.has(m[1])) problems.push(`${relative(ROOT, file)}: "${m[1]}" is a Rust field`);
    }
  }
  const decls = readFileSync(dts, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ""); // (comments are prose)
  for (const m of decls.matchAll(/[A-Za-z_$][\w$]*/g)) {
    if (listed.has(m[0])) problems.push(`${relative(ROOT, dts)}: "${m[0]}" is a name of the wasm's`);
  }
  return [...new Set(problems)];
}

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
    // Only the listed names (tools/internal-props.mjs): a name not listed stays as it is.
    mangleProps: new RegExp(`^(?:${INTERNAL_PROPS.join("|")})$`),
  });
  for (const w of result.warnings) console.warn(`esbuild: ${w.text}`);
  const [output] = Object.values(result.metafile.outputs);
  // One module: nothing imported statically (the glue is imported at run time from its URL).
  if (output.imports.length > 0) throw new Error(`the bundle still imports ${output.imports.map((i) => i.path).join(", ")}`);
  const sources = Object.keys(result.metafile.inputs).map((p) => join(ROOT, p));
  const problems = checkInternalProps(
    sources.filter((p) => p.endsWith(".js")),
    join(ROOT, "src"),
    join(WWW, "pkg", "sanctions_tracker.d.ts"),
  );
  if (problems.length > 0) {
    throw new Error(`tools/internal-props.mjs lists names that must not be mangled:\n  ${problems.join("\n  ")}`);
  }
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
