// Browser tests of the Property Inspector against a fake Stream Deck host.
// Run: scripts/test-pi   (or: node --test pi-tests/  once chromium and node_modules are there)
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, openPI, keySectionText, allMessages, SCREENSHOTS, KEYS_URL, PLUGIN } from "./harness.mjs";

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
  await pi.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), clip: { x: 0, y: 0, width: 350, height }, animations: "disabled" });
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
      // Every link in the page leads to the Management Keys page, none to the inference keys page.
      const hrefs = await pi.page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")));
      assert.ok(hrefs.length >= 2);
      for (const href of hrefs) assert.equal(href, KEYS_URL);
      assert.doesNotMatch(await pi.page.content(), /settings\/keys\b/);
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
      assert.equal(await pi.page.isVisible("#mode-hint"), false, "the runway hint is for runway only");
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
      assert.match(await pi.page.innerText("#threshold-hint"), /Spike above 7\.5×, Critical above 15×/);
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
      assert.match(await pi.page.innerText("#threshold-hint"), /Spike above 5×, Critical above 10×/);

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
      assert.match(await pi.page.innerText("#mode-hint"), /Days your balance lasts at your average daily spend of the last 7 days/);
      // Back to a mode with a period: the period row and the saved period come back.
      const again = pi.host.next((m) => m.event === "setSettings");
      await pi.page.selectOption("#mode-select", "percent");
      assert.deepEqual((await again).payload, { mode: "percent", period: "7d", theme: "dark" });
      assert.equal(await pi.page.isVisible("#period-row"), true);
      assert.equal(await pi.page.isVisible("#mode-hint"), false);
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

  for (const tile of ["monthlyspend", "today"]) {
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
      assert.match(await pi.page.innerText("#today-hint"), /Spend so far in OpenRouter's day, from 00:00 UTC[\s\S]*against your daily average of the last 7 days/);
    });
    for (const tile of ["balance", "topmodels", "monthlyspend", "spikealert"]) {
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
    const names = { balance: "Balance", topmodels: "Top Models", monthlyspend: "Monthly Spend", spikealert: "Spike Alert", today: "Today" };
    for (const [tile, name] of Object.entries(names)) {
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

test("no page ever asked for global settings (where the key lives)", () => {
  assert.ok(allMessages.length > 20, "the other tests ran first");
  const events = new Set(allMessages.map((m) => m.event));
  assert.equal(events.has("getGlobalSettings"), false);
  assert.equal(events.has("setGlobalSettings"), false);
  for (const e of events) {
    assert.ok(["registerPropertyInspector", "sendToPlugin", "setSettings", "openUrl"].includes(e), `unexpected event ${e}`);
  }
});
