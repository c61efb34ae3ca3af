// The bundle: every path the manifest names exists, every image has the size its name promises,
// and scripts/pack turns it into an Elgato package that Elgato's validator accepts (SDK 3) and a
// Linux package that OpenDeck, reading it by its own rules, runs natively.
// Run: scripts/test-pi (the pack tests use target/release/openbalance and build it when missing).
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { execFileSync, spawnSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const UUID = "com.openbalance.openrouter";
const FOLDER = `${UUID}.sdPlugin`;
const BUNDLE = join(ROOT, "sdplugin", FOLDER);
const manifest = JSON.parse(readFileSync(join(BUNDLE, "manifest.json"), "utf8"));
// Every tile as the core declares it (ui/tiles.js, written from its descriptors).
const TILES = (() => {
  const sandbox = {};
  new Function("globalThis", readFileSync(join(BUNDLE, "ui", "tiles.js"), "utf8"))(sandbox);
  return sandbox.OpenBalanceTiles;
})();
const linuxOverrides = JSON.parse(readFileSync(join(BUNDLE, "manifest.linux.json"), "utf8"));
const DIST = join(ROOT, "dist");
const ELGATO_PACKAGE = `${UUID}.streamDeckPlugin`;
const LINUX_PACKAGE = `${UUID}-linux.streamDeckPlugin`;
const VALIDATOR = join(ROOT, "node_modules", "@elgato", "cli", "bin", "streamdeck.mjs");
// The Rust target triple OpenDeck was built for, as in its CodePaths lookup (built_info::TARGET).
const TRIPLE = "x86_64-unknown-linux-gnu";

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
    if (action.Encoder) list.push([action.Encoder.Icon, 72]);
  }
  return list;
}

function debugBinary() {
  const binary = join(ROOT, "target", "debug", "openbalance");
  if (!existsSync(binary)) execFileSync("cargo", ["build", "-p", "openbalance"], { cwd: ROOT, stdio: "inherit" });
  return binary;
}

/** The release binary, what scripts/pack ships on Linux by default: built as pack builds it,
 * without the preview's demo gallery (cargo does nothing when it is up to date, and rebuilds a
 * binary left there by a preview build). */
let releaseBuilt = false;
function releaseBinary() {
  const binary = join(ROOT, "target", "release", "openbalance");
  if (!releaseBuilt) {
    execFileSync("cargo", ["build", "--release", "--locked", "-p", "openbalance", "--no-default-features"],
      { cwd: ROOT, stdio: "inherit" });
    releaseBuilt = true;
  }
  return binary;
}

/** Stand-ins for the binaries this machine cannot build: only their first bytes matter to pack. */
const stubs = (() => {
  let dir;
  return () => {
    if (dir) return dir;
    dir = mkdtempSync(join(tmpdir(), "openbalance-stubs-"));
    const pad = Buffer.alloc(4096);
    writeFileSync(join(dir, "macho"), Buffer.concat([Buffer.from("cffaedfe0c000001", "hex"), pad])); // arm64 Mach-O
    writeFileSync(join(dir, "universal"), Buffer.concat([Buffer.from("cafebabe00000002", "hex"), pad])); // lipo output
    writeFileSync(join(dir, "pe.exe"), Buffer.concat([Buffer.from("MZ"), pad]));
    writeFileSync(join(dir, "text"), "#!/bin/sh\necho not a binary\n");
    return dir;
  };
})();

/**
 * Runs scripts/pack with exactly the OPENBALANCE_* variables given (none inherited) and copies
 * the packages it wrote to a folder of their own, so later runs cannot change them.
 */
function pack(vars, { timeout = 600_000 } = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OPENBALANCE_")));
  const run = spawnSync(join(ROOT, "scripts", "pack"), {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...env, ...vars },
    timeout,
  });
  const keep = mkdtempSync(join(tmpdir(), "openbalance-packages-"));
  const packages = {};
  if (run.status === 0) {
    for (const [which, name] of [["elgato", ELGATO_PACKAGE], ["linux", LINUX_PACKAGE]]) {
      if (existsSync(join(DIST, name))) copyFileSync(join(DIST, name), (packages[which] = join(keep, name)));
    }
  }
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, output: `${run.stdout}\n${run.stderr}`, packages };
}

/** An archive's entries: name, Unix mode, the system that made it, first bytes; JSON files parsed. */
function unzip(path, extractTo) {
  return JSON.parse(execFileSync("python3", ["-c", `
import base64, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
entries = []
for i in z.infolist():
    data = z.read(i)
    entries.append({"name": i.filename, "mode": i.external_attr >> 16, "system": i.create_system,
                    "head": data[:20].hex(), "text": data.decode() if i.filename.endswith(".json") else None})
if len(sys.argv) > 2:
    z.extractall(sys.argv[2])
print(json.dumps(entries))
`, path, ...(extractTo ? [extractTo] : [])], { encoding: "utf8", maxBuffer: 64 << 20 }));
}

/** Elgato's validator on a folder: its problems as {level, message}, and its verdict line. */
function elgatoValidate(folder) {
  const run = spawnSync(process.execPath, [VALIDATOR, "validate", "--no-update-check", folder], { encoding: "utf8" });
  // eslint-disable-next-line no-control-regex
  const text = `${run.stdout}${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
  const problems = [...text.matchAll(/^\s*(?:\d+:\d+\s+)?(error|warning)\s+(.+?)\s*$/gm)].map(([, level, message]) => ({ level, message }));
  return { text, problems, clean: /Validation successful/.test(text) };
}

/** Asserts a validation has no problem other than the URL reachability check, which cannot pass offline. */
function assertValidatesClean(folder, label) {
  const { text, problems, clean } = elgatoValidate(folder);
  const real = problems.filter((p) => !(p.level === "error" && p.message === "URL must be resolvable"));
  assert.deepEqual(real, [], `${label}: Elgato's validator says\n${text}`);
  if (problems.length === 0) assert.ok(clean, `${label}: no "Validation successful" in\n${text}`);
}

// ------------------------------------------------------------------------------------------------
// OpenDeck's rules, from its source (github.com/nekename/OpenDeck, v2.14.0):
//   src-tauri/src/plugins/manifest.rs  read_manifest: manifest.json (a leading BOM trimmed), then
//     manifest.{std::env::consts::OS}.json — "linux" on Linux — applied with json_patch::merge,
//     i.e. an RFC 7396 merge patch: objects merge key by key, arrays and scalars replace, null deletes.
//   src-tauri/src/plugins/mod.rs  initialise_plugin: for each OS entry in order, the host's own
//     platform ("linux") picks CodePathLin if set (else keeps CodePath), then CodePaths[TARGET]
//     overrides, native, stop; an earlier "windows" entry only marks "run the .exe under Wine".
//     The executable is chmod 0755 and run with the plugin folder as cwd.
//   src-tauri/src/zip_extract.rs  the plugin's id is the first path component ending ".sdPlugin";
//     a file's Unix mode ≥ 0o700 unpacks as 0755.

function mergePatch(target, patch) {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const out = target !== null && typeof target === "object" && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function openDeckManifest(files, platform = "linux") {
  const read = (name) => (files[name] === undefined ? undefined : JSON.parse(files[name].replace(/^\uFEFF/, "")));
  const base = read("manifest.json");
  const overrides = read(`manifest.${platform}.json`);
  return overrides === undefined ? base : mergePatch(base, overrides);
}

function openDeckLaunch(m, platform = "linux", target = TRIPLE) {
  let codePath = m.CodePath;
  let useWine = false;
  let supported = false;
  for (const os of m.OS) {
    if (os.Platform === platform) {
      if (platform === "linux" && m.CodePathLin !== undefined) codePath = m.CodePathLin;
      codePath = m.CodePaths?.[target] ?? codePath;
      useWine = false;
      supported = true;
      break;
    } else if (os.Platform === "windows") {
      useWine = true;
      supported = true;
    }
  }
  if (codePath === undefined && useWine) codePath = m.CodePathWin;
  return { supported: supported && codePath !== undefined, useWine, codePath };
}

/** Applies OpenDeck's rules to a packed Linux package and checks the executable they lead to. */
function assertOpenDeckRunsNatively(packagePath) {
  const entries = unzip(packagePath);
  const folders = new Set(entries.map((e) => e.name.split("/").find((c) => c.toLowerCase().endsWith(".sdplugin"))));
  assert.deepEqual([...folders], [FOLDER], "one plugin folder, named after the UUID (OpenDeck's plugin id)");
  const files = Object.fromEntries(
    entries.filter((e) => e.text !== null).map((e) => [e.name.slice(FOLDER.length + 1), e.text]),
  );
  assert.ok(files["manifest.linux.json"] !== undefined, "the package carries manifest.linux.json");
  const merged = openDeckManifest(files);
  assert.ok(merged.OS.some((os) => os.Platform === "linux"), `OS lists linux: ${JSON.stringify(merged.OS)}`);
  const launch = openDeckLaunch(merged);
  assert.equal(launch.supported, true);
  assert.equal(launch.useWine, false, "native, not the Windows binary under Wine");
  const exe = entries.find((e) => e.name === `${FOLDER}/${launch.codePath}`);
  assert.ok(exe, `${launch.codePath} (what OpenDeck runs) is in the package`);
  assert.equal(exe.head.slice(0, 8), "7f454c46", `${launch.codePath} is an ELF binary`);
  if (process.arch === "x64") {
    assert.equal(Buffer.from(exe.head, "hex").readUInt16LE(18), 62, `${launch.codePath} is x86_64, the triple resolved for`);
  }
  assert.equal(exe.system, 3, "made on Unix, so the mode is read");
  assert.equal(exe.mode, 0o100755, `${launch.codePath} is a regular file with mode 0755`);
  // Elgato's app reads manifest.json alone (as OpenDeck on macOS/Windows, which looks for
  // manifest.macos.json / manifest.windows.json): the Linux bits stay out of it.
  const elgatoView = JSON.parse(files["manifest.json"]);
  assert.equal(elgatoView.OS.some((os) => os.Platform === "linux"), false);
  assert.equal("CodePathLin" in elgatoView, false);
  return { entries, merged, launch };
}

// ------------------------------------------------------------------------------------------------

test("the manifest: our plugin, the six actions, SDK 3 for Stream Deck 6.9, the project's own URL", () => {
  assert.equal(manifest.UUID, UUID);
  assert.equal(manifest.SDKVersion, 3);
  assert.equal(manifest.Software.MinimumVersion, "6.9");
  assert.match(manifest.URL, /^https:\/\//);
  assert.doesNotMatch(manifest.URL, /openrouter\.ai/, "the URL is the project's page, not OpenRouter's");
  assert.deepEqual(manifest.OS.map((os) => os.Platform), ["mac", "windows"], "Elgato's platforms only");
  for (const key of ["CodePathLin", "CodePaths"]) assert.equal(key in manifest, false, `${key} is not in manifest.json`);
  assert.deepEqual(
    manifest.Actions.map((a) => a.UUID),
    TILES.map((t) => `${UUID}.${t.slug}`),
    "the six tiles the core declares, in its order",
  );
  assert.equal(TILES.length, 6);
  const english = inspectorStrings().STRINGS.en;
  assert.deepEqual(manifest.Actions.map((a) => a.Name), TILES.map((t) => english[t.name]), "the inspector's English names");
  for (const action of manifest.Actions) {
    const slug = action.UUID.slice(UUID.length + 1);
    assert.deepEqual(action.Controllers, ["Keypad", "Encoder"], `${slug} works on keys and Stream Deck + dials`);
    assert.equal(action.Encoder.layout, "layouts/strip.json", slug);
    assert.equal(action.Encoder.Icon, `imgs/actions/${slug}/dial`, slug);
    assert.deepEqual(Object.keys(action.Encoder.TriggerDescription), ["Rotate", "Push", "Touch", "LongTouch"], slug);
    assert.equal(action.Encoder.TriggerDescription.LongTouch, "Refresh now", slug);
    assert.equal(action.Icon, `imgs/actions/${slug}/icon`, slug);
    assert.deepEqual(action.States.map((s) => s.Image), [`imgs/actions/${slug}/key`], slug);
    assert.equal(action.SupportedInMultiActions, false, slug);
    assert.equal(action.UserTitleEnabled, false, slug);
    assert.ok(typeof action.Tooltip === "string" && action.Tooltip.length > 20, `${slug} has a tooltip`);
  }
  const tooltip = (slug) => manifest.Actions.find((a) => a.UUID === `${UUID}.${slug}`).Tooltip;
  assert.match(tooltip("today"), /today[\s\S]*UTC/i, "Today says which day it means");
  assert.match(tooltip("balance"), /runway[\s\S]*low-balance alarm/);
  assert.match(tooltip("topmodels"), /API keys by this month's spend/);
  assert.match(tooltip("budget"), /API key's own limit or a workspace budget[\s\S]*warning colours[\s\S]*alert when it is reached/);
});

// ------------------------------------------------------------------------------------------------
// The bundle in Stream Deck's eight languages: <lang>.json beside the manifest, in Elgato's format
// (docs.elgato.com/streamdeck/sdk/guides/i18n): Name, Description, Category, each action by its
// UUID with its Name, Tooltip and dial descriptions, and a Localization table (the inspector's
// words, ui/i18n.js, written by scripts/bundle-lang).

const LANGS = ["en", "de", "fr", "es", "ja", "ko", "zh_CN", "zh_TW"];
const ROOT_KEYS = ["Name", "Description", "Category"];
const TRIGGERS = ["Rotate", "Push", "Touch", "LongTouch"];
const langFile = (lang) => JSON.parse(readFileSync(join(BUNDLE, `${lang}.json`), "utf8"));

function inspectorStrings() {
  const sandbox = {};
  new Function("globalThis", readFileSync(join(BUNDLE, "ui", "i18n.js"), "utf8"))(sandbox);
  return sandbox.OpenBalanceI18n;
}

test("a language file for each of Stream Deck's eight languages, and no other", () => {
  for (const lang of LANGS) assert.ok(existsSync(join(BUNDLE, `${lang}.json`)), `${lang}.json is missing`);
  const stray = readdirSync(BUNDLE).filter((f) => /^[a-z]{2}(_[A-Z]{2})?\.json$/.test(f) && !LANGS.includes(f.slice(0, -5)));
  assert.deepEqual(stray, [], "a language file Stream Deck does not read");
});

test("every language file names every action of the manifest, every field, and nothing else", () => {
  const uuids = manifest.Actions.map((a) => a.UUID);
  for (const lang of LANGS) {
    const file = langFile(lang);
    assert.deepEqual(Object.keys(file).sort(), [...ROOT_KEYS, ...uuids, "Localization"].sort(), `${lang}: keys`);
    assert.equal(file.Name, manifest.Name, `${lang}: the plugin's name is a name`);
    assert.equal(file.Category, manifest.Category, `${lang}: the category is the plugin's name`);
    assert.ok(file.Description.length > 40, `${lang}: a description`);
    for (const action of manifest.Actions) {
      const entry = file[action.UUID];
      assert.deepEqual(Object.keys(entry), ["Name", "Tooltip", "Encoder"], `${lang} ${action.UUID}`);
      assert.ok(entry.Name.trim() && entry.Tooltip.length > 20, `${lang} ${action.UUID}: name and tooltip`);
      assert.deepEqual(Object.keys(entry.Encoder), ["TriggerDescription"], `${lang} ${action.UUID}`);
      assert.deepEqual(Object.keys(entry.Encoder.TriggerDescription), TRIGGERS, `${lang} ${action.UUID}`);
      for (const t of TRIGGERS) assert.ok(entry.Encoder.TriggerDescription[t].trim(), `${lang} ${action.UUID} ${t}`);
    }
  }
});

test("English says exactly what the manifest says, and the others translate it", () => {
  const en = langFile("en");
  assert.equal(en.Description, manifest.Description);
  for (const action of manifest.Actions) {
    assert.equal(en[action.UUID].Name, action.Name);
    assert.equal(en[action.UUID].Tooltip, action.Tooltip);
    assert.deepEqual(en[action.UUID].Encoder.TriggerDescription, action.Encoder.TriggerDescription);
  }
  for (const lang of LANGS.filter((l) => l !== "en")) {
    const file = langFile(lang);
    assert.notEqual(file.Description, manifest.Description, `${lang}: the description is translated`);
    for (const action of manifest.Actions) {
      assert.notEqual(file[action.UUID].Tooltip, action.Tooltip, `${lang} ${action.UUID}: the tooltip is translated`);
      assert.notEqual(file[action.UUID].Encoder.TriggerDescription.LongTouch, "Refresh now", `${lang} ${action.UUID}`);
    }
  }
  // The names on the action list are the tiles' names in the inspector.
  const { STRINGS } = inspectorStrings();
  const keys = Object.fromEntries(TILES.map((t) => [t.slug, t.name]));
  for (const lang of LANGS) {
    for (const action of manifest.Actions) {
      const slug = action.UUID.slice(UUID.length + 1);
      assert.equal(langFile(lang)[action.UUID].Name, STRINGS[lang][keys[slug]], `${lang} ${slug}: one name everywhere`);
    }
  }
});

test("each language file's Localization is the inspector's table (scripts/bundle-lang writes it)", () => {
  const { STRINGS, LANGS: pageLangs } = inspectorStrings();
  assert.deepEqual(pageLangs, LANGS);
  for (const lang of LANGS) {
    assert.deepEqual(langFile(lang).Localization, STRINGS[lang], `${lang}.json is behind ui/i18n.js: run scripts/bundle-lang`);
  }
});

test("the strip layout: one pixmap, keyed \"strip\", over the whole 200×100 canvas", () => {
  const layout = JSON.parse(readFileSync(join(BUNDLE, "layouts", "strip.json"), "utf8"));
  assert.deepEqual(layout.items, [{ key: "strip", type: "pixmap", rect: [0, 0, 200, 100] }]);
  assert.match(layout.id, /^com\.openbalance\.openrouter\./);
});

test("manifest.linux.json holds the Linux bits only: OS linux and CodePathLin", () => {
  assert.deepEqual(linuxOverrides, { OS: [{ Platform: "linux" }], CodePathLin: "bin/openbalance-linux" });
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
  const binary = debugBinary();
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

test("the shipped binary leaves the preview's demo gallery out, and says where it lives", { timeout: 1_800_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), "openbalance-no-preview-"));
  const run = spawnSync(releaseBinary(), ["preview", "--out", out], { encoding: "utf8" });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /this build has no preview/);
  assert.match(run.stderr, /cargo run --release -p openbalance -- preview/);
});

// One release-like pack (macOS, Windows and Linux binaries), shared by the next two tests.
const releasePack = (() => {
  let result;
  return () => {
    if (result) return result;
    const linux = releaseBinary();
    result = pack({
      OPENBALANCE_SKIP_BUILD: "1",
      OPENBALANCE_ICONS_BIN: linux,
      OPENBALANCE_BIN_MAC: join(stubs(), "universal"),
      OPENBALANCE_BIN_WIN: join(stubs(), "pe.exe"),
      OPENBALANCE_BIN_LINUX: linux,
      OPENBALANCE_REQUIRE_ALL_PLATFORMS: "1",
    });
    assert.equal(result.status, 0, `scripts/pack failed:\n${result.output}`);
    return result;
  };
})();

test("the Elgato package validates clean with SDK 3 and carries no Linux bits", { timeout: 1_800_000 }, () => {
  const { packages, output } = releasePack();
  assert.match(output, /Validation successful/);
  assert.ok(packages.elgato, "dist/com.openbalance.openrouter.streamDeckPlugin was written");
  const unpacked = mkdtempSync(join(tmpdir(), "openbalance-elgato-"));
  const entries = unzip(packages.elgato, unpacked);
  const names = entries.map((e) => e.name);
  const packed = JSON.parse(entries.find((e) => e.name === `${FOLDER}/manifest.json`).text);
  assert.equal(packed.SDKVersion, 3);
  assert.equal(packed.Software.MinimumVersion, "6.9");
  assert.equal(packed.URL, manifest.URL);
  assert.deepEqual(packed.OS.map((os) => os.Platform), ["mac", "windows"]);
  assertValidatesClean(join(unpacked, FOLDER), "the unpacked Elgato package");

  assert.equal(entries.find((e) => e.name === `${FOLDER}/bin/openbalance`).mode, 0o100755, "the macOS binary is executable");
  assert.ok(names.includes(`${FOLDER}/bin/openbalance.exe`));
  assert.ok(names.includes(`${FOLDER}/imgs/plugin/icon@2x.png`));
  assert.ok(names.includes(`${FOLDER}/ui/property-inspector.html`));
  assert.ok(names.includes(`${FOLDER}/layouts/strip.json`), "the dials' strip layout");
  assert.ok(names.includes(`${FOLDER}/imgs/actions/balance/dial@2x.png`));
  for (const lang of LANGS) assert.ok(names.includes(`${FOLDER}/${lang}.json`), `${lang}.json is packed`);
  assert.ok(names.includes(`${FOLDER}/ui/i18n.js`), "the inspector's words");
  assert.ok(names.includes(`${FOLDER}/ui/tiles.js`), "the inspector's tiles");
  assert.equal(names.includes(`${FOLDER}/manifest.linux.json`), false, "no manifest.linux.json in the Elgato package");
  assert.equal(names.some((n) => /openbalance-linux/.test(n)), false, "no Linux binary in the Elgato package");
});

test("the Linux package runs natively under OpenDeck's rules and still validates for Elgato", { timeout: 1_800_000 }, () => {
  const { packages } = releasePack();
  assert.ok(packages.linux, "dist/com.openbalance.openrouter-linux.streamDeckPlugin was written");
  const { entries, launch } = assertOpenDeckRunsNatively(packages.linux);
  assert.equal(launch.codePath, "bin/openbalance-linux");
  // Elgato's tools ignore manifest.linux.json: the same package serves Stream Deck on macOS/Windows.
  assert.equal(entries.find((e) => e.name === `${FOLDER}/bin/openbalance`).mode, 0o100755);
  assert.ok(entries.some((e) => e.name === `${FOLDER}/bin/openbalance.exe`));
  const unpacked = mkdtempSync(join(tmpdir(), "openbalance-linux-"));
  unzip(packages.linux, unpacked);
  assertValidatesClean(join(unpacked, FOLDER), "the unpacked Linux package");
});

test("on Linux, scripts/pack with no variables builds the Linux package", {
  skip: process.platform !== "linux" && "a Linux host only",
  timeout: 1_800_000,
}, () => {
  releaseBinary();
  const { status, output, packages } = pack({}, { timeout: 1_800_000 });
  assert.equal(status, 0, `scripts/pack failed:\n${output}`);
  assert.doesNotMatch(output, /no binary to ship/);
  assert.equal(packages.elgato, undefined, "no macOS or Windows binary, so no Elgato package");
  assert.ok(packages.linux, "dist/com.openbalance.openrouter-linux.streamDeckPlugin was written");
  const { entries } = assertOpenDeckRunsNatively(packages.linux);
  assert.ok(entries.some((e) => e.name === `${FOLDER}/imgs/actions/balance/key@2x.png`));
  assert.ok(entries.some((e) => e.name === `${FOLDER}/imgs/actions/today/key@2x.png`));
  assert.ok(entries.some((e) => e.name === `${FOLDER}/ui/pi.js`));
  assert.ok(entries.some((e) => e.name === `${FOLDER}/layouts/strip.json`));
});

test("scripts/pack refuses a binary for another platform than its variable names", () => {
  const elf = debugBinary();
  const cases = [
    ["OPENBALANCE_BIN_MAC", elf, /OPENBALANCE_BIN_MAC=.* is an ELF \(Linux\) binary, not a Mach-O \(macOS\) binary/],
    ["OPENBALANCE_BIN_MAC", join(stubs(), "pe.exe"), /is a PE \(Windows\) binary, not a Mach-O \(macOS\) binary/],
    ["OPENBALANCE_BIN_WIN", elf, /OPENBALANCE_BIN_WIN=.* is an ELF \(Linux\) binary, not a PE \(Windows\) binary/],
    ["OPENBALANCE_BIN_WIN", join(stubs(), "macho"), /is a Mach-O \(macOS\) binary, not a PE \(Windows\) binary/],
    ["OPENBALANCE_BIN_LINUX", join(stubs(), "macho"), /OPENBALANCE_BIN_LINUX=.* is a Mach-O \(macOS\) binary, not an ELF \(Linux\) binary/],
    ["OPENBALANCE_BIN_LINUX", join(stubs(), "universal"), /is a Mach-O \(macOS\) binary, not an ELF/],
    ["OPENBALANCE_BIN_LINUX", join(stubs(), "pe.exe"), /is a PE \(Windows\) binary, not an ELF \(Linux\) binary/],
    ["OPENBALANCE_BIN_LINUX", join(stubs(), "text"), /is not an executable this package knows \(first bytes 23212f62\)/],
  ];
  for (const [variable, file, message] of cases) {
    const { status, stderr } = pack({ OPENBALANCE_SKIP_BUILD: "1", [variable]: file }, { timeout: 60_000 });
    assert.notEqual(status, 0, `${variable}=${file} was accepted`);
    assert.match(stderr, message, `${variable}=${file}`);
    assert.match(stderr, /refusing to ship it as the (macOS|Windows|Linux) binary/);
  }
});
