// Builds every sample component from source into target/components/<name>.wasm,
// with its policy beside it as <name>.policy.yaml. Skips a component whose output
// is newer than all of its sources, so a second `mvn verify` costs nothing here.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const components = [
  // name, source directory, entry module, world, features to disable; the WIT and the policy come
  // from the source directory unless `wit`/`policy` name another (v2 shares weather's)
  { name: "weather", dir: "weather", entry: "weather.js", world: "weather", disable: ["stdio"] },
  { name: "clock", dir: "clock", entry: "clock.js", world: "clock-world", disable: ["stdio", "http"] },
  // The upgrade-regression demo: weather with a changed output format.
  { name: "weather-v2", dir: "weather-v2", entry: "weather.js", world: "weather", disable: ["stdio"], wit: "weather/wit", policy: "weather/policy.yaml" },
];

const out = join("target", "components");
mkdirSync(out, { recursive: true });

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

for (const c of components) {
  const wasm = join(out, `${c.name}.wasm`);
  const wit = c.wit ?? join(c.dir, "wit");
  copyFileSync(c.policy ?? join(c.dir, "policy.yaml"), join(out, `${c.name}.policy.yaml`));
  if (existsSync(wasm) && statSync(wasm).mtimeMs > Math.max(newestSource(c.dir), newestSource(wit))) {
    console.log(`${c.name}: up to date (${wasm})`);
    continue;
  }
  const args = [join(c.dir, c.entry), "--wit", wit, "--world-name", c.world, "--out", wasm];
  for (const feature of c.disable) args.push("--disable", feature);
  console.log(`${c.name}: componentize-js ${args.join(" ")}`);
  const started = Date.now();
  // `npm run build` puts the workspace's node_modules/.bin on PATH.
  const run = spawnSync("componentize-js", args, { stdio: "inherit" });
  if (run.status !== 0) {
    console.error(`${c.name}: componentize-js failed (exit ${run.status}); see the output above`);
    process.exit(1);
  }
  console.log(`${c.name}: built ${wasm} (${statSync(wasm).size} bytes) in ${Date.now() - started} ms`);
}
