// Bundles the staff console into web/dist/console/ (what the local API serves at /console/ and
// CDK uploads to the console's bucket). Run from the repository root: `node web/build.mjs`.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";

const out = "web/dist/console";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ["web/src/main.tsx"],
  bundle: true,
  // The Amazon Connect Streams softphone is a separate chunk: loaded only when deployed.
  splitting: true,
  format: "esm",
  outdir: out,
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  minify: true,
  target: "es2020",
  jsx: "automatic",
  jsxImportSource: "preact",
  legalComments: "none",
  logLevel: "warning",
});
cpSync("web/static", out, { recursive: true });
