// Bundles the staff console into web/dist/console/ and the customers' help centre into
// web/dist/help/ (what the local API serves at /console/ and /help-centre/, and CDK uploads to the
// console's bucket). Run from the repository root: `node web/build.mjs`.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";

const bundles = [
  // The Amazon Connect Streams softphone is a separate chunk: loaded only when deployed.
  { entry: "web/src/main.tsx", out: "web/dist/console", statics: "web/static" },
  // amazon-connect-chatjs is a separate chunk: loaded when a customer starts a chat.
  { entry: "web/src/help/main.tsx", out: "web/dist/help", statics: "web/static-help" },
];

for (const { entry, out, statics } of bundles) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [entry],
    bundle: true,
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
  cpSync(statics, out, { recursive: true });
}
