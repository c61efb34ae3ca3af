// The bundle: every path the manifest names exists, every image has the size its name promises,
// and scripts/pack turns it into a .streamDeckPlugin that Elgato's validator accepts.
// Run: scripts/test-pi (after `cargo build -p openbalance`, which scripts/test does first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BUNDLE = join(ROOT, "sdplugin", "com.openbalance.openrouter.sdPlugin");
const manifest = JSON.parse(readFileSync(join(BUNDLE, "manifest.json"), "utf8"));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path) {
  const bytes = readFileSync(path);
  assert.equal(bytes.toString("latin1", 1, 4), "PNG", `${path} is not a PNG`);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/** Every image the manifest names, with the 1x size Elgato asks for. */
function images() {
  const list = [
    [manifest.Icon, 256],
    [manifest.CategoryIcon, 28],
  ];
  for (const action of manifest.Actions) {
    list.push([action.Icon, 20]);
    for (const state of action.States) list.push([state.Image, 72]);
  }
  return list;
}

test("the manifest names our plugin and the four actions", () => {
  assert.equal(manifest.UUID, "com.openbalance.openrouter");
  assert.equal(manifest.SDKVersion, 2);
  assert.deepEqual(
    manifest.Actions.map((a) => a.UUID),
    ["balance", "topmodels", "monthlyspend", "spikealert"].map((a) => `com.openbalance.openrouter.${a}`),
  );
  for (const action of manifest.Actions) assert.deepEqual(action.Controllers, ["Keypad"]);
});

test("every image the manifest names exists at 1x and @2x with the promised size", () => {
  for (const [base, size] of images()) {
    for (const [suffix, px] of [["", size], ["@2x", size * 2]]) {
      const file = join(BUNDLE, `${base}${suffix}.png`);
      assert.ok(existsSync(file), `missing ${file}`);
      assert.deepEqual(pngSize(file), [px, px], file);
    }
  }
});

test("the committed images are exactly what `openbalance icons` draws", () => {
  const binary = join(ROOT, "target", "debug", "openbalance");
  if (!existsSync(binary)) execFileSync("cargo", ["build", "-p", "openbalance"], { cwd: ROOT, stdio: "inherit" });
  const fresh = mkdtempSync(join(tmpdir(), "openbalance-icons-"));
  execFileSync(binary, ["icons", "--out", fresh]);
  for (const [base] of images()) {
    for (const suffix of ["", "@2x"]) {
      const name = `${base}${suffix}.png`;
      assert.ok(readFileSync(join(fresh, name)).equals(readFileSync(join(BUNDLE, name))),
        `${name} differs from the renderer's: run \`openbalance icons --out ${BUNDLE}\` and commit`);
    }
  }
});

test("the Property Inspector page and its assets exist", () => {
  const page = join(BUNDLE, manifest.PropertyInspectorPath);
  assert.ok(existsSync(page));
  const html = readFileSync(page, "utf8");
  for (const [, src] of html.matchAll(/(?:src|href)="([^"#:]+)"/g)) {
    assert.ok(existsSync(join(dirname(page), src)), `${src} referenced by the page is missing`);
  }
  assert.doesNotMatch(html, /https?:\/\/(?!openrouter\.ai)/, "no CDN: the page works offline");
});

test("scripts/pack produces a validated .streamDeckPlugin", { timeout: 180_000 }, () => {
  const binary = join(ROOT, "target", "debug", "openbalance");
  if (!existsSync(binary)) execFileSync("cargo", ["build", "-p", "openbalance"], { cwd: ROOT, stdio: "inherit" });
  const out = execFileSync(join(ROOT, "scripts", "pack"), {
    cwd: ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      OPENBALANCE_SKIP_BUILD: "1",
      OPENBALANCE_ICONS_BIN: binary,
      OPENBALANCE_BIN_MAC: binary,
      OPENBALANCE_BIN_WIN: binary,
      OPENBALANCE_BIN_LINUX: binary,
      OPENBALANCE_REQUIRE_ALL_PLATFORMS: "1",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  assert.match(out, /streamdeck validate/);
  const plugin = join(ROOT, "dist", "com.openbalance.openrouter.streamDeckPlugin");
  assert.ok(statSync(plugin).size > 100_000);
  const listing = execFileSync("python3", ["-c", `
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for i in z.infolist(): print(i.filename, oct(i.external_attr >> 16))
`, plugin], { encoding: "utf8" });
  assert.match(listing, /com\.openbalance\.openrouter\.sdPlugin\/manifest\.json/);
  assert.match(listing, /com\.openbalance\.openrouter\.sdPlugin\/bin\/openbalance 0o100755/);
  assert.match(listing, /com\.openbalance\.openrouter\.sdPlugin\/bin\/openbalance\.exe/);
  assert.match(listing, /com\.openbalance\.openrouter\.sdPlugin\/imgs\/plugin\/icon@2x\.png/);
  assert.doesNotMatch(listing, /openbalance-linux/, "the Elgato package carries no Linux entry");

  const linux = join(ROOT, "dist", "com.openbalance.openrouter-linux.streamDeckPlugin");
  const linuxManifest = JSON.parse(execFileSync("python3", ["-c", `
import sys, zipfile
print(zipfile.ZipFile(sys.argv[1]).read("com.openbalance.openrouter.sdPlugin/manifest.json").decode())
`, linux], { encoding: "utf8" }));
  assert.equal(linuxManifest.CodePathLin, "bin/openbalance-linux");
  assert.equal(linuxManifest.CodePathMac, manifest.CodePathMac);
});
