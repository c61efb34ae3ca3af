// A fake Stream Deck for the Property Inspector: a WebSocket server on 127.0.0.1 that records what
// the page sends, and a headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
// that opens the page the way Stream Deck does: file:// URL, then connectElgatoStreamDeckSocket(...).
import { chromium } from "playwright-core";
import { WebSocketServer } from "ws";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const BUNDLE = join(here, "..", "sdplugin", "com.openbalance.openrouter.sdPlugin");
export const PI_URL = pathToFileURL(join(BUNDLE, "ui", "property-inspector.html")).href;
export const SCREENSHOTS = join(here, "screenshots");
export const PLUGIN = "com.openbalance.openrouter";

/** Every tile as the core declares it: ui/tiles.js, written from the core's descriptors (a Rust
 * test holds it equal to them), so no test keeps a list of tiles of its own. */
export function loadTiles(bundle = BUNDLE) {
  const sandbox = {};
  new Function("globalThis", readFileSync(join(bundle, "ui", "tiles.js"), "utf8"))(sandbox);
  return sandbox.OpenBalanceTiles;
}
export const TILES = loadTiles();
/** The manifest's English, the names the inspector's headings must match. */
export const MANIFEST = JSON.parse(readFileSync(join(BUNDLE, "manifest.json"), "utf8"));
// OpenRouter's docs send people here to create a Management key ("Create New Key");
// /settings/keys is the page of ordinary inference keys.
export const KEYS_URL = "https://openrouter.ai/settings/management-keys";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// Every message any page sent, across all tests: the suite checks at the end that none asked for
// global settings.
export const allMessages = [];

/** A headless Chromium; `timezoneId` (e.g. "Asia/Kolkata") stands in for the computer's time zone. */
export async function launchBrowser({ timezoneId } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), "openbalance-pi-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 350, height: 560 },
    deviceScaleFactor: 2,
    offline: false,
    ...(timezoneId ? { timezoneId } : {}),
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Fake Stream Deck host: records parsed messages, can push events, waits for a message. */
export async function startHost() {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => server.once("listening", resolve));
  const messages = [];
  const raw = [];
  const waiters = [];
  let socket = null;
  let socketReady;
  const connected = new Promise((resolve) => (socketReady = resolve));

  server.on("connection", (ws) => {
    socket = ws;
    socketReady(ws);
    ws.on("message", (data) => {
      const text = data.toString();
      raw.push(text);
      let msg;
      try {
        msg = JSON.parse(text);
      } catch {
        msg = { unparsable: text };
      }
      messages.push(msg);
      allMessages.push(msg);
      for (const w of [...waiters]) {
        if (w.pred(msg)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(msg);
        }
      }
    });
  });

  return {
    port: server.address().port,
    messages,
    raw,
    connected,
    /** Resolves with the first message (already received or future) matching pred. */
    waitFor(pred, timeoutMs = 5000) {
      const seen = messages.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
          }
        }, timeoutMs);
      });
    },
    /** Resolves with the next message matching pred that arrives after this call. */
    next(pred = () => true, timeoutMs = 5000) {
      const start = messages.length;
      return this.waitFor((m) => messages.indexOf(m) >= start && pred(m), timeoutMs);
    },
    async send(obj) {
      const ws = await connected;
      ws.send(JSON.stringify(obj));
    },
    async close() {
      for (const c of server.clients) c.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export function actionInfo(tile, settings = {}) {
  return {
    action: `${PLUGIN}.${tile}`,
    context: `ctx-${tile}-1234`,
    device: "DEVICE-1",
    payload: { settings, coordinates: { column: 1, row: 0 } },
  };
}

export const INFO = {
  application: { font: ".AppleSystemUIFont", language: "en", platform: "mac", platformVersion: "14.5", version: "6.8.0.21000" },
  plugin: { uuid: PLUGIN, version: "1.0.0.0" },
  devicePixelRatio: 2,
  colors: { buttonPressedBackgroundColor: "#303030FF", highlightColor: "#0078FFFF" },
  devices: [{ id: "DEVICE-1", name: "Stream Deck", size: { columns: 5, rows: 3 }, type: 0 }],
};

/**
 * Opens the Property Inspector for one tile the way Stream Deck does and waits for registration;
 * `language` is the host's application.language (English when not given).
 * Returns { page, host, uuid, registration }.
 */
export async function openPI(browser, tile, settings = {}, { uuid = `PI-${tile}-${Math.random().toString(36).slice(2, 8)}`, language } = {}) {
  const info = language === undefined ? INFO : { ...INFO, application: { ...INFO.application, language } };
  const host = await startHost();
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(PI_URL);
  await page.evaluate(
    ([port, id, info, act]) => window.connectElgatoStreamDeckSocket(port, id, "registerPropertyInspector", info, act),
    [host.port, uuid, JSON.stringify(info), JSON.stringify(actionInfo(tile, settings))],
  );
  const registration = await host.waitFor((m) => m.event === "registerPropertyInspector");
  return {
    page,
    host,
    uuid,
    registration,
    errors,
    action: `${PLUGIN}.${tile}`,
    /** Plugin → PI keyStatus, then wait for the page to render it. */
    async keyStatus(status, hasKey, last4 = "") {
      await host.send({
        action: `${PLUGIN}.${tile}`,
        event: "sendToPropertyInspector",
        context: uuid,
        payload: { event: "keyStatus", hasKey, last4, status },
      });
      await page.waitForFunction(
        ([s]) => document.getElementById("status-message").getAttribute("data-status") === s,
        [status],
      );
    },
    /**
     * Plugin → PI keyStatus with any fields (account, accounts, …), then waits until `until`
     * (a function run in the page) is true.
     */
    async keyStatusWith(fields, until, arg) {
      await host.send({
        action: `${PLUGIN}.${tile}`,
        event: "sendToPropertyInspector",
        context: uuid,
        payload: { event: "keyStatus", ...fields },
      });
      await page.waitForFunction(until, arg);
    },
    /** Plugin → PI: any sendToPropertyInspector payload (even a malformed one). */
    async toPI(payload) {
      await host.send({ action: `${PLUGIN}.${tile}`, event: "sendToPropertyInspector", context: uuid, payload });
    },
    /**
     * Plugin → PI budgetChoices with these fields, then waits until `until` (a function run in the
     * page) is true, when given.
     */
    async budgetChoices(fields, until, arg) {
      await this.toPI({ event: "budgetChoices", ...fields });
      if (until) await page.waitForFunction(until, arg);
    },
    async close() {
      await page.close();
      await host.close();
    },
  };
}

/** Visible text of the key section (what a person reads). */
export function keySectionText(page) {
  return page.locator("#key-section").innerText();
}
