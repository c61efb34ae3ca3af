// The Property Inspector in Stream Deck's eight languages: every word in every table, the page
// chosen from the launch info's application.language (unknown → English), German and Japanese
// pages read in full, nothing cut or overflowing in the 350-pixel panel, and screenshots of a few
// sections in pi-tests/screenshots/ (de-*, ja-*) to look at.
// Run: scripts/test-pi   (or: node --test pi-tests/languages.test.mjs)
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, openPI, BUNDLE, SCREENSHOTS } from "./harness.mjs";

const LANGS = ["en", "de", "fr", "es", "ja", "ko", "zh_CN", "zh_TW"];
// Keys that may be empty in a language: the period after a link (none in Japanese or Chinese)
// and the space between sentences (none in Japanese or Chinese).
const MAY_BE_EMPTY = ["helpStep1End", "sep"];

const sandbox = {};
new Function("globalThis", readFileSync(join(BUNDLE, "ui", "i18n.js"), "utf8"))(sandbox);
const { STRINGS, parseLang, t } = sandbox.OpenBalanceI18n;
const html = readFileSync(join(BUNDLE, "ui", "property-inspector.html"), "utf8");
const js = readFileSync(join(BUNDLE, "ui", "pi.js"), "utf8");
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const marks = (text) => [...text.matchAll(/\*\*|__|`/g)].map((m) => m[0]).sort();

describe("the tables", () => {
  test("every language has every key, non-empty, with English's placeholders and marks", () => {
    assert.deepEqual(Object.keys(STRINGS), LANGS);
    const keys = Object.keys(STRINGS.en);
    for (const lang of LANGS) {
      assert.deepEqual(Object.keys(STRINGS[lang]).sort(), [...keys].sort(), `${lang}: the same keys as English`);
      for (const key of keys) {
        const text = STRINGS[lang][key];
        assert.equal(typeof text, "string", `${lang} ${key}`);
        if (!MAY_BE_EMPTY.includes(key)) assert.ok(text.trim(), `${lang} ${key} is empty`);
        assert.deepEqual(placeholders(text), placeholders(STRINGS.en[key]), `${lang} ${key}: placeholders`);
        assert.deepEqual(marks(text), marks(STRINGS.en[key]), `${lang} ${key}: **bold**, __italic__, \`code\``);
        assert.doesNotMatch(text, /<|>/, `${lang} ${key}: text, never markup`);
      }
    }
  });

  test("every key the page and the script name is in the tables, and every table key is used", () => {
    const named = new Set([
      ...[...html.matchAll(/data-i18n(?:-rich|-placeholder|-aria-label)?="(\w+)"/g)].map((m) => m[1]),
      ...[...js.matchAll(/\bt\("(\w+)"\s*[,)]/g)].map((m) => m[1]),
    ]);
    for (const key of named) assert.ok(key in STRINGS.en, `${key} is not in ui/i18n.js`);
    // Keys built from parts in pi.js: tile names, mode hints and status words.
    const built = (key) => /^(tile|modeHint)[A-Z]/.test(key) || /^status[A-Z]\w*(Title|Text|TextAccount)$/.test(key);
    const unused = Object.keys(STRINGS.en).filter((k) => !named.has(k) && !built(k) && k !== "lang");
    assert.deepEqual(unused, [], "keys no page or script uses");
  });

  test("languages other than English are translated, not copied", () => {
    // Words that are the same on purpose: names, units, a few loanwords.
    const same = new Set(["unitUsd", "limit", "tileBudget", "name", "statusOfflineTitle", "helpStep1End", "sep", "rank",
      "key"]); // German says Key, as OpenRouter does
    for (const lang of LANGS.filter((l) => l !== "en")) {
      const copied = Object.keys(STRINGS.en).filter((k) => !same.has(k) && STRINGS[lang][k] === STRINGS.en[k]);
      assert.deepEqual(copied, [], `${lang}: left in English`);
    }
  });

  test("the launch info's language is read as the core reads it (core/src/lang.rs), English otherwise", () => {
    const cases = {
      en: "en", de: "de", "de-DE": "de", de_AT: "de", fr: "fr", "fr-CA": "fr", es: "es", "es-419": "es",
      ja: "ja", "ja-JP": "ja", ko: "ko", ko_KR: "ko", zh_CN: "zh_CN", zh: "zh_CN", "zh-Hans": "zh_CN",
      zh_TW: "zh_TW", "zh-Hant": "zh_TW", "zh-Hant-HK": "zh_TW", zh_HK: "zh_TW",
      "": "en", pt: "en", "pt-BR": "en", it: "en", ru: "en", english: "en",
    };
    for (const [tag, lang] of Object.entries(cases)) assert.equal(parseLang(tag), lang, tag);
    for (const junk of [undefined, null, 42, {}, []]) assert.equal(parseLang(junk), "en");
    assert.equal(t("xx", "connect"), "Connect", "an unknown table falls back to English");
    assert.equal(t("de", "labelTooLong", { max: 10 }), "Höchstens 10 Zeichen.");
  });
});

let browser;
before(async () => {
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
});

async function shot(pi, name) {
  await pi.page.waitForTimeout(150);
  const height = await pi.page.evaluate(() => Math.ceil(document.getElementById("pi").getBoundingClientRect().bottom) + 4);
  await pi.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), clip: { x: 0, y: 0, width: 350, height }, fullPage: true, animations: "disabled" });
}

/** Every visible element whose text runs past its box, or past the 350-pixel panel. */
function overflowing(page) {
  return page.evaluate(() => {
    const out = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of document.querySelectorAll("#pi *")) {
      if (!el.offsetParent || el.tagName === "OPTION" || el.tagName === "OPTGROUP") continue;
      const r = el.getBoundingClientRect();
      if (r.right > width + 0.5) out.push(`${el.tagName}#${el.id} "${el.textContent.trim().slice(0, 40)}" ends at ${Math.round(r.right)}`);
      // Text wider than its own box (a label running out of its column to the left, say).
      if (el.children.length === 0 && el.textContent.trim() && r.width > 0) {
        const range = document.createRange();
        range.selectNodeContents(el);
        const t = range.getBoundingClientRect();
        // A label keeps a margin from the panel's edge, as English's do.
        const edge = el.classList.contains("sdpi-item-label") ? 8 : -1;
        if (t.left < Math.max(r.left - 1, edge) || t.right > r.right + 1) {
          out.push(`${el.tagName}#${el.id} "${el.textContent.trim().slice(0, 40)}" runs out of its box: ${Math.round(t.left)}–${Math.round(t.right)} in ${Math.round(r.left)}–${Math.round(r.right)}`);
        }
      }
      const style = getComputedStyle(el);
      const clips = style.overflowX !== "visible" || el.tagName === "BUTTON" || el.tagName === "SELECT" || el.tagName === "LABEL";
      if (clips && el.scrollWidth > el.clientWidth + 1 && el.tagName !== "SELECT") {
        out.push(`${el.tagName}#${el.id} "${el.textContent.trim().slice(0, 40)}" is cut: ${el.scrollWidth} > ${el.clientWidth}`);
      }
    }
    return out;
  });
}

async function withPI(tile, settings, language, fn) {
  const pi = await openPI(browser, tile, settings, { language });
  try {
    await fn(pi);
    assert.deepEqual(pi.errors, [], "the page threw");
  } finally {
    await pi.close();
  }
}

const BUDGETS = {
  state: "ready",
  complete: true,
  workspaces: [
    {
      id: "0b7e3c1a-5f2d-4e8b-9a61-2c3d4e5f6a7b", name: "Default", budgets: [],
      keys: [{ hash: "f01d".repeat(16), name: "CI bot", limit: 50, reset: "daily", spent: 12.5, disabled: false }],
    },
    {
      id: "550e8400-e29b-41d4-a716-446655440000", name: "Production",
      budgets: [{ interval: "monthly", limit: 1200, spent: 437.2 }], keys: [],
    },
  ],
};

describe("the page in a language", () => {
  test("German: every fixed word, the statuses, numbers the German way; nothing cut", async () => {
    await withPI("balance", { mode: "used", lowBalance: 12.5 }, "de-DE", async (pi) => {
      assert.equal(await pi.page.getAttribute("html", "lang"), "de");
      await pi.keyStatus("none", false);
      assert.equal(await pi.page.textContent("#key-heading"), "OpenRouter-Management-Key");
      assert.equal(await pi.page.textContent("#connect-button"), "Verbinden");
      assert.equal(await pi.page.textContent("#settings-heading"), "Guthaben");
      assert.equal(await pi.page.textContent("#status-title"), "Nicht verbunden");
      assert.equal(await pi.page.$eval("#mode-select", (s) => s.options[s.selectedIndex].textContent), "Verbrauchte Credits");
      assert.match(await pi.page.textContent("#low-balance-hint"), /^Unter 12,50\u00a0\$ zeigt/);
      assert.equal(await pi.page.getAttribute("#low-balance-input", "placeholder"), "Aus");
      await pi.page.click("#key-help summary");
      assert.match(await pi.page.innerText("#key-help"), /Klicken Sie auf Create New Key/);
      assert.equal(await pi.page.textContent("#key-help b"), "Create New Key", "OpenRouter's button keeps its name");
      assert.equal(await pi.page.getAttribute("#key-help a", "href"), "https://openrouter.ai/settings/management-keys");
      assert.deepEqual(await overflowing(pi.page), []);
      await shot(pi, "de-key-help");
      await pi.keyStatus("offline", true, "abcd");
      assert.equal(await pi.page.textContent("#key-state"), "Offline");
      assert.match(await pi.page.textContent("#status-text"), /^OpenRouter ist nicht erreichbar/);
      assert.equal(await pi.page.textContent("#disconnect-button"), "Trennen");
      assert.deepEqual(await overflowing(pi.page), []);
      await shot(pi, "de-balance-offline");
      // The check sees a cut word: a button's text made too long for it is reported.
      const cut = await pi.page.evaluate(() => {
        const button = document.getElementById("disconnect-button");
        const before = button.textContent;
        button.textContent = "Verbindungstrennungsbestätigungsschaltfläche";
        return before;
      });
      assert.ok((await overflowing(pi.page)).length > 0, "a cut button is found");
      await pi.page.evaluate((text) => { document.getElementById("disconnect-button").textContent = text; }, cut);
      // Nothing the person reads is left in English.
      const text = await pi.page.innerText("#pi");
      for (const english of ["Connect", "Disconnect", "Show", "Period", "Theme", "Alarm below", "Credits used", "Remaining"]) {
        assert.doesNotMatch(text, new RegExp(`\\b${english}\\b`), `"${english}" is English`);
      }
    });
  });

  test("German: the spike threshold and the budget picker speak German, with German numbers", async () => {
    await withPI("spikealert", { threshold: 2.5 }, "de", async (pi) => {
      assert.match(await pi.page.textContent("#threshold-hint"), /^Erhöht ab 2,5×, kritisch ab 5×/);
      assert.equal(await pi.page.textContent("#settings-heading"), "Ausgabenalarm");
    });
    await withPI("budget", { workspace: "550e8400-e29b-41d4-a716-446655440000", interval: "monthly" }, "de", async (pi) => {
      await pi.keyStatus("connected", true, "abcd");
      await pi.budgetChoices(BUDGETS, () => document.querySelectorAll("#budget-select optgroup").length === 2);
      const options = await pi.page.$$eval("#budget-select option", (os) => os.map((o) => o.textContent));
      assert.ok(options.includes("CI bot · Tageslimit 50\u00a0$"), options.join(" | "));
      assert.ok(options.includes("Production · Monatsbudget · 1.200\u00a0$"), options.join(" | "));
      assert.match(await pi.page.textContent("#budget-detail-text"), /^437,20\u00a0\$ von 1.200\u00a0\$ verbraucht, diesen Monat \(UTC\)\./);
      assert.match(await pi.page.innerText("#warn-at-hint"), /^Warnfarben ab 80\u00a0% des Limits \(960\u00a0\$ von 1.200\u00a0\$\)\. Standard 80\u00a0%, Bereich 1–100\u00a0%\./);
      assert.deepEqual(await overflowing(pi.page), []);
      await shot(pi, "de-budget");
    });
  });

  test("Japanese: every fixed word, the statuses and the budget in Japanese; nothing cut", async () => {
    await withPI("balance", {}, "ja", async (pi) => {
      assert.equal(await pi.page.getAttribute("html", "lang"), "ja");
      await pi.keyStatus("notManagementKey", false);
      assert.equal(await pi.page.textContent("#connect-button"), "接続");
      assert.equal(await pi.page.textContent("#settings-heading"), "残高");
      assert.equal(await pi.page.textContent("#status-title"), "管理キーではありません");
      await pi.page.click("#key-help summary");
      assert.match(await pi.page.innerText("#key-help"), /Create New Key をクリックし/);
      assert.equal(await pi.page.textContent("#key-help code"), "sk-or-v1-");
      assert.deepEqual(await overflowing(pi.page), []);
      await shot(pi, "ja-key-help");
      const text = await pi.page.innerText("#pi");
      for (const english of ["Connect", "Show", "Period", "Theme", "Remaining", "How to create"]) {
        assert.doesNotMatch(text, new RegExp(`\\b${english}\\b`), `"${english}" is English`);
      }
    });
    await withPI("budget", { key: "f01d".repeat(16) }, "ja", async (pi) => {
      await pi.keyStatus("connected", true, "abcd");
      await pi.budgetChoices(BUDGETS, () => document.querySelectorAll("#budget-select optgroup").length === 2);
      assert.equal(await pi.page.$eval("#budget-select", (s) => s.options[s.selectedIndex].textContent), "CI bot · 毎日の上限 $50");
      assert.match(await pi.page.textContent("#budget-detail-text"), /^今日（UTC）：\$50 のうち \$12\.50 を使用。/);
      assert.deepEqual(await overflowing(pi.page), []);
      await shot(pi, "ja-budget");
    });
    await withPI("spikealert", {}, "ja", async (pi) => {
      await pi.keyStatus("connected", true, "abcd");
      assert.match(await pi.page.textContent("#threshold-hint"), /3× で「急増」、6× で「危険」/);
      assert.deepEqual(await overflowing(pi.page), []);
      await shot(pi, "ja-spike");
    });
  });

  test("every language fills every fixed word, and none overflows the panel", async () => {
    for (const language of LANGS) {
      await withPI("budget", {}, language, async (pi) => {
        await pi.keyStatus("rejected", true, "abcd");
        await pi.budgetChoices(BUDGETS, () => document.querySelectorAll("#budget-select optgroup").length === 2);
        const expected = STRINGS[language];
        for (const [selector, key] of [["#key-heading", "keyHeading"], ["#key-state", "statusRejectedTitle"],
          ["#status-text", "statusRejectedText"], ["#disconnect-button", "disconnect"], ["#settings-heading", "tileBudget"]]) {
          assert.equal(await pi.page.textContent(selector), expected[key], `${language} ${selector}`);
        }
        await pi.page.click("#key-help summary");
        assert.deepEqual(await overflowing(pi.page), [], language);
      });
      for (const tile of ["balance", "spikealert", "topmodels", "today"]) {
        await withPI(tile, { lowBalance: 25 }, language, async (pi) => {
          await pi.keyStatus("offline", true, "abcd");
          assert.deepEqual(await overflowing(pi.page), [], `${language} ${tile}`);
        });
      }
    }
  });

  test("an unknown language, or none, is English exactly as before", async () => {
    for (const language of ["pt-BR", "", undefined]) {
      await withPI("balance", {}, language, async (pi) => {
        await pi.keyStatus("none", false);
        assert.equal(await pi.page.getAttribute("html", "lang"), "en");
        assert.equal(await pi.page.textContent("#connect-button"), "Connect");
        assert.equal(await pi.page.textContent("#status-title"), "Not connected");
      });
    }
  });
});
