// Browser tests of the Property Inspector against a fake Stream Deck host.
// Run: scripts/test-pi   (or: node --test pi-tests/  once chromium and node_modules are there)
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, openPI, keySectionText, allMessages, SCREENSHOTS, KEYS_URL, PLUGIN, TILES, MANIFEST } from "./harness.mjs";

const KEY = "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";

let browser;
before(async () => {
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
});

async function shot(pi, name) {
  // Let the spinner/transition settle so screenshots are stable.
  await pi.page.waitForTimeout(150);
  // Crop to the content: the panel in Stream Deck is as tall as the window, the rest is empty.
  const height = await pi.page.evaluate(() => Math.ceil(document.getElementById("pi").getBoundingClientRect().bottom) + 4);
  await pi.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), clip: { x: 0, y: 0, width: 350, height }, fullPage: true, animations: "disabled" });
}

async function withPI(tile, settings, fn) {
  const pi = await openPI(browser, tile, settings);
  try {
    await fn(pi);
    assert.deepEqual(pi.errors, [], "the page threw");
  } finally {
    await pi.close();
  }
}

const settingsMessages = (pi) => pi.host.messages.filter((m) => m.event === "setSettings");
const toPlugin = (pi) => pi.host.messages.filter((m) => m.event === "sendToPlugin");

describe("registration", () => {
  test("registers with the event and uuid Stream Deck gave, first thing", async () => {
    await withPI("balance", {}, async (pi) => {
      assert.deepEqual(pi.host.messages[0], { event: "registerPropertyInspector", uuid: pi.uuid });
    });
  });
});

describe("key", () => {
  test("Connect sends exactly {event:connect,key} via sendToPlugin and clears the field", async () => {
    await withPI("balance", {}, async (pi) => {
      await pi.keyStatus("none", false);
      await shot(pi, "no-key");
      await pi.page.fill("#key-input", KEY);
      const sent = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.page.click("#connect-button");
      const msg = await sent;
      assert.deepEqual(msg, {
        action: `${PLUGIN}.balance`,
        event: "sendToPlugin",
        context: pi.uuid,
        payload: { event: "connect", key: KEY },
      });
      assert.equal(await pi.page.inputValue("#key-input"), "");
      // Until the plugin answers, the page says it is checking.
      assert.match(await keySectionText(pi.page), /Checking…/);
      assert.equal(await pi.page.isDisabled("#connect-button"), true);
      await shot(pi, "checking");
    });
  });

  test("Enter in the field connects; surrounding whitespace is trimmed", async () => {
    await withPI("topmodels", {}, async (pi) => {
      await pi.page.fill("#key-input", `  ${KEY}\n`);
      const sent = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.page.press("#key-input", "Enter");
      assert.deepEqual((await sent).payload, { event: "connect", key: KEY });
      assert.equal(await pi.page.inputValue("#key-input"), "");
    });
  });

  test("an empty key sends nothing and says why", async () => {
    await withPI("balance", {}, async (pi) => {
      await pi.page.click("#connect-button");
      await pi.page.fill("#key-input", "   ");
      await pi.page.press("#key-input", "Enter");
      await pi.page.waitForTimeout(300);
      assert.deepEqual(toPlugin(pi), []);
      assert.equal(pi.host.messages.length, 1, "only the registration");
      assert.equal(await pi.page.isVisible("#key-invalid"), true);
      assert.match(await pi.page.innerText("#key-invalid"), /Paste your Management key first/);
      // Typing clears the warning.
      await pi.page.type("#key-input", "s");
      assert.equal(await pi.page.isVisible("#key-invalid"), false);
    });
  });

  test("Disconnect sends {event:disconnect} and returns to the key field", async () => {
    await withPI("monthlyspend", {}, async (pi) => {
      await pi.keyStatus("connected", true, "abcd");
      assert.equal(await pi.page.isVisible("#key-input"), false);
      const sent = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.page.click("#disconnect-button");
      assert.deepEqual(await sent, {
        action: `${PLUGIN}.monthlyspend`,
        event: "sendToPlugin",
        context: pi.uuid,
        payload: { event: "disconnect" },
      });
      assert.equal(await pi.page.isVisible("#key-input"), true);
      assert.equal(await pi.page.isVisible("#disconnect-button"), false);
    });
  });

  test("each keyStatus is shown with its meaning", async () => {
    const cases = [
      ["none", false, "", /Not connected[\s\S]*Paste a Management key/],
      ["checking", true, "wxyz", /Checking…[\s\S]*••••wxyz[\s\S]*Verifying the key with OpenRouter/],
      ["connected", true, "abcd", /Connected · ••••abcd/],
      ["notManagementKey", true, "abcd", /Not a Management key\s+••••abcd[\s\S]*inference key[\s\S]*Create New Key on the Management Keys page[\s\S]*openrouter\.ai\/settings\/management-keys/],
      ["rejected", true, "abcd", /Key rejected\s+••••abcd[\s\S]*revoked, expired or mistyped/],
      ["offline", true, "abcd", /Offline · ••••abcd[\s\S]*Can't reach OpenRouter[\s\S]*key is kept/],
      ["error", true, "abcd", /OpenRouter error\s+••••abcd[\s\S]*retried/],
    ];
    await withPI("balance", {}, async (pi) => {
      for (const [status, hasKey, last4, expected] of cases) {
        await pi.keyStatus(status, hasKey, last4);
        const text = await keySectionText(pi.page);
        assert.match(text, expected, `status ${status}: ${text}`);
        assert.equal(await pi.page.isVisible("#key-input"), !hasKey, `key field for ${status}`);
        assert.equal(await pi.page.isVisible("#disconnect-button"), hasKey, `Disconnect for ${status}`);
        const linkShown = await pi.page.isVisible("#status-link");
        assert.equal(linkShown, ["notManagementKey", "rejected", "offline", "error"].includes(status), `link for ${status}`);
        if (linkShown) assert.equal(await pi.page.getAttribute("#status-link", "href"), KEYS_URL);
        if (status === "connected") {
          assert.equal(await pi.page.isVisible("#status-note"), false, "connected needs no explanation");
          await shot(pi, "connected");
        }
        if (status === "notManagementKey") await shot(pi, "not-management-key");
        if (status === "rejected") await shot(pi, "key-rejected");
        if (status === "offline") await shot(pi, "offline");
      }
      assert.deepEqual(toPlugin(pi), [], "showing statuses sends nothing");
    });
  });

  test("the full key never comes back into the page", async () => {
    await withPI("spikealert", {}, async (pi) => {
      await pi.page.fill("#key-input", KEY);
      await pi.page.click("#connect-button");
      await pi.host.waitFor((m) => m.event === "sendToPlugin");
      await pi.keyStatus("checking", true, KEY.slice(-4));
      await pi.keyStatus("connected", true, KEY.slice(-4));
      const found = await pi.page.evaluate((key) => {
        const hits = [];
        if (document.documentElement.outerHTML.includes(key)) hits.push("outerHTML");
        if (document.body.innerText.includes(key)) hits.push("innerText");
        for (const el of document.querySelectorAll("input, textarea, select")) {
          if (String(el.value).includes(key)) hits.push(`value of #${el.id}`);
        }
        for (const name of Object.getOwnPropertyNames(window)) {
          let v;
          try {
            v = window[name];
          } catch {
            continue;
          }
          if (typeof v === "string" && v.includes(key)) hits.push(`window.${name}`);
          else if (v && typeof v === "object" && !(v instanceof Node) && v !== window) {
            try {
              if (JSON.stringify(v)?.includes(key)) hits.push(`window.${name}`);
            } catch {
              /* cyclic or host object */
            }
          }
        }
        for (const store of [localStorage, sessionStorage]) {
          for (let i = 0; i < store.length; i++) if (store.getItem(store.key(i)).includes(key)) hits.push("storage");
        }
        return hits;
      }, KEY);
      assert.deepEqual(found, []);
      assert.match(await keySectionText(pi.page), /Connected · ••••abcd/);
    });
  });

  test("links open through Stream Deck's openUrl", async () => {
    await withPI("balance", {}, async (pi) => {
      await pi.page.click("#key-help summary");
      const help = await pi.page.innerText("#key-help");
      assert.match(help, /Management Keys page: openrouter\.ai\/settings\/management-keys/);
      assert.match(help, /Click Create New Key/);
      assert.match(help, /starts with sk-or-v1-/);
      assert.doesNotMatch(help, /Management API access|\btick\b/i, "no checkbox to tick: that was the inference-key page");
      // Every link about the key leads to the Management Keys page, none to the inference keys page.
      const hrefs = await pi.page.$$eval("#key-section a[href]", (as) => as.map((a) => a.getAttribute("href")));
      assert.ok(hrefs.length >= 2);
      for (const href of hrefs) assert.equal(href, KEYS_URL);
      assert.doesNotMatch(await pi.page.$eval("#key-section", (e) => e.outerHTML), /settings\/keys\b/);
      // The API Keys page (where a key's limit is set; the tile's tap opens it too) is linked from
      // the Budget tile's rows only.
      const elsewhere = await pi.page.$$eval("a[href]", (as) =>
        as.filter((a) => a.getAttribute("href") !== "https://openrouter.ai/settings/management-keys")
          .map((a) => [a.getAttribute("href"), a.closest("[data-actions]")?.getAttribute("data-actions") ?? null]));
      assert.ok(elsewhere.length > 0);
      for (const [href, actions] of elsewhere) {
        assert.equal(actions, "budget", href);
        assert.ok(["https://openrouter.ai/workspaces/default/keys", "https://openrouter.ai/docs/guides/features/workspaces/workspace-budgets"].includes(href), href);
      }
      assert.deepEqual(await pi.page.$$eval("a[href]", (as) => as.filter((a) => a.checkVisibility() && !a.closest("#key-section")).length), 0, "none shown on a Balance tile");
      await shot(pi, "key-help");
      const sent = pi.host.next((m) => m.event === "openUrl");
      await pi.page.click("#key-help a");
      assert.deepEqual(await sent, { event: "openUrl", payload: { url: KEYS_URL } });
      await pi.keyStatus("rejected", true, "abcd");
      const again = pi.host.next((m) => m.event === "openUrl");
      await pi.page.click("#status-link");
      assert.deepEqual(await again, { event: "openUrl", payload: { url: KEYS_URL } });
      assert.equal(pi.page.url().startsWith("file:"), true, "the panel did not navigate away");
    });
  });
});

describe("settings", () => {
  test("balance: defaults shown, period hidden for remaining, each change saves everything", async () => {
    await withPI("balance", {}, async (pi) => {
      assert.equal(await pi.page.inputValue("#mode-select"), "remaining");
      assert.equal(await pi.page.inputValue("#theme-select"), "dark");
      assert.equal(await pi.page.isVisible("#period-row"), false, "no period for remaining");
      assert.equal(await pi.page.isVisible("#threshold-input"), false);
      assert.equal(await pi.page.isVisible("#by-select"), false);
      assert.equal(await pi.page.isVisible("#low-balance-input"), true);
      assert.equal(await pi.page.inputValue("#low-balance-input"), "", "the alarm is off by default");
      assert.equal(await pi.page.isVisible("#mode-hint"), false, "the balance itself needs no hint");
      assert.match(await pi.page.innerText("#mode-select"), /Remaining credits \(default\)/);

      let saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#mode-select", "used");
      assert.deepEqual(await saved, {
        event: "setSettings",
        context: pi.uuid,
        payload: { mode: "used", period: "30d", theme: "dark" },
      });
      assert.equal(await pi.page.isVisible("#period-row"), true);
      assert.equal(await pi.page.inputValue("#period-select"), "30d");

      saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#period-select", "7d");
      assert.deepEqual((await saved).payload, { mode: "used", period: "7d", theme: "dark" });

      saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#mode-select", "percent");
      assert.deepEqual((await saved).payload, { mode: "percent", period: "7d", theme: "dark" });
      // "% utilised" says what it is a share of, as Runway says what it counts.
      assert.equal(await pi.page.isVisible("#mode-hint"), true);
      assert.match(await pi.page.innerText("#mode-hint"), /as a share of all the credits you have bought/);
      await pi.keyStatus("connected", true, "abcd");
      await shot(pi, "balance-settings");

      saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#theme-select", "light");
      assert.deepEqual((await saved).payload, { mode: "percent", period: "7d", theme: "light" });

      saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#mode-select", "remaining");
      assert.deepEqual((await saved).payload, { mode: "remaining", period: "7d", theme: "light" });
      assert.equal(await pi.page.isVisible("#period-row"), false);
      assert.equal(settingsMessages(pi).length, 5);
    });
  });

  test("settings are loaded from inActionInfo, malformed values fall back to defaults", async () => {
    await withPI("balance", { mode: "percent", period: "all", theme: "light" }, async (pi) => {
      assert.equal(await pi.page.inputValue("#mode-select"), "percent");
      assert.equal(await pi.page.inputValue("#period-select"), "all");
      assert.equal(await pi.page.inputValue("#theme-select"), "light");
      assert.equal(await pi.page.isVisible("#period-row"), true);
    });
    await withPI("balance", { mode: "bogus", period: 7, theme: "LIGHT" }, async (pi) => {
      assert.equal(await pi.page.inputValue("#mode-select"), "remaining");
      assert.equal(await pi.page.inputValue("#period-select"), "30d");
      assert.equal(await pi.page.inputValue("#theme-select"), "light");
    });
    await withPI("spikealert", { threshold: 7.5, theme: "light" }, async (pi) => {
      assert.equal(await pi.page.inputValue("#threshold-input"), "7.5");
      assert.equal(await pi.page.inputValue("#theme-select"), "light");
      assert.match(await pi.page.innerText("#threshold-hint"), /Spike at 7\.5×, Critical at 15×/);
    });
    // Loading never writes settings back.
  });

  test("didReceiveSettings updates the page", async () => {
    await withPI("balance", {}, async (pi) => {
      await pi.host.send({
        action: `${PLUGIN}.balance`,
        event: "didReceiveSettings",
        context: "ctx-balance-1234",
        device: "DEVICE-1",
        payload: { settings: { mode: "used", period: "all", theme: "light" }, coordinates: { column: 1, row: 0 }, isInMultiAction: false },
      });
      await pi.page.waitForFunction(() => document.getElementById("mode-select").value === "used");
      assert.equal(await pi.page.inputValue("#period-select"), "all");
      assert.equal(await pi.page.inputValue("#theme-select"), "light");
      assert.equal(await pi.page.isVisible("#period-row"), true);
      assert.deepEqual(settingsMessages(pi), []);
    });
  });

  test("spike alert: default 3, threshold clamped to 1.5–50 in 0.5 steps, full object saved", async () => {
    await withPI("spikealert", {}, async (pi) => {
      assert.equal(await pi.page.inputValue("#threshold-input"), "3");
      assert.equal(await pi.page.isVisible("#mode-select"), false);
      assert.equal(await pi.page.isVisible("#theme-select"), true);
      assert.match(await pi.page.innerText("#threshold-hint"), /Default 3×, range 1\.5–50×/);

      const setThreshold = async (text) => {
        const saved = pi.host.next((m) => m.event === "setSettings");
        await pi.page.fill("#threshold-input", text);
        await pi.page.press("#threshold-input", "Enter");
        return (await saved).payload;
      };
      assert.deepEqual(await setThreshold("120"), { threshold: 50, theme: "dark" });
      assert.equal(await pi.page.inputValue("#threshold-input"), "50");
      assert.deepEqual(await setThreshold("1"), { threshold: 1.5, theme: "dark" });
      assert.deepEqual(await setThreshold("4.3"), { threshold: 4.5, theme: "dark" });
      assert.deepEqual(await setThreshold("5"), { threshold: 5, theme: "dark" });
      assert.match(await pi.page.innerText("#threshold-hint"), /Spike at 5×, Critical at 10× what this time of the week usually costs/);
      // One word, one meaning: "usual", never "daily average".
      assert.match(await pi.page.innerText("#settings-section"), /× usual/);
      assert.doesNotMatch(await pi.page.innerText("#settings-section"), /daily average/);

      // An empty field is not a value: the saved one comes back and nothing is sent.
      const before = settingsMessages(pi).length;
      await pi.page.fill("#threshold-input", "");
      await pi.page.press("#threshold-input", "Enter");
      await pi.page.waitForTimeout(200);
      assert.equal(await pi.page.inputValue("#threshold-input"), "5");
      assert.equal(settingsMessages(pi).length, before);

      const saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#theme-select", "light");
      assert.deepEqual((await saved).payload, { threshold: 5, theme: "light" });
      assert.equal(typeof settingsMessages(pi).at(-1).payload.threshold, "number");
      await pi.keyStatus("connected", true, "abcd");
      await shot(pi, "spike-settings");
    });
  });

  test("balance: runway has no period, and says what it counts", async () => {
    await withPI("balance", { mode: "used", period: "7d" }, async (pi) => {
      assert.equal(await pi.page.isVisible("#period-row"), true);
      assert.match(await pi.page.innerText("#mode-select"), /Runway \(days left\)/);
      const saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#mode-select", "runway");
      assert.deepEqual((await saved).payload, { mode: "runway", period: "7d", theme: "dark" });
      assert.equal(await pi.page.isVisible("#period-row"), false, "no period for runway");
      assert.equal(await pi.page.isVisible("#mode-hint"), true);
      assert.match(await pi.page.innerText("#mode-hint"), /Days your balance lasts at a usual day: your average daily spend over the last 7 complete days/);
      // Back to a mode with a period: the period row and the saved period come back.
      const again = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#mode-select", "percent");
      assert.deepEqual((await again).payload, { mode: "percent", period: "7d", theme: "dark" });
      assert.equal(await pi.page.isVisible("#period-row"), true);
      assert.match(await pi.page.innerText("#mode-hint"), /share of all the credits you have bought/);
    });
    await withPI("balance", { mode: "RUNWAY", lowBalance: 20 }, async (pi) => {
      assert.equal(await pi.page.inputValue("#mode-select"), "runway");
      assert.equal(await pi.page.isVisible("#period-row"), false);
      assert.equal(await pi.page.inputValue("#low-balance-input"), "20");
      await pi.keyStatus("connected", true, "abcd");
      await shot(pi, "balance-runway-settings");
      assert.deepEqual(settingsMessages(pi), [], "loading writes nothing back");
    });
  });

  test("balance: the low-balance alarm saves a number, empty turns it off, a negative is refused", async () => {
    await withPI("balance", {}, async (pi) => {
      assert.match(await pi.page.innerText("#low-balance-hint"), /^Off\./);
      const setLow = async (text) => {
        const saved = pi.host.next((m) => m.event === "setSettings");
        await pi.page.fill("#low-balance-input", text);
        await pi.page.press("#low-balance-input", "Enter");
        return (await saved).payload;
      };
      const unchanged = async (text, shown) => {
        const before = settingsMessages(pi).length;
        await pi.page.fill("#low-balance-input", text);
        await pi.page.press("#low-balance-input", "Enter");
        await pi.page.waitForTimeout(200);
        assert.equal(settingsMessages(pi).length, before, `${JSON.stringify(text)} saved something`);
        assert.equal(await pi.page.inputValue("#low-balance-input"), shown, `after ${JSON.stringify(text)}`);
      };

      assert.deepEqual(await setLow("5"), { mode: "remaining", period: "30d", lowBalance: 5, theme: "dark" });
      assert.equal(typeof settingsMessages(pi).at(-1).payload.lowBalance, "number");
      assert.match(await pi.page.innerText("#low-balance-hint"), /Below \$5 the tile says Low balance and the key flashes once/);
      assert.deepEqual(await setLow("12.5"), { mode: "remaining", period: "30d", lowBalance: 12.5, theme: "dark" });
      assert.match(await pi.page.innerText("#low-balance-hint"), /Below \$12\.50 /);
      assert.deepEqual(await setLow("2.499"), { mode: "remaining", period: "30d", lowBalance: 2.5, theme: "dark" }, "to the cent");

      // A negative is not a level: the saved one comes back and nothing is sent.
      await unchanged("-3", "2.5");
      await unchanged("2.5", "2.5");
      // Text the field can't read as a number reads as "" (badInput): that is not "empty = off".
      {
        const before = settingsMessages(pi).length;
        await pi.page.click("#low-balance-input", { clickCount: 3 });
        await pi.page.keyboard.type("1e");
        assert.equal(await pi.page.evaluate(() => document.getElementById("low-balance-input").validity.badInput), true);
        await pi.page.keyboard.press("Enter");
        await pi.page.waitForTimeout(200);
        assert.equal(settingsMessages(pi).length, before, "unreadable text saved something");
        assert.equal(await pi.page.inputValue("#low-balance-input"), "2.5");
      }

      // The other settings keep the alarm.
      let saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#mode-select", "runway");
      assert.deepEqual((await saved).payload, { mode: "runway", period: "30d", lowBalance: 2.5, theme: "dark" });

      // Emptied: off, and off is not stored.
      assert.deepEqual(await setLow(""), { mode: "runway", period: "30d", theme: "dark" });
      assert.equal(await pi.page.inputValue("#low-balance-input"), "");
      assert.match(await pi.page.innerText("#low-balance-hint"), /^Off\./);
      // 0 is off too, already saved; a negative while off stays off.
      await unchanged("0", "");
      await unchanged("-1", "");

      assert.deepEqual(await setLow("100"), { mode: "runway", period: "30d", lowBalance: 100, theme: "dark" });
      assert.deepEqual(await setLow("0"), { mode: "runway", period: "30d", theme: "dark" });
      for (const m of settingsMessages(pi)) {
        if ("lowBalance" in m.payload) assert.ok(typeof m.payload.lowBalance === "number" && m.payload.lowBalance > 0, JSON.stringify(m.payload));
      }
    });
    // Stored values: a number (or a numeric string) is shown; a negative or junk is off.
    for (const [stored, shown] of [[7, "7"], ["15", "15"], [-4, ""], ["lots", ""], [null, ""], [0, ""]]) {
      await withPI("balance", { lowBalance: stored }, async (pi) => {
        assert.equal(await pi.page.inputValue("#low-balance-input"), shown, `stored ${JSON.stringify(stored)}`);
      });
    }
  });

  test("top models: rank by model (default) or by API key, saved as {by, theme}", async () => {
    await withPI("topmodels", {}, async (pi) => {
      assert.equal(await pi.page.inputValue("#by-select"), "model");
      assert.match(await pi.page.innerText("#by-select"), /Models \(default\)[\s\S]*API keys/);
      assert.match(await pi.page.innerText("#by-hint"), /models by 30-day spend/);
      for (const id of ["#mode-select", "#period-select", "#threshold-input", "#low-balance-input"]) {
        assert.equal(await pi.page.isVisible(id), false, id);
      }
      let saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#by-select", "key");
      assert.deepEqual(await saved, { event: "setSettings", context: pi.uuid, payload: { by: "key", theme: "dark" } });
      assert.match(await pi.page.innerText("#by-hint"), /API keys by this month's spend, each by its name/);
      await pi.keyStatus("connected", true, "abcd");
      await shot(pi, "topmodels-by-key-settings");

      saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#theme-select", "light");
      assert.deepEqual((await saved).payload, { by: "key", theme: "light" });
      saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#by-select", "model");
      assert.deepEqual((await saved).payload, { by: "model", theme: "light" });
    });
    await withPI("topmodels", { by: "KEY" }, async (pi) => {
      assert.equal(await pi.page.inputValue("#by-select"), "key");
    });
    await withPI("topmodels", { by: "wallet" }, async (pi) => {
      assert.equal(await pi.page.inputValue("#by-select"), "model");
    });
  });

  // The tiles with no setting but the theme, as the core declares them.
  const themeOnly = TILES.filter((t) => t.settings.length === 0).map((t) => t.slug);
  test("the tiles with only a theme are the ones expected", () => {
    assert.deepEqual(themeOnly, ["monthlyspend", "today"]);
  });
  for (const tile of themeOnly) {
    test(`${tile}: only the theme, saved as {theme}`, async () => {
      await withPI(tile, {}, async (pi) => {
        assert.equal(await pi.page.isVisible("#theme-select"), true);
        for (const id of ["#mode-select", "#period-select", "#threshold-input", "#low-balance-input", "#by-select"]) {
          assert.equal(await pi.page.isVisible(id), false, id);
        }
        const saved = pi.host.next((m) => m.event === "setSettings");
        await pi.page.selectOption("#theme-select", "light");
        assert.deepEqual(await saved, { event: "setSettings", context: pi.uuid, payload: { theme: "light" } });
      });
    });
  }

  test("today: named Today, and says which day it counts (OpenRouter's, from 00:00 UTC)", async () => {
    await withPI("today", { theme: "light" }, async (pi) => {
      assert.equal(await pi.page.innerText("#settings-heading"), "Today");
      assert.equal(await pi.page.inputValue("#theme-select"), "light");
      assert.equal(await pi.page.isVisible("#today-hint"), true);
      assert.match(await pi.page.innerText("#today-hint"), /Spend so far in OpenRouter's day, from 00:00 UTC[\s\S]*against a usual day: your average daily spend over the last 7 complete days/);
    });
    for (const tile of TILES.map((t) => t.slug).filter((slug) => slug !== "today")) {
      await withPI(tile, {}, async (pi) => {
        assert.equal(await pi.page.isVisible("#today-hint"), false, tile);
      });
    }
  });

  test("today: the start of OpenRouter's day in this computer's time", async () => {
    const kolkata = await launchBrowser({ timezoneId: "Asia/Kolkata" }); // UTC+5:30 all year
    try {
      const pi = await openPI(kolkata, "today");
      try {
        assert.match(await pi.page.innerText("#today-hint"), /from 00:00 UTC \(05:30( AM)? here\), against/);
        await pi.keyStatus("connected", true, "abcd");
        await shot(pi, "today-settings");
        assert.deepEqual(pi.errors, []);
      } finally {
        await pi.close();
      }
    } finally {
      await kolkata.close();
    }
    // In UTC there is nothing to convert.
    const utc = await launchBrowser({ timezoneId: "UTC" });
    try {
      const pi = await openPI(utc, "today");
      try {
        assert.match(await pi.page.innerText("#today-hint"), /from 00:00 UTC, against/);
      } finally {
        await pi.close();
      }
    } finally {
      await utc.close();
    }
  });

  test("every tile's heading is its name", async () => {
    // The manifest's names (the core's descriptors, held equal by a Rust test), every tile the
    // core declares.
    assert.equal(TILES.length, MANIFEST.Actions.length);
    for (const { slug: tile } of TILES) {
      const name = MANIFEST.Actions.find((a) => a.UUID === `${PLUGIN}.${tile}`).Name;
      await withPI(tile, {}, async (pi) => {
        assert.equal(await pi.page.innerText("#settings-heading"), name);
        assert.equal(await pi.page.isVisible("#settings-section"), true);
      });
    }
  });

  test("an action that is not ours shows the key section only", async () => {
    const pi = await openPI(browser, "balance");
    try {
      await pi.page.evaluate(
        ([port]) =>
          window.connectElgatoStreamDeckSocket(port, "PI-other", "registerPropertyInspector", "{}", JSON.stringify({ action: "com.example.other", payload: { settings: {} } })),
        [pi.host.port],
      );
      await pi.page.waitForFunction(() => document.getElementById("settings-section").hidden);
      assert.equal(await pi.page.isVisible("#key-input"), true);
    } finally {
      await pi.close();
    }
  });
});

describe("accounts", () => {
  const WORK = "acct-x1y2";
  const TWO = [
    { id: "default", label: "Default", last4: "abcd", status: "connected" },
    { id: WORK, label: "Work", last4: "wxyz", status: "checking" },
  ];
  const THREE = [
    { id: "default", label: "Default", last4: "abcd", status: "connected" },
    { id: WORK, label: "Work", last4: "wxyz", status: "connected" },
    { id: "acct-home0001", label: "Home", last4: "", status: "rejected" },
  ];
  const ID = /^acct-[0-9a-z]{8}$/;
  const visible = (id) => `!document.getElementById(${JSON.stringify(id)}).closest("[hidden]")`;
  const shown = (id) => new Function(`return ${visible(id)};`);
  const optionTexts = (pi) => pi.page.$$eval("#account-select option", (os) => os.map((o) => o.textContent));
  const optionValues = (pi) => pi.page.$$eval("#account-select option", (os) => os.map((o) => o.value));
  const listText = (pi) => pi.page.innerText("#account-list");

  /** Every message this page sent that carries the key, as text. */
  const carryingKey = (pi) => pi.host.raw.filter((t) => t.includes(KEY) || t.includes(KEY.slice(9)));

  test("one account (keyStatus without accounts): no picker, no list, connect and disconnect exactly as before", async () => {
    await withPI("balance", { theme: "light" }, async (pi) => {
      await pi.keyStatus("none", false);
      for (const id of ["#account-row", "#account-list", "#account-missing", "#accounts-section"]) {
        assert.equal(await pi.page.isVisible(id), false, `${id} with no key`);
      }
      await pi.page.fill("#key-input", KEY);
      let sent = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.page.click("#connect-button");
      assert.deepEqual(await sent, { action: `${PLUGIN}.balance`, event: "sendToPlugin", context: pi.uuid, payload: { event: "connect", key: KEY } });
      await pi.keyStatus("connected", true, "abcd");
      assert.equal(await pi.page.isVisible("#account-row"), false, "no picker for one account");
      assert.equal(await pi.page.isVisible("#account-list"), false, "no list for one account");
      assert.equal(await pi.page.innerText("#disconnect-button"), "Disconnect");
      // Once the key is connected, another account can be added; not while the key needs fixing.
      assert.equal(await pi.page.isVisible("#add-account-toggle"), true);
      assert.equal(await pi.page.isVisible("#add-account"), false);
      await pi.keyStatus("rejected", true, "abcd");
      assert.equal(await pi.page.isVisible("#accounts-section"), false);
      await pi.keyStatus("connected", true, "abcd");
      assert.equal(await pi.page.isVisible("#add-account-toggle"), true);
      sent = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.page.click("#disconnect-button");
      assert.deepEqual(await sent, { action: `${PLUGIN}.balance`, event: "sendToPlugin", context: pi.uuid, payload: { event: "disconnect" } });
      assert.equal(await pi.page.isVisible("#remove-confirm"), false, "the default account's Disconnect does not ask");
      assert.equal(await pi.page.isVisible("#key-input"), true);
      assert.deepEqual(settingsMessages(pi), [], "no account, no setSettings");
      assert.equal(toPlugin(pi).length, 2);
    });
  });

  test("an account whose key is still being checked (hasKey false) looks the same picked from the list as told directly", async () => {
    const checking = [TWO[0], { ...TWO[1], hasKey: false }];
    let direct;
    await withPI("balance", { account: WORK }, async (pi) => {
      await pi.keyStatusWith({ hasKey: false, last4: "wxyz", status: "checking", account: WORK, accounts: checking }, shown("account-row"));
      direct = { text: await keySectionText(pi.page), input: await pi.page.isVisible("#key-input") };
    });
    await withPI("balance", {}, async (pi) => {
      await pi.keyStatusWith({ hasKey: true, last4: "abcd", status: "connected", account: "default", accounts: checking }, shown("account-row"));
      await pi.page.selectOption("#account-select", WORK);
      const picked = { text: await keySectionText(pi.page), input: await pi.page.isVisible("#key-input") };
      assert.deepEqual(picked, direct);
    });
  });

  test("with accounts: the picker lists them by label and ••last4; picking one saves it with the other settings, default removes it", async () => {
    await withPI("balance", { mode: "used", period: "7d", theme: "light" }, async (pi) => {
      await pi.keyStatusWith({ hasKey: true, last4: "abcd", status: "connected", account: "default", accounts: TWO }, shown("account-row"));
      assert.equal(await pi.page.innerText("label[for=account-select]"), "Account");
      assert.deepEqual(await optionValues(pi), ["default", WORK]);
      assert.deepEqual(await optionTexts(pi), ["Default · ••••abcd", "Work · ••••wxyz"]);
      assert.equal(await pi.page.inputValue("#account-select"), "default");
      assert.equal(await pi.page.innerText("#disconnect-button"), "Disconnect", "the default account keeps Disconnect");
      await shot(pi, "accounts");

      let saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#account-select", WORK);
      assert.deepEqual(await saved, { event: "setSettings", context: pi.uuid, payload: { mode: "used", period: "7d", theme: "light", account: WORK } });
      // Until the plugin answers, the key line is the list's.
      assert.match(await keySectionText(pi.page), /Checking…[\s\S]*••••wxyz/);
      assert.equal(await pi.page.innerText("#disconnect-button"), "Remove account");
      await pi.keyStatusWith(
        { hasKey: true, last4: "wxyz", status: "connected", account: WORK, accounts: [TWO[0], { ...TWO[1], status: "connected" }] },
        () => document.getElementById("key-line").getAttribute("data-status") === "connected",
      );
      assert.match(await keySectionText(pi.page), /Connected[\s\S]*••••wxyz/);
      await shot(pi, "account-work");

      // Other settings keep the account.
      saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#theme-select", "dark");
      assert.deepEqual((await saved).payload, { mode: "used", period: "7d", theme: "dark", account: WORK });

      saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#account-select", "default");
      assert.deepEqual((await saved).payload, { mode: "used", period: "7d", theme: "dark" }, "the default account is no account field");
      assert.deepEqual(toPlugin(pi), [], "picking sends nothing to the plugin");
    });
    // Stored: the account is loaded, kept on the next save; a malformed one is the default.
    await withPI("spikealert", { threshold: 4, account: WORK }, async (pi) => {
      await pi.keyStatusWith({ hasKey: true, last4: "wxyz", status: "connected", account: WORK, accounts: TWO }, shown("account-row"));
      assert.equal(await pi.page.inputValue("#account-select"), WORK);
      const saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#theme-select", "light");
      assert.deepEqual((await saved).payload, { threshold: 4, theme: "light", account: WORK });
    });
    for (const bad of ["default", "", "has space", "x".repeat(41), 7]) {
      await withPI("today", { account: bad }, async (pi) => {
        const saved = pi.host.next((m) => m.event === "setSettings");
        await pi.page.selectOption("#theme-select", "light");
        assert.deepEqual((await saved).payload, { theme: "light" }, `stored account ${JSON.stringify(bad)}`);
      });
    }
  });

  test("a tile on a non-default account: connect and disconnect carry it, and Remove account asks first", async () => {
    await withPI("topmodels", { by: "key", account: WORK }, async (pi) => {
      const accounts = [TWO[0], { id: WORK, label: "Work", last4: "", status: "none" }];
      await pi.keyStatusWith({ hasKey: false, last4: "", status: "none", account: WORK, accounts }, shown("account-row"));
      assert.match(await keySectionText(pi.page), /Paste this account's Management key/);
      await pi.page.fill("#key-input", KEY);
      let sent = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.page.press("#key-input", "Enter");
      assert.deepEqual(await sent, {
        action: `${PLUGIN}.topmodels`,
        event: "sendToPlugin",
        context: pi.uuid,
        payload: { event: "connect", key: KEY, account: WORK },
      });
      assert.equal(await pi.page.inputValue("#key-input"), "");

      await pi.keyStatusWith(
        { hasKey: true, last4: "wxyz", status: "connected", account: WORK, accounts: [TWO[0], { ...accounts[1], last4: "wxyz", status: "connected" }] },
        shown("key-stored"),
      );
      assert.equal(await pi.page.innerText("#disconnect-button"), "Remove account");
      await pi.page.click("#disconnect-button");
      await pi.page.waitForSelector("#remove-confirm");
      assert.match(await pi.page.innerText("#remove-confirm"), /Remove “Work”\?[\s\S]*key is deleted[\s\S]*Cancel[\s\S]*Remove/);
      assert.equal(await pi.page.evaluate(() => document.activeElement.textContent), "Cancel", "focus on the safe answer");
      assert.equal(toPlugin(pi).length, 1, "asking sends nothing");
      await shot(pi, "remove-account-confirm");

      // Cancel: nothing sent, back to the button.
      await pi.page.click("#remove-confirm [data-confirm=no]");
      assert.equal(await pi.page.isVisible("#remove-confirm"), false);
      assert.equal(await pi.page.evaluate(() => document.activeElement.id), "disconnect-button");
      assert.equal(toPlugin(pi).length, 1);
      // Escape cancels too.
      await pi.page.click("#disconnect-button");
      await pi.page.waitForSelector("#remove-confirm");
      await pi.page.keyboard.press("Escape");
      assert.equal(await pi.page.isVisible("#remove-confirm"), false);
      assert.equal(toPlugin(pi).length, 1);

      await pi.page.click("#disconnect-button");
      sent = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.page.click("#remove-confirm [data-confirm=yes]");
      assert.deepEqual(await sent, { action: `${PLUGIN}.topmodels`, event: "sendToPlugin", context: pi.uuid, payload: { event: "disconnect", account: WORK } });
      // The tile now points at an account that is gone: it says so.
      assert.equal(await pi.page.isVisible("#account-missing"), true);
      assert.match(await keySectionText(pi.page), /This tile's account was removed — pick another/);
      assert.deepEqual(settingsMessages(pi), [], "removing does not rewrite the tile's settings");
    });
  });

  test("a non-default account's refused key is replaced in place: New key, connect carries the account", async () => {
    await withPI("balance", { account: WORK }, async (pi) => {
      const refused = (status) => [TWO[0], { id: WORK, label: "Work", last4: "wxyz", status }];
      for (const status of ["rejected", "notManagementKey"]) {
        await pi.keyStatusWith({ hasKey: true, last4: "wxyz", status, account: WORK, accounts: refused(status) },
          (s) => document.getElementById("status-message").getAttribute("data-status") === s, status);
        assert.equal(await pi.page.isVisible("#key-stored"), true);
        assert.equal(await pi.page.isVisible("#key-input"), true, `a field to replace the ${status} key`);
        assert.equal(await pi.page.innerText("#key-input-label"), "New key");
        const text = await keySectionText(pi.page);
        assert.match(text, /paste (it|a new one) above/, text);
        assert.doesNotMatch(text, /Disconnect/, "there is no Disconnect for this account");
        // One Remove for the account: its key line's, none again in the list.
        assert.equal(await pi.page.locator("#account-list [data-remove]").count(), 0, status);
        const removes = await pi.page.locator("button:visible", { hasText: /^Remove/ }).count();
        assert.equal(removes, 1, `${status}: one Remove button on the page`);
      }
      await shot(pi, "account-key-refused");
      await pi.page.fill("#key-input", KEY);
      const sent = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.page.click("#connect-button");
      assert.deepEqual((await sent).payload, { event: "connect", key: KEY, account: WORK });
      assert.equal(await pi.page.inputValue("#key-input"), "");
      // Connected again: the field goes, the label is Key again.
      await pi.keyStatusWith({ hasKey: true, last4: "abcd", status: "connected", account: WORK, accounts: refused("connected") },
        () => document.getElementById("status-message").getAttribute("data-status") === "connected");
      assert.equal(await pi.page.isVisible("#key-input"), false);
      assert.equal(await pi.page.innerText("#key-input-label"), "Key");
    });
    // The default account keeps today's behaviour: Disconnect, then paste.
    await withPI("balance", {}, async (pi) => {
      await pi.keyStatusWith({ hasKey: true, last4: "abcd", status: "rejected", account: "default", accounts: TWO }, shown("account-row"));
      assert.equal(await pi.page.isVisible("#key-input"), false);
      assert.match(await keySectionText(pi.page), /or Disconnect and paste a new one/);
    });
  });

  test("a key already connected: the plugin says as which account, and the tile goes back to its own", async () => {
    await withPI("balance", {}, async (pi) => {
      await pi.keyStatusWith({ hasKey: true, last4: "abcd", status: "connected", account: "default", accounts: TWO }, shown("account-list"));
      await pi.page.click("#add-account-toggle");
      await pi.page.fill("#add-label", "Again");
      await pi.page.fill("#add-key", KEY);
      const sent = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.page.click("#add-connect");
      const id = (await sent).payload.account;
      await pi.host.waitFor((m) => m.event === "setSettings" && m.payload.account === id);
      // The plugin refuses: Work already has that key.
      const back = pi.host.next((m) => m.event === "setSettings" && !("account" in m.payload));
      await pi.keyStatusWith(
        { hasKey: true, last4: "abcd", status: "connected", account: "default", accounts: TWO,
          alreadyConnected: { account: WORK, label: "Work" } },
        shown("duplicate-note"));
      assert.deepEqual((await back).payload, { mode: "remaining", period: "30d", theme: "dark" }, "back to the default account");
      const note = await pi.page.innerText("#duplicate-note");
      assert.match(note, /Already connected as “Work”/);
      assert.match(note, /pick it under Account/);
      assert.doesNotMatch(await listText(pi), /Again/, "the refused account is not listed");
      assert.deepEqual(await optionValues(pi), ["default", WORK]);
      await shot(pi, "account-already-connected");
      // The next connect clears it.
      await pi.page.click("#add-account-toggle");
      await pi.page.fill("#add-label", "Home");
      await pi.page.fill("#add-key", KEY);
      await pi.page.click("#add-connect");
      assert.equal(await pi.page.isVisible("#duplicate-note"), false);
    });
    // The default account's own key field: told the same, and nothing else changes.
    await withPI("today", {}, async (pi) => {
      await pi.keyStatus("none", false, "");
      await pi.page.fill("#key-input", KEY);
      await pi.page.click("#connect-button");
      await pi.keyStatusWith(
        { hasKey: false, last4: "", status: "none", alreadyConnected: { account: "acct-home0001", label: "Home" } },
        shown("duplicate-note"));
      assert.match(await pi.page.innerText("#duplicate-note"), /Already connected as “Home”/);
      assert.deepEqual(settingsMessages(pi), []);
      // Whatever else the plugin sends: a malformed note is no note.
      await pi.keyStatusWith({ hasKey: false, last4: "", status: "none", alreadyConnected: { account: "../x" } },
        () => document.getElementById("duplicate-note").hidden);
    });
  });

  test("sixteen accounts: no Add, and says why", async () => {
    const many = [TWO[0]];
    for (let i = 1; i < 16; i++) many.push({ id: `acct-${String(i).padStart(8, "0")}`, label: `Client ${i}`, last4: "ab" + String(i).padStart(2, "0"), status: "connected" });
    await withPI("today", {}, async (pi) => {
      await pi.keyStatusWith({ hasKey: true, last4: "abcd", status: "connected", account: "default", accounts: many.slice(0, 15) }, shown("account-list"));
      assert.equal(await pi.page.isVisible("#add-account-toggle"), true);
      await pi.keyStatusWith({ hasKey: true, last4: "abcd", status: "connected", account: "default", accounts: many },
        () => document.getElementById("add-account-toggle").closest("[hidden]") !== null);
      assert.match(await pi.page.innerText("#accounts-section"), /16 accounts is the most one Stream Deck keeps: remove one to add another/);
      assert.equal((await optionValues(pi)).length, 16);
    });
  });

  test("the list: every account, ••last4 and its status in words; Remove on non-default accounts asks, then removes", async () => {
    await withPI("balance", {}, async (pi) => {
      await pi.keyStatusWith({ hasKey: true, last4: "abcd", status: "connected", account: "default", accounts: THREE }, shown("account-list"));
      const text = await listText(pi);
      assert.match(text, /Default\s+Connected · ••••abcd/);
      assert.match(text, /Work\s+Connected · ••••wxyz\s+Remove/);
      assert.match(text, /Home\s+Key rejected\s+Remove/);
      assert.doesNotMatch(text, /Default[^\n]*Remove/, "the default account has no Remove");
      assert.equal(await pi.page.locator("#account-list [data-remove]").count(), 2);
      assert.equal(await pi.page.getAttribute("#account-list [data-remove='acct-home0001']", "aria-label"), "Remove the account Home");
      assert.equal(await pi.page.getAttribute("#account-list li.current", "data-account"), "default");
      assert.deepEqual(await optionTexts(pi), ["Default · ••••abcd", "Work · ••••wxyz", "Home · Key rejected"]);
      await shot(pi, "account-list");

      // Every status reads as on the key line.
      const statuses = [["none", "Not connected"], ["checking", "Checking…"], ["notManagementKey", "Not a Management key"], ["offline", "Offline"], ["error", "OpenRouter error"]];
      for (const [status, words] of statuses) {
        await pi.keyStatusWith(
          { hasKey: true, last4: "abcd", status: "connected", account: "default", accounts: [THREE[0], THREE[1], { ...THREE[2], status }] },
          (w) => document.getElementById("account-list").innerText.includes(w),
          words,
        );
      }

      await pi.page.click("#account-list [data-remove='acct-home0001']");
      await pi.page.waitForSelector("#remove-confirm");
      assert.match(await pi.page.innerText("#remove-confirm"), /Remove “Home”\?/);
      await pi.page.keyboard.press("Escape");
      assert.equal(await pi.page.isVisible("#remove-confirm"), false);
      assert.equal(await pi.page.evaluate(() => document.activeElement.getAttribute("data-remove")), "acct-home0001");
      // A keyStatus while asking keeps the question and the focus.
      await pi.page.click("#account-list [data-remove='acct-home0001']");
      await pi.page.waitForSelector("#remove-confirm");
      await pi.keyStatusWith({ hasKey: true, last4: "abcd", status: "connected", account: "default", accounts: THREE },
        () => document.getElementById("account-list").innerText.includes("Key rejected"));
      assert.equal(await pi.page.isVisible("#remove-confirm"), true);
      assert.equal(await pi.page.evaluate(() => document.activeElement.getAttribute("data-confirm")), "no");
      assert.deepEqual(toPlugin(pi), [], "asking sends nothing");
      await shot(pi, "account-list-confirm");

      const sent = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.page.click("#remove-confirm [data-confirm=yes]");
      assert.deepEqual((await sent).payload, { event: "disconnect", account: "acct-home0001" });
      assert.doesNotMatch(await listText(pi), /Home/);
      assert.deepEqual(await optionValues(pi), ["default", WORK]);
      assert.equal(await pi.page.isVisible("#account-missing"), false, "this tile's account is still there");
      assert.deepEqual(settingsMessages(pi), []);
      assert.equal(toPlugin(pi).length, 1);
    });
  });

  test("Add account: connect with a fresh id, the label and the key; the tile switches to it; the key goes nowhere else", async () => {
    await withPI("balance", { mode: "percent", period: "all" }, async (pi) => {
      await pi.keyStatus("connected", true, "abcd");
      assert.equal(await pi.page.isVisible("#add-hint"), true);
      await shot(pi, "add-account-link");
      await pi.page.click("#add-account-toggle");
      assert.equal(await pi.page.isVisible("#add-account"), true);
      assert.equal(await pi.page.getAttribute("#add-account-toggle", "aria-expanded"), "true");
      assert.equal(await pi.page.evaluate(() => document.activeElement.id), "add-label", "focus on the name");
      await pi.page.fill("#add-label", "  Work  ");
      await pi.page.fill("#add-key", KEY);
      await shot(pi, "add-account");

      const connect = pi.host.next((m) => m.event === "sendToPlugin");
      const saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.click("#add-connect");
      const msg = await connect;
      assert.equal(msg.action, `${PLUGIN}.balance`);
      assert.equal(msg.context, pi.uuid);
      assert.deepEqual(Object.keys(msg.payload).sort(), ["account", "event", "key", "label"]);
      assert.equal(msg.payload.event, "connect");
      assert.equal(msg.payload.label, "Work");
      assert.equal(msg.payload.key, KEY);
      const id = msg.payload.account;
      assert.match(id, ID);
      assert.deepEqual(await saved, { event: "setSettings", context: pi.uuid, payload: { mode: "percent", period: "all", theme: "dark", account: id } });
      assert.ok(pi.host.messages.indexOf(msg) < pi.host.messages.indexOf(await saved), "the account exists before the tile points at it");

      // The key has left the page; the form is closed; the tile shows the new account, checking.
      assert.equal(await pi.page.inputValue("#add-key"), "");
      assert.equal(await pi.page.inputValue("#add-label"), "");
      assert.equal(await pi.page.isVisible("#add-account"), false);
      assert.equal(await pi.page.inputValue("#account-select"), id);
      assert.deepEqual(await optionTexts(pi), ["Default · ••••abcd", "Work · Checking…"]);
      assert.match(await keySectionText(pi.page), /Checking…/);

      // A keyStatus about the old account (sent before the plugin saw the new setting) does not
      // put the old account's key line back.
      const accounts = [TWO[0], { id, label: "Work", last4: KEY.slice(-4), status: "checking" }];
      await pi.keyStatusWith({ hasKey: true, last4: "abcd", status: "connected", account: "default", accounts },
        (l4) => document.getElementById("key-last4").textContent === "••••" + l4, KEY.slice(-4));
      assert.equal(await pi.page.getAttribute("#key-line", "data-status"), "checking");
      await pi.keyStatusWith({ hasKey: true, last4: KEY.slice(-4), status: "connected", account: id, accounts: [TWO[0], { ...accounts[1], status: "connected" }] },
        () => document.getElementById("key-line").getAttribute("data-status") === "connected");
      await shot(pi, "added-account");

      // A second one gets another id.
      await pi.page.click("#add-account-toggle");
      await pi.page.fill("#add-label", "Home");
      await pi.page.fill("#add-key", KEY);
      const second = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.page.press("#add-key", "Enter");
      const id2 = (await second).payload.account;
      assert.match(id2, ID);
      assert.notEqual(id2, id);
      await pi.host.waitFor((m) => m.event === "setSettings" && m.payload.account === id2);

      // The key went out in the connect payloads only, and is nowhere in the page.
      const withKey = carryingKey(pi);
      assert.equal(withKey.length, 2, "two connects");
      for (const t of withKey) {
        const m = JSON.parse(t);
        assert.equal(m.event, "sendToPlugin");
        assert.equal(m.payload.event, "connect");
      }
      for (const m of settingsMessages(pi)) assert.doesNotMatch(JSON.stringify(m), /sk-or|"key":/i);
      const inPage = await pi.page.evaluate((key) => {
        const hits = [];
        if (document.documentElement.outerHTML.includes(key)) hits.push("outerHTML");
        for (const el of document.querySelectorAll("input")) if (el.value.includes(key)) hits.push(el.id);
        return hits;
      }, KEY);
      assert.deepEqual(inPage, []);
    });
  });

  test("Add account refuses a missing, too long or taken name, and a missing key, without sending", async () => {
    await withPI("balance", {}, async (pi) => {
      await pi.keyStatusWith({ hasKey: true, last4: "abcd", status: "connected", account: "default", accounts: TWO }, shown("account-list"));
      await pi.page.click("#add-account-toggle");
      const refused = async (label, key, expected) => {
        await pi.page.fill("#add-label", label);
        await pi.page.fill("#add-key", key);
        await pi.page.click("#add-connect");
        await pi.page.waitForTimeout(100);
        assert.equal(await pi.page.isVisible("#add-account"), true, `form still open for ${JSON.stringify(label)}`);
        const text = await pi.page.innerText("#add-account");
        assert.match(text, expected, `${JSON.stringify(label)}: ${text}`);
      };
      await refused("", KEY, /Name the account first/);
      assert.equal(await pi.page.evaluate(() => document.activeElement.id), "add-label");
      await shot(pi, "add-account-no-name");
      await refused("    ", KEY, /Name the account first/);
      // Ten characters: what a 72-pixel key shows, on two lines at most.
      await refused("x".repeat(11), KEY, /10 characters or fewer/);
      await refused("work", KEY, /already called “Work”/);
      await refused("DEFAULT", KEY, /already called “Default”/);
      await refused("Home", "   ", /Paste the account's Management key first/);
      assert.equal(await pi.page.evaluate(() => document.activeElement.id), "add-key");
      assert.deepEqual(toPlugin(pi), [], "nothing sent");
      assert.deepEqual(settingsMessages(pi), [], "nothing saved");
      // Typing clears the warnings; 10 characters is fine.
      await pi.page.type("#add-label", "x");
      assert.equal(await pi.page.isVisible("#add-label-invalid"), false);

      // Cancel closes the form and drops what was typed, the key too.
      await pi.page.fill("#add-label", "Home");
      await pi.page.fill("#add-key", KEY);
      await pi.page.click("#add-cancel");
      assert.equal(await pi.page.isVisible("#add-account"), false);
      assert.equal(await pi.page.inputValue("#add-key"), "");
      assert.equal(await pi.page.evaluate(() => document.activeElement.id), "add-account-toggle");
      await pi.page.click("#add-account-toggle");
      assert.equal(await pi.page.inputValue("#add-label"), "");
      await pi.page.fill("#add-key", KEY);
      await pi.page.keyboard.press("Escape");
      assert.equal(await pi.page.isVisible("#add-account"), false);
      assert.equal(await pi.page.inputValue("#add-key"), "");

      await pi.page.click("#add-account-toggle");
      const sent = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.page.fill("#add-label", "y".repeat(10));
      await pi.page.fill("#add-key", KEY);
      await pi.page.click("#add-connect");
      assert.equal((await sent).payload.label, "y".repeat(10));
    });
  });

  test("the tile's account was removed: says so plainly and offers the others", async () => {
    await withPI("monthlyspend", { account: "acct-gone", theme: "light" }, async (pi) => {
      await pi.keyStatusWith({ hasKey: false, last4: "", status: "none", account: "acct-gone", accounts: TWO }, shown("account-missing"));
      assert.match(await keySectionText(pi.page), /This tile's account was removed — pick another/);
      assert.equal(await pi.page.isVisible("#key-input"), false, "no key for an account that is gone");
      assert.equal(await pi.page.isVisible("#key-stored"), false);
      assert.equal(await pi.page.isVisible("#rename-button"), false);
      assert.deepEqual(await optionValues(pi), ["acct-gone", "default", WORK]);
      assert.equal(await pi.page.inputValue("#account-select"), "acct-gone");
      assert.equal(await pi.page.$eval("#account-select option", (o) => o.disabled), true);
      await shot(pi, "account-missing");
      const saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#account-select", WORK);
      assert.deepEqual((await saved).payload, { theme: "light", account: WORK });
      assert.equal(await pi.page.isVisible("#account-missing"), false);
      assert.match(await keySectionText(pi.page), /••••wxyz/);
    });
    // Only the default account is left: no list, but the tile still says it, and can go back to the default.
    await withPI("today", { account: "acct-gone" }, async (pi) => {
      await pi.keyStatusWith({ hasKey: false, last4: "", status: "none", account: "acct-gone" }, shown("account-missing"));
      assert.equal(await pi.page.isVisible("#account-list"), false);
      assert.deepEqual(await optionValues(pi), ["acct-gone", "default"]);
      const saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#account-select", "default");
      assert.deepEqual((await saved).payload, { theme: "dark" });
      await pi.keyStatus("connected", true, "abcd");
      assert.equal(await pi.page.isVisible("#account-row"), false);
      assert.equal(await pi.page.isVisible("#account-missing"), false);
      assert.match(await keySectionText(pi.page), /Connected · ••••abcd/);
    });
  });

  test("rename: this tile's account, by id (the default's is \"default\"); a bad name is refused", async () => {
    await withPI("balance", { account: WORK }, async (pi) => {
      await pi.keyStatusWith({ hasKey: true, last4: "wxyz", status: "connected", account: WORK, accounts: TWO }, shown("account-row"));
      await pi.page.click("#rename-button");
      assert.equal(await pi.page.evaluate(() => document.activeElement.id), "rename-input");
      assert.equal(await pi.page.inputValue("#rename-input"), "Work");
      await shot(pi, "rename-account");
      await pi.page.fill("#rename-input", "  ");
      await pi.page.press("#rename-input", "Enter");
      assert.match(await pi.page.innerText("#rename-invalid"), /Name the account first/);
      await pi.page.fill("#rename-input", "default");
      await pi.page.press("#rename-input", "Enter");
      assert.match(await pi.page.innerText("#rename-invalid"), /already called “Default”/);
      // Escape leaves the name as it was.
      await pi.page.keyboard.press("Escape");
      assert.equal(await pi.page.isVisible("#rename-input"), false);
      assert.equal(await pi.page.evaluate(() => document.activeElement.id), "rename-button");
      assert.deepEqual(toPlugin(pi), []);
      // The same name again sends nothing either.
      await pi.page.click("#rename-button");
      await pi.page.click("#rename-save");
      assert.deepEqual(toPlugin(pi), []);

      await pi.page.click("#rename-button");
      await pi.page.fill("#rename-input", " Client  A ");
      const sent = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.page.press("#rename-input", "Enter");
      assert.deepEqual((await sent).payload, { event: "rename", account: WORK, label: "Client A" });
      assert.deepEqual(await optionTexts(pi), ["Default · ••••abcd", "Client A · ••••wxyz"]);
      assert.match(await listText(pi), /Client A/);
      assert.deepEqual(settingsMessages(pi), [], "renaming is not a tile setting");
    });
    await withPI("balance", {}, async (pi) => {
      await pi.keyStatusWith({ hasKey: true, last4: "abcd", status: "connected", account: "default", accounts: TWO }, shown("account-row"));
      await pi.page.click("#rename-button");
      await pi.page.fill("#rename-input", "Personal");
      const sent = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.page.click("#rename-save");
      assert.deepEqual((await sent).payload, { event: "rename", account: "default", label: "Personal" });
    });
  });
});

describe("budget", () => {
  const BUDGET = `${PLUGIN}.budget`;
  const DEFAULT_WS = "0b7e3c1a-5f2d-4e8b-9a61-2c3d4e5f6a7b";
  const PROD = "550e8400-e29b-41d4-a716-446655440000";
  const hash = (seed) => (seed.repeat(64)).slice(0, 64);
  const CI = hash("f01d");
  const CURSOR = hash("9ab3");
  const OLD = hash("77ee");
  const PROD_API = hash("c0ffee");
  // Two workspaces as the plugin sends them: Default first (OpenRouter's order), keys with a
  // limit first, nearest to it first, then by name.
  const READY = {
    state: "ready",
    complete: true,
    workspaces: [
      {
        id: DEFAULT_WS,
        name: "Default",
        budgets: [],
        keys: [
          { hash: CI, name: "CI bot", limit: 50, reset: "daily", spent: 12.5, disabled: false },
          { hash: CURSOR, name: "Cursor", limit: null, reset: null, spent: null, disabled: false },
          { hash: OLD, name: "Old key", limit: null, reset: null, spent: null, disabled: true },
        ],
      },
      {
        id: PROD,
        name: "Production",
        budgets: [
          { interval: "monthly", limit: 200, spent: 37.2 },
          { interval: "lifetime", limit: 1000, spent: 412 },
        ],
        keys: [{ hash: PROD_API, name: "Prod API", limit: 100, reset: "monthly", spent: 40, disabled: false }],
      },
    ],
  };
  const GROUPED = [
    { group: "Default", options: ["CI bot · $50 daily limit", "Cursor · no limit", "Old key · disabled"] },
    { group: "Production", options: ["Production · monthly budget · $200", "Production · lifetime budget · $1,000", "Prod API · $100 monthly limit"] },
  ];

  /** The picker as a person reads it: loose options first, then each group and its options. */
  const picker = (pi) =>
    pi.page.$eval("#budget-select", (select) =>
      [...select.children].map((c) =>
        c.tagName === "OPTGROUP"
          ? { group: c.label, options: [...c.children].map((o) => o.textContent) }
          : { option: c.textContent, disabled: c.disabled },
      ),
    );
  const groups = async (pi) => (await picker(pi)).filter((c) => c.group);
  const selectedText = (pi) => pi.page.$eval("#budget-select", (s) => (s.selectedIndex >= 0 ? s.options[s.selectedIndex].textContent : null));
  const statusState = (pi) => pi.page.$eval("#budget-status-row", (row) => (row.hidden ? null : document.getElementById("budget-status").getAttribute("data-state")));
  const hasGroup = (name) => [...document.querySelectorAll("#budget-select optgroup")].some((g) => g.label === name);
  /** Waits until every message sent so far has been handled: the page shows two key statuses in turn. */
  const sync = async (pi, fields = {}) => {
    await pi.keyStatusWith({ hasKey: true, last4: "abcd", status: "offline", ...fields }, () => document.getElementById("key-line").getAttribute("data-status") === "offline");
    await pi.keyStatusWith({ hasKey: true, last4: "abcd", status: "connected", ...fields }, () => document.getElementById("key-line").getAttribute("data-status") === "connected");
  };
  const ready = (pi, fields = READY) => pi.budgetChoices(fields, hasGroup, "Production");

  test("asks the plugin for the list when it opens, and says it is loading until the list comes", async () => {
    await withPI("budget", {}, async (pi) => {
      const asked = await pi.host.waitFor((m) => m.event === "sendToPlugin");
      assert.deepEqual(asked, { action: BUDGET, event: "sendToPlugin", context: pi.uuid, payload: { event: "budgetChoices" } });
      assert.ok(pi.host.messages.indexOf(asked) > 0, "after registering");
      assert.equal(await pi.page.innerText("#settings-heading"), "Budget");
      assert.equal(await pi.page.isDisabled("#budget-select"), true);
      assert.deepEqual(await picker(pi), [{ option: "Loading…", disabled: true }]);
      assert.equal(await statusState(pi), "loading");
      assert.match(await pi.page.innerText("#budget-status"), /Loading…\s+Reading this account's keys and budgets from OpenRouter/);
      await pi.keyStatus("connected", true, "abcd");
      await shot(pi, "budget-loading");
      // The plugin's own "loading" says the same.
      await pi.budgetChoices({ state: "loading", complete: true, workspaces: [] });
      await sync(pi);
      assert.equal(await statusState(pi), "loading");
      assert.deepEqual(settingsMessages(pi), [], "loading writes nothing");
      assert.equal(toPlugin(pi).length, 1, "asked once");
    });
    // Other tiles neither ask nor listen.
    await withPI("balance", {}, async (pi) => {
      await pi.budgetChoices(READY);
      await sync(pi);
      assert.deepEqual(toPlugin(pi), []);
      assert.equal(await pi.page.isVisible("#budget-select"), false);
    });
  });

  test("the picker groups by workspace: budgets and key limits in words", async () => {
    await withPI("budget", { workspace: PROD, interval: "monthly" }, async (pi) => {
      await pi.keyStatus("connected", true, "abcd");
      await ready(pi);
      assert.deepEqual(await picker(pi), GROUPED, "no placeholder: the tile has a pick");
      assert.equal(await pi.page.isDisabled("#budget-select"), false);
      assert.equal(await selectedText(pi), "Production · monthly budget · $200");
      assert.equal(await statusState(pi), null, "nothing to warn about");
      assert.equal(
        await pi.page.innerText("#budget-detail"),
        "$37.20 of $200 spent this month (UTC). Computed from the keys in Production, as OpenRouter's dashboard sums them.",
      );
      assert.match(await pi.page.innerText("#show-hint"), /^Amount left of the limit this window; the bar fills as you spend; warning colours at Warn at, alarm colours and one alert when the limit is reached\.$/);
      assert.equal(await pi.page.innerText("#warn-at-hint"), "Warning colours from 80% of the limit ($160 of $200). Default 80%, range 1–100%.");
      for (const id of ["#mode-select", "#period-select", "#threshold-input", "#low-balance-input", "#by-select", "#today-hint"]) {
        assert.equal(await pi.page.isVisible(id), false, id);
      }
      assert.equal(await pi.page.isVisible("#theme-select"), true);
      await shot(pi, "budget-ready");
      assert.deepEqual(settingsMessages(pi), [], "showing the list writes nothing");

      // A key's limit says how much of it is spent, in which window; one without a limit says where to set one.
      const details = [
        ["CI bot · $50 daily limit", /^\$12\.50 of \$50 spent today \(UTC\)\. A key in Default\.$/, false],
        ["Cursor · no limit", /^This key has no limit: set one on OpenRouter's API Keys page\. A key in Default\.\s*openrouter\.ai\/workspaces\/default\/keys/, true],
        ["Old key · disabled", /^This key is disabled on OpenRouter; the tile says so\. This key has no limit/, true],
        ["Prod API · $100 monthly limit", /^\$40 of \$100 spent this month \(UTC\)\. A key in Production\.$/, false],
        ["Production · lifetime budget · $1,000", /^\$412 of \$1,000 spent in all\. Computed from the keys in Production,/, false],
      ];
      for (const [label, detail, link] of details) {
        await pi.page.selectOption("#budget-select", { label });
        assert.match(await pi.page.innerText("#budget-detail"), detail, label);
        assert.equal(await pi.page.isVisible("#budget-detail-link"), link, label);
      }
      assert.equal(await pi.page.getAttribute("#budget-detail-link", "href"), "https://openrouter.ai/workspaces/default/keys");
    });
    // No pick yet: a placeholder asks for one, and nothing is chosen for the person.
    await withPI("budget", {}, async (pi) => {
      await ready(pi);
      assert.deepEqual(await picker(pi), [{ option: "Pick a limit or budget…", disabled: true }, ...GROUPED]);
      assert.equal(await selectedText(pi), "Pick a limit or budget…");
      assert.match(await pi.page.innerText("#budget-detail"), /^Pick a key's limit or a workspace's budget\. Workspace budgets are computed from the workspace's keys, as OpenRouter's dashboard sums them\./);
      assert.equal(await pi.page.innerText("#warn-at-hint"), "Warning colours from 80% of the limit. Default 80%, range 1–100%.");
      assert.deepEqual(settingsMessages(pi), []);
    });
  });

  test("a pick writes exactly the contract's settings: {key} or {workspace, interval}, never both", async () => {
    await withPI("budget", {}, async (pi) => {
      await ready(pi);
      const pick = async (label) => {
        const saved = pi.host.next((m) => m.event === "setSettings");
        await pi.page.selectOption("#budget-select", { label });
        const msg = await saved;
        assert.equal(msg.context, pi.uuid);
        return msg.payload;
      };
      assert.deepEqual(await pick("CI bot · $50 daily limit"), { show: "left", theme: "dark", key: CI });
      assert.equal(await selectedText(pi), "CI bot · $50 daily limit");
      assert.deepEqual((await picker(pi))[0], GROUPED[0], "the placeholder has gone");
      assert.deepEqual(await pick("Production · monthly budget · $200"), { show: "left", theme: "dark", workspace: PROD, interval: "monthly" });
      assert.deepEqual(await pick("Production · lifetime budget · $1,000"), { show: "left", theme: "dark", workspace: PROD, interval: "lifetime" });
      assert.deepEqual(await pick("Old key · disabled"), { show: "left", theme: "dark", key: OLD });
      assert.deepEqual(await pick("Cursor · no limit"), { show: "left", theme: "dark", key: CURSOR });

      // The other settings keep the pick, and the pick keeps them.
      let saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#show-select", "spent");
      assert.deepEqual((await saved).payload, { show: "spent", theme: "dark", key: CURSOR });
      assert.match(await pi.page.innerText("#show-hint"), /^Amount spent this window, against the limit; the bar fills as you spend/);
      saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.fill("#warn-at-input", "90");
      await pi.page.press("#warn-at-input", "Enter");
      assert.deepEqual((await saved).payload, { show: "spent", warnAt: 90, theme: "dark", key: CURSOR });
      saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#theme-select", "light");
      assert.deepEqual((await saved).payload, { show: "spent", warnAt: 90, theme: "light", key: CURSOR });
      assert.deepEqual(await pick("Prod API · $100 monthly limit"), { show: "spent", warnAt: 90, theme: "light", key: PROD_API });
      assert.deepEqual(await pick("Production · monthly budget · $200"), { show: "spent", warnAt: 90, theme: "light", workspace: PROD, interval: "monthly" });
      assert.equal(await pi.page.innerText("#warn-at-hint"), "Warning colours from 90% of the limit ($180 of $200). Default 80%, range 1–100%.");
      assert.deepEqual(toPlugin(pi).map((m) => m.payload), [{ event: "budgetChoices" }], "picking sends nothing to the plugin");
      for (const m of settingsMessages(pi)) {
        const fields = Object.keys(m.payload);
        assert.ok(!(fields.includes("key") && fields.includes("workspace")), JSON.stringify(m.payload));
        assert.ok(!fields.includes("interval") || fields.includes("workspace"), JSON.stringify(m.payload));
      }
    });
    // A tile on another account keeps it; the default account is no field.
    await withPI("budget", { account: "acct-work0001", theme: "light" }, async (pi) => {
      await ready(pi);
      const saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#budget-select", { label: "CI bot · $50 daily limit" });
      assert.deepEqual((await saved).payload, { show: "left", theme: "light", account: "acct-work0001", key: CI });
    });
  });

  test("stored picks are shown; a workspace without an interval is its first budget, and stays without one", async () => {
    await withPI("budget", { key: PROD_API, show: "SPENT", warnAt: 95 }, async (pi) => {
      await ready(pi);
      assert.equal(await selectedText(pi), "Prod API · $100 monthly limit");
      assert.equal(await pi.page.inputValue("#show-select"), "spent");
      assert.equal(await pi.page.inputValue("#warn-at-input"), "95");
      assert.equal(await pi.page.innerText("#warn-at-hint"), "Warning colours from 95% of the limit ($95 of $100). Default 80%, range 1–100%.");
      // didReceiveSettings moves the pick.
      await pi.host.send({ action: BUDGET, event: "didReceiveSettings", context: "ctx-budget-1234", device: "DEVICE-1", payload: { settings: { workspace: PROD, interval: "lifetime" } } });
      await pi.page.waitForFunction(() => document.getElementById("budget-select").selectedOptions[0]?.textContent.includes("lifetime"));
      assert.equal(await pi.page.inputValue("#show-select"), "left");
      assert.deepEqual(settingsMessages(pi), [], "loading writes nothing back");
    });
    await withPI("budget", { workspace: PROD }, async (pi) => {
      await ready(pi);
      assert.equal(await selectedText(pi), "Production · monthly budget · $200");
      const saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#theme-select", "light");
      assert.deepEqual((await saved).payload, { show: "left", theme: "light", workspace: PROD });
    });
    // Malformed picks: a key wins over a workspace; an interval needs a workspace; an identifier
    // shaped like a key is dropped, so it is never written back.
    const cases = [
      [{ key: CI, workspace: PROD, interval: "monthly" }, { key: CI }],
      [{ interval: "monthly" }, {}],
      [{ key: KEY }, {}],
      [{ key: 42, workspace: ["x"] }, {}],
      [{ key: "" }, {}],
      [{ workspace: PROD, interval: 7 }, { workspace: PROD }],
      [{ key: "a\nb" }, {}],
    ];
    for (const [stored, pick] of cases) {
      await withPI("budget", stored, async (pi) => {
        const saved = pi.host.next((m) => m.event === "setSettings");
        await pi.page.selectOption("#theme-select", "light");
        assert.deepEqual((await saved).payload, { show: "left", theme: "light", ...pick }, JSON.stringify(stored));
      });
    }
  });

  test("a pick that has left the list stays, selected, as (not found), and nothing is written", async () => {
    await withPI("budget", { key: CI }, async (pi) => {
      await pi.keyStatus("connected", true, "abcd");
      await ready(pi);
      assert.equal(await selectedText(pi), "CI bot · $50 daily limit");
      // The next list lacks it: the page keeps the name it saw.
      const without = structuredClone(READY);
      without.workspaces[0].keys.shift();
      await pi.budgetChoices(without, () => document.getElementById("budget-select").classList.contains("missing"));
      assert.deepEqual((await picker(pi))[0], { option: "CI bot · $50 daily limit (not found)", disabled: true });
      assert.equal(await selectedText(pi), "CI bot · $50 daily limit (not found)");
      assert.equal(await pi.page.inputValue("#budget-select"), "missing");
      assert.equal(await statusState(pi), "notFound");
      assert.match(await pi.page.innerText("#budget-status"), /Not found\.\s+This tile's limit is no longer in the list: deleted or moved on OpenRouter\. Pick another\./);
      assert.deepEqual(await groups(pi), [{ group: "Default", options: ["Cursor · no limit", "Old key · disabled"] }, GROUPED[1]]);
      await shot(pi, "budget-not-found");
      // Other settings are saved with the pick unchanged.
      const saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#show-select", "spent");
      assert.deepEqual((await saved).payload, { show: "spent", theme: "dark", key: CI });
      // It comes back: found again.
      await pi.budgetChoices(READY, () => !document.getElementById("budget-select").classList.contains("missing"));
      assert.equal(await selectedText(pi), "CI bot · $50 daily limit");
      assert.equal(await statusState(pi), null);
      assert.equal(settingsMessages(pi).length, 1);
    });
    // Never seen by this page: named by its kind. A partial list says the pick may be past it.
    const partial = { ...READY, complete: false };
    for (const [stored, text] of [
      [{ key: hash("dead") }, "Key limit (not found)"],
      [{ workspace: PROD, interval: "weekly" }, "Weekly budget (not found)"],
      [{ workspace: "ws-gone" }, "Workspace budget (not found)"],
    ]) {
      await withPI("budget", stored, async (pi) => {
        await ready(pi, partial);
        assert.equal(await selectedText(pi), text);
        assert.match(await pi.page.innerText("#budget-status"), /deleted or moved on OpenRouter, or past the part of the list that arrived\. Pick another\./);
        assert.deepEqual(settingsMessages(pi), []);
      });
    }
    // While the plugin is still loading, a partial list does not make a pick "not found".
    await withPI("budget", { key: hash("dead") }, async (pi) => {
      await pi.budgetChoices({ ...READY, state: "loading" }, hasGroup, "Production");
      assert.deepEqual((await picker(pi))[0], { option: "Loading…", disabled: true });
      assert.equal(await selectedText(pi), "Loading…");
      assert.equal(await statusState(pi), "loading");
      await pi.budgetChoices(READY, () => document.getElementById("budget-select").classList.contains("missing"));
      assert.equal(await selectedText(pi), "Key limit (not found)");
      assert.deepEqual(settingsMessages(pi), []);
    });
    // The list is empty: the pick is still not found, not silently dropped.
    await withPI("budget", { key: CI }, async (pi) => {
      await pi.budgetChoices({ state: "ready", complete: true, workspaces: [] }, () => document.getElementById("budget-select").classList.contains("missing"));
      assert.deepEqual(await picker(pi), [{ option: "Key limit (not found)", disabled: true }]);
      assert.equal(await pi.page.isDisabled("#budget-select"), false);
      assert.deepEqual(settingsMessages(pi), []);
    });
  });

  test("no key, trouble, and no limits or budgets yet: each says so, and where limits are set", async () => {
    await withPI("budget", { key: CI }, async (pi) => {
      await pi.keyStatus("none", false);
      await pi.budgetChoices({ state: "noKey", complete: true, workspaces: [] }, () => document.getElementById("budget-status").getAttribute("data-state") === "noKey");
      assert.deepEqual(await picker(pi), [{ option: "Connect a key first", disabled: true }], "no (not found) without a list");
      assert.equal(await pi.page.isDisabled("#budget-select"), true);
      assert.match(await pi.page.innerText("#budget-status"), /No key\.\s+Connect a Management key above: the list is this account's keys and budgets\./);

      await pi.budgetChoices({ state: "trouble", complete: false, workspaces: [] }, () => document.getElementById("budget-status").getAttribute("data-state") === "trouble");
      assert.deepEqual(await picker(pi), [{ option: "Not available", disabled: true }]);
      assert.match(await pi.page.innerText("#budget-status"), /Can't read the list\.\s+OpenRouter didn't answer as expected; it is retried automatically/);
      // Trouble with the last list: still pickable, and says it is the last one.
      await pi.budgetChoices({ ...READY, state: "trouble" }, hasGroup, "Production");
      assert.equal(await selectedText(pi), "CI bot · $50 daily limit");
      assert.match(await pi.page.innerText("#budget-status"), /This is the last list read\./);
      assert.deepEqual(settingsMessages(pi), []);
    });
    await withPI("budget", {}, async (pi) => {
      await pi.keyStatus("connected", true, "abcd");
      // Keys without limits and no budgets: no limits yet. The keys stay pickable ("No limit set" on the tile).
      const noLimits = {
        state: "ready",
        complete: true,
        workspaces: [
          { id: DEFAULT_WS, name: "Default", budgets: [], keys: [{ hash: CURSOR, name: "Cursor", limit: null, reset: null, spent: null, disabled: false }] },
          { id: PROD, name: "Production", budgets: [], keys: [] },
        ],
      };
      await pi.budgetChoices(noLimits, () => document.getElementById("budget-status").getAttribute("data-state") === "noChoices");
      assert.match(await pi.page.innerText("#budget-status"), /^No limits or budgets yet: set one on OpenRouter\.\s+Key limits: OpenRouter's API Keys page\s*↗?\s+Workspace budgets: OpenRouter's guide/);
      assert.deepEqual(await groups(pi), [{ group: "Default", options: ["Cursor · no limit"] }], "an empty workspace is no group");
      const links = await pi.page.$$eval("#budget-links a", (as) => as.map((a) => a.getAttribute("href")));
      assert.deepEqual(links, ["https://openrouter.ai/workspaces/default/keys", "https://openrouter.ai/docs/guides/features/workspaces/workspace-budgets"]);
      // Links open in the system browser.
      const opened = pi.host.next((m) => m.event === "openUrl");
      await pi.page.click("#budget-links a >> nth=0");
      assert.deepEqual(await opened, { event: "openUrl", payload: { url: "https://openrouter.ai/workspaces/default/keys" } });
      const opened2 = pi.host.next((m) => m.event === "openUrl");
      await pi.page.click("#budget-links a >> nth=1");
      assert.deepEqual((await opened2).payload, { url: "https://openrouter.ai/docs/guides/features/workspaces/workspace-budgets" });

      // Nothing at all.
      await pi.budgetChoices({ state: "ready", complete: true, workspaces: [] }, () => document.getElementById("budget-select").disabled);
      assert.deepEqual(await picker(pi), [{ option: "No limits or budgets", disabled: true }]);
      assert.equal(await statusState(pi), "noChoices");
      await pi.page.mouse.move(0, 0); // no hover left on the link just clicked
      await shot(pi, "budget-no-choices");
      assert.deepEqual(settingsMessages(pi), []);
    });
  });

  test("malformed budgetChoices never throw, never render markup, and keep what can be read", async () => {
    await withPI("budget", { key: CI }, async (pi) => {
      const bad = [
        "budgetChoices",
        null,
        7,
        [],
        { event: "budgetChoices" },
        { event: "budgetChoices", state: 5, complete: "yes", workspaces: "Production" },
        { event: "budgetChoices", state: "ready", workspaces: { 0: READY.workspaces[0] } },
        { event: "budgetChoices", state: "ready", workspaces: [null, 3, "Production", [], {}, { id: 5, name: 7, budgets: "x", keys: {} }] },
        {
          event: "budgetChoices",
          state: "ready",
          workspaces: [
            {
              id: PROD,
              name: "Production",
              budgets: [null, {}, { interval: "monthly" }, { interval: "monthly", limit: "lots" }, { interval: 3, limit: 10 }, { interval: "monthly", limit: -5 }],
              keys: [null, {}, { name: "no hash" }, { hash: 12, name: "numeric hash" }, { hash: "" }, { hash: "x".repeat(300) }, { hash: "a\u0000b" }],
            },
          ],
        },
      ];
      for (const payload of bad) {
        await pi.toPI(payload);
        await sync(pi);
        assert.deepEqual(pi.errors, [], `after ${JSON.stringify(payload).slice(0, 80)}`);
      }
      assert.deepEqual(await groups(pi), [], "nothing readable: no group");

      // Liberal where the meaning is clear: numbers as strings, a null interval (lifetime), an
      // interval OpenRouter adds (shown as written), a missing name, a negative limit (none).
      const odd = {
        state: "ready",
        complete: true,
        extra: { unknown: true },
        workspaces: [
          {
            id: PROD,
            name: "  Production\n ",
            slug: "production",
            budgets: [
              { interval: "monthly", limit: "200", spent: "37.2" },
              { interval: null, limit: 1000, spent: 1 },
              { interval: "quarterly", limit: 600.5, spent: 0 },
              { interval: "monthly", limit: 300, spent: 0 },
            ],
            keys: [
              { hash: CI, limit: "50", reset: "daily", spent: "x", disabled: "no" },
              { hash: CI, name: "duplicate", limit: 1 },
              { hash: CURSOR, name: "Cursor", limit: -3, reset: 5, disabled: 1 },
              { hash: OLD, name: "Weekly", limit: 20, reset: "weekly", spent: 2, disabled: true },
              { hash: PROD_API, name: "Forever", limit: 5, reset: null, spent: 1 },
            ],
          },
        ],
      };
      await pi.budgetChoices(odd, hasGroup, "Production");
      assert.deepEqual(await groups(pi), [{
        group: "Production",
        options: [
          "Production · monthly budget · $200",
          "Production · lifetime budget · $1,000",
          "Production · quarterly budget · $600.50",
          "Unnamed key · $50 daily limit",
          "Cursor · no limit",
          "Weekly · $20 weekly limit · disabled",
          "Forever · $5 total limit",
        ],
      }]);
      assert.equal(await selectedText(pi), "Unnamed key · $50 daily limit");
      assert.match(await pi.page.innerText("#budget-detail"), /^\$50, resets daily\.$/, "spend unknown: the limit and its window");
      await pi.page.selectOption("#budget-select", { label: "Forever · $5 total limit" });
      assert.match(await pi.page.innerText("#budget-detail"), /^\$1 of \$5 spent in all\.$/);
      await pi.page.selectOption("#budget-select", { label: "Production · quarterly budget · $600.50" });
      assert.match(await pi.page.innerText("#budget-detail"), /^\$0 of \$600\.50 spent this window\./);
      assert.deepEqual(settingsMessages(pi).at(-1).payload, { show: "left", theme: "dark", workspace: PROD, interval: "quarterly" });
      assert.deepEqual(pi.errors, []);
    });
  });

  test("names are text, never markup; nothing shaped like a key is shown or stored", async () => {
    await withPI("budget", {}, async (pi) => {
      await pi.page.evaluate(() => { window.__pwned = 0; });
      const html = {
        state: "ready",
        complete: true,
        workspaces: [
          {
            id: PROD,
            name: "<img src=x onerror=\"window.__pwned=1\">Prod",
            budgets: [{ interval: "monthly", limit: 10, spent: 1 }],
            keys: [
              { hash: CI, name: "<b>bold</b> & <script>window.__pwned=2</script>", limit: 5, reset: "daily", spent: 1 },
              { hash: KEY, name: "a key as a hash", limit: 5, reset: "daily" },
              { hash: CURSOR, name: `leaked ${KEY}`, limit: null },
              { hash: OLD, name: `${"long name ".repeat(10)}end`, limit: 3, reset: "monthly" },
            ],
          },
          { id: "<svg onload=alert(1)>", name: "</optgroup><option>x", budgets: [], keys: [{ hash: "<i>h</i>", name: "</select>", limit: 1, reset: "weekly" }] },
        ],
      };
      await pi.budgetChoices(html, () => document.querySelectorAll("#budget-select optgroup").length === 2);
      await pi.page.waitForTimeout(200);
      const found = await pi.page.evaluate(() => ({
        pwned: window.__pwned,
        elements: document.querySelectorAll("#budget-select *:not(option):not(optgroup), #budget-detail img, #budget-detail b, script:not([src])").length,
        groups: [...document.querySelectorAll("#budget-select optgroup")].map((g) => g.label),
        options: [...document.querySelectorAll("#budget-select option")].map((o) => o.textContent),
      }));
      assert.equal(found.pwned, 0, "no handler ran");
      assert.equal(found.elements, 0, "no element made from a name");
      assert.deepEqual(found.groups, ["<img src=x onerror=\"window.__pwned=1\">Prod", "</optgroup><option>x"]);
      assert.deepEqual(found.options, [
        "Pick a limit or budget…",
        "<img src=x onerror=\"window.__pwned=1\">Prod · monthly budget · $10",
        "<b>bold</b> & <script>window.__pwned=2</script> · $5 daily limit",
        "leaked sk-or-… · no limit",
        "long name long name long name long name long na… · $3 monthly limit",
        "</select> · $1 weekly limit",
      ]);
      // Long names are cut to 48 characters, with an ellipsis.
      assert.equal(found.options[4].split(" · ")[0].length, 48);
      // The key is nowhere in the page, and the hash that is not a hash was never pickable.
      assert.equal(await pi.page.evaluate((key) => document.documentElement.outerHTML.includes(key) || document.body.innerText.includes(key), KEY), false);
      const saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#budget-select", { label: "</select> · $1 weekly limit" });
      assert.deepEqual((await saved).payload, { show: "left", theme: "dark", key: "<i>h</i>" });
      assert.deepEqual(pi.errors, []);
    });
  });

  test("10 000 keys: the first 200 are listed, the list says it is partial, the page stays quick and whole", async () => {
    await withPI("budget", { key: hash("k9999") }, async (pi) => {
      const keys = Array.from({ length: 10000 }, (_, i) => ({ hash: hash(`k${i}`), name: `key ${i}`, limit: 10 + i, reset: "monthly", spent: i / 100, disabled: false }));
      keys[9999].hash = hash("k9999");
      const started = Date.now();
      await pi.budgetChoices({ state: "ready", complete: true, workspaces: [{ id: PROD, name: "Production", budgets: [{ interval: "daily", limit: 5, spent: 1 }], keys }] }, hasGroup, "Production");
      const took = Date.now() - started;
      const [group] = await groups(pi);
      assert.equal(group.options.length, 1 + 200 + 1, "the budget, 200 keys, and this tile's own pick");
      assert.equal(group.options.at(-1), "key 9999 · $10,009 monthly limit");
      assert.equal(await selectedText(pi), "key 9999 · $10,009 monthly limit");
      assert.match(await pi.page.innerText("#budget-detail"), /Part of the list: over 200 keys, or a page failed\./);
      console.log(`# 10 000 keys shown in ${took} ms (information, not a limit)`);
      const saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#budget-select", { label: "key 3 · $13 monthly limit" });
      assert.deepEqual((await saved).payload, { show: "left", theme: "dark", key: hash("k3") });
      assert.deepEqual(pi.errors, []);
    });
  });

  test("several accounts: the list is the tile's account's; another account's is ignored", async () => {
    const WORK = "acct-work0001";
    const accounts = [
      { id: "default", label: "Default", last4: "abcd", status: "connected" },
      { id: WORK, label: "Work", last4: "wxyz", status: "connected" },
    ];
    const personal = { ...READY, workspaces: [{ id: null, name: "Default", budgets: [], keys: [{ hash: hash("aa"), name: "Personal key", limit: 5, reset: "daily", spent: 1 }] }] };
    await withPI("budget", { account: WORK }, async (pi) => {
      const multi = { hasKey: true, last4: "wxyz", account: WORK, accounts };
      await pi.keyStatusWith({ ...multi, status: "connected" }, () => !document.getElementById("account-row").hidden);
      // The default account's list, named: not this tile's.
      await pi.budgetChoices({ ...personal, account: "default" });
      await sync(pi, multi);
      assert.deepEqual(await picker(pi), [{ option: "Loading…", disabled: true }]);
      // Work's list, named: shown.
      await pi.budgetChoices({ ...READY, account: WORK }, hasGroup, "Production");
      assert.deepEqual(await groups(pi), GROUPED);
      // Another account's list after it changes nothing.
      await pi.budgetChoices({ ...personal, account: "default" });
      await sync(pi, multi);
      assert.deepEqual(await groups(pi), GROUPED);
      await shot(pi, "budget-account-work");

      // The tile moves to the default account: its list is another list, asked for again.
      const asked = pi.host.next((m) => m.event === "sendToPlugin");
      const saved = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#account-select", "default");
      assert.deepEqual((await saved).payload, { show: "left", theme: "dark" });
      assert.deepEqual((await asked).payload, { event: "budgetChoices" });
      assert.ok(pi.host.messages.indexOf(await saved) < pi.host.messages.indexOf(await asked), "the setting first, then the question");
      assert.deepEqual(await picker(pi), [{ option: "Loading…", disabled: true }]);
      // Work's list arriving late is ignored; the default's (with or without the account named) is shown.
      await pi.budgetChoices({ ...READY, account: WORK });
      await sync(pi, { ...multi, last4: "abcd", account: "default" });
      assert.deepEqual(await picker(pi), [{ option: "Loading…", disabled: true }]);
      await pi.budgetChoices({ ...personal, account: "default" }, hasGroup, "Default");
      assert.deepEqual(await groups(pi), [{ group: "Default", options: ["Personal key · $5 daily limit"] }]);
      // didReceiveSettings naming Work again asks again.
      const again = pi.host.next((m) => m.event === "sendToPlugin");
      await pi.host.send({ action: BUDGET, event: "didReceiveSettings", context: "ctx-budget-1234", device: "DEVICE-1", payload: { settings: { account: WORK } } });
      assert.deepEqual((await again).payload, { event: "budgetChoices" });
      await pi.budgetChoices(personal, hasGroup, "Default"); // no account named: one account's answer, taken
      assert.deepEqual(await groups(pi), [{ group: "Default", options: ["Personal key · $5 daily limit"] }]);
    });
  });

  test("warn at: default 80 (not stored), a whole percent within 1–100, junk refused", async () => {
    await withPI("budget", { key: CI }, async (pi) => {
      await ready(pi);
      assert.equal(await pi.page.inputValue("#warn-at-input"), "80");
      assert.equal(await pi.page.getAttribute("#warn-at-input", "type"), "number");
      const setWarn = async (text) => {
        const saved = pi.host.next((m) => m.event === "setSettings");
        await pi.page.fill("#warn-at-input", text);
        await pi.page.press("#warn-at-input", "Enter");
        return (await saved).payload;
      };
      const unchanged = async (text, shown) => {
        const before = settingsMessages(pi).length;
        await pi.page.fill("#warn-at-input", text);
        await pi.page.press("#warn-at-input", "Enter");
        await pi.page.waitForTimeout(200);
        assert.equal(settingsMessages(pi).length, before, `${JSON.stringify(text)} saved something`);
        assert.equal(await pi.page.inputValue("#warn-at-input"), shown, `after ${JSON.stringify(text)}`);
      };
      assert.deepEqual(await setWarn("90"), { show: "left", warnAt: 90, theme: "dark", key: CI });
      assert.equal(typeof settingsMessages(pi).at(-1).payload.warnAt, "number");
      assert.equal(await pi.page.innerText("#warn-at-hint"), "Warning colours from 90% of the limit ($45 of $50). Default 80%, range 1–100%.");
      assert.deepEqual(await setWarn("150"), { show: "left", warnAt: 100, theme: "dark", key: CI }, "clamped to 100");
      assert.equal(await pi.page.inputValue("#warn-at-input"), "100");
      assert.deepEqual(await setWarn("66.6"), { show: "left", warnAt: 67, theme: "dark", key: CI }, "a whole percent");
      assert.deepEqual(await setWarn("0.4"), { show: "left", warnAt: 1, theme: "dark", key: CI }, "clamped to 1");
      await unchanged("0", "1");
      await unchanged("-20", "1");
      await unchanged("", "1");
      await unchanged("1", "1");
      {
        const before = settingsMessages(pi).length;
        await pi.page.click("#warn-at-input", { clickCount: 3 });
        await pi.page.keyboard.type("1e");
        await pi.page.keyboard.press("Enter");
        await pi.page.waitForTimeout(200);
        assert.equal(settingsMessages(pi).length, before, "unreadable text saved something");
        assert.equal(await pi.page.inputValue("#warn-at-input"), "1");
      }
      // Back to 80: the default is not stored.
      assert.deepEqual(await setWarn("80"), { show: "left", theme: "dark", key: CI });
      // A new list while typing leaves the field alone.
      await pi.page.fill("#warn-at-input", "7");
      await pi.budgetChoices({ ...READY, workspaces: READY.workspaces.slice(1) }, () => !document.querySelectorAll("#budget-select optgroup")[1]);
      assert.equal(await pi.page.inputValue("#warn-at-input"), "7");
      assert.deepEqual(await setWarn("75"), { show: "left", warnAt: 75, theme: "dark", key: CI });
      for (const m of settingsMessages(pi)) {
        if ("warnAt" in m.payload) assert.ok(Number.isInteger(m.payload.warnAt) && m.payload.warnAt >= 1 && m.payload.warnAt <= 100 && m.payload.warnAt !== 80, JSON.stringify(m.payload));
      }
    });
    // Stored: 1–100 as a number or numeric string is shown; anything else is the default.
    for (const [stored, shown] of [[95, "95"], ["85", "85"], ["90%", "90"], [1, "1"], [100, "100"], [42.5, "42.5"], [150, "80"], [0, "80"], [-5, "80"], ["abc", "80"], [null, "80"], [true, "80"]]) {
      await withPI("budget", { warnAt: stored }, async (pi) => {
        assert.equal(await pi.page.inputValue("#warn-at-input"), shown, `stored ${JSON.stringify(stored)}`);
      });
    }
  });
});

test("no page ever asked for global settings (where the key lives)", () => {
  assert.ok(allMessages.length > 20, "the other tests ran first");
  const events = new Set(allMessages.map((m) => m.event));
  assert.equal(events.has("getGlobalSettings"), false);
  assert.equal(events.has("setGlobalSettings"), false);
  for (const e of events) {
    assert.ok(["registerPropertyInspector", "sendToPlugin", "setSettings", "openUrl"].includes(e), `unexpected event ${e}`);
  }
});

test("no message but a connect ever carried a key, and settings never did", () => {
  for (const m of allMessages) {
    const text = JSON.stringify(m);
    if (!/sk-or-v1-/.test(text)) continue;
    assert.equal(m.event, "sendToPlugin", text);
    assert.equal(m.payload.event, "connect", text);
  }
  for (const m of allMessages.filter((m) => m.event === "setSettings")) {
    assert.doesNotMatch(JSON.stringify(m.payload), /sk-or|last4/, JSON.stringify(m));
    // A Budget tile's `key` is the key's hash (an opaque identifier); no other tile has one.
    if ("key" in m.payload) {
      assert.match(m.context, /^PI-budget-/, JSON.stringify(m));
      assert.equal(typeof m.payload.key, "string");
    }
  }
});
