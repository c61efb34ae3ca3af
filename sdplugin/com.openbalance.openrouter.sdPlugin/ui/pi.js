/*
 * OpenBalance Property Inspector — plain JS, no framework, works offline.
 *
 * Stream Deck calls connectElgatoStreamDeckSocket(...) once the page has loaded. Messages:
 *   PI → Stream Deck: registerPropertyInspector, setSettings (this tile's settings), sendToPlugin
 *                     ({event:"connect",key} / {event:"disconnect"}), openUrl.
 *   Stream Deck → PI: didReceiveSettings, sendToPropertyInspector ({event:"keyStatus",...}).
 *
 * The Management key lives in the plugin's global settings. This page never asks for them
 * (no getGlobalSettings), and holds a pasted key only for the moment it takes to send it.
 */
(function () {
  "use strict";

  var PLUGIN = "com.openbalance.openrouter";
  // Where OpenRouter's docs send people to create a Management key ("Create New Key").
  var KEYS_URL = "https://openrouter.ai/settings/management-keys";

  var THRESHOLD = { min: 1.5, max: 50, step: 0.5, fallback: 3 };
  // lowBalance is in USD; 0 means off, and an alarm that is off is not stored (absent = off).
  var DEFAULTS = {
    balance: { mode: "remaining", period: "30d", lowBalance: 0, theme: "dark" },
    topmodels: { by: "model", theme: "dark" },
    monthlyspend: { theme: "dark" },
    spikealert: { threshold: THRESHOLD.fallback, theme: "dark" },
    today: { theme: "dark" }
  };
  var TILE_NAMES = {
    balance: "Balance", topmodels: "Top Models", monthlyspend: "Monthly Spend", spikealert: "Spike Alert",
    today: "Today"
  };
  var CHOICES = {
    mode: ["remaining", "used", "percent", "runway"],
    period: ["7d", "30d", "all"],
    by: ["model", "key"],
    theme: ["dark", "light"]
  };
  // Balance modes without a period: the balance now, and how long it lasts.
  var NO_PERIOD = ["remaining", "runway"];

  // What each key status means: a title for the key line and one sentence for the note.
  var STATUS = {
    none: { title: "Not connected", tone: "idle", link: false,
      text: "Paste a Management key: every OpenBalance tile shares it." },
    checking: { title: "Checking…", tone: "busy", link: false,
      text: "Verifying the key with OpenRouter." },
    connected: { title: "Connected", tone: "ok", link: false, text: "" },
    notManagementKey: { title: "Not a Management key", tone: "bad", link: true,
      text: "This is an inference key, which can't read balance or activity: create a " +
        "Management key with Create New Key on the Management Keys page, then Disconnect and " +
        "connect it." },
    rejected: { title: "Key rejected", tone: "bad", link: true,
      text: "OpenRouter refused this key (revoked, expired or mistyped): check it still exists, " +
        "or Disconnect and paste a new one." },
    offline: { title: "Offline", tone: "warn", link: true,
      text: "Can't reach OpenRouter: check your connection, VPN or firewall. The key is kept and " +
        "retried; hold a tile to retry now." },
    error: { title: "OpenRouter error", tone: "warn", link: true,
      text: "OpenRouter is busy or answered unexpectedly. The key is kept and retried " +
        "automatically." }
  };

  var ws = null;
  var piUUID = null;
  var actionUUID = null;
  var tile = null; // "balance" | "topmodels" | "monthlyspend" | "spikealert" | "today" | null
  var settings = {};
  var keyState = { hasKey: false, last4: "", status: "none" };
  var awaitingPlugin = false; // connect sent, no keyStatus back yet

  function $(id) { return document.getElementById(id); }

  // ---------------------------------------------------------------- Stream Deck socket

  function send(message) {
    if (ws && ws.readyState === 1) ws.send(JSON.stringify(message));
  }

  function sendToPlugin(payload) {
    send({ action: actionUUID, event: "sendToPlugin", context: piUUID, payload: payload });
  }

  function saveSettings() {
    var payload = copy(settings);
    if (payload.lowBalance === 0) delete payload.lowBalance; // off: not stored
    send({ event: "setSettings", context: piUUID, payload: payload });
  }

  function openUrl(url) {
    send({ event: "openUrl", payload: { url: url } });
  }

  function parseJson(value) {
    if (value && typeof value === "object") return value;
    try { return JSON.parse(value); } catch (e) { return {}; }
  }

  window.connectElgatoStreamDeckSocket = function (inPort, inUUID, inRegisterEvent, inInfo, inActionInfo) {
    piUUID = inUUID;
    var info = parseJson(inInfo) || {};
    var actionInfo = parseJson(inActionInfo) || {};
    actionUUID = actionInfo.action || null;
    tile = tileOf(actionUUID);

    var platform = info.application && info.application.platform;
    document.documentElement.classList.toggle("win", platform === "windows");
    document.documentElement.classList.toggle("mac", platform === "mac");

    applySettings(actionInfo.payload && actionInfo.payload.settings);
    renderKey();

    if (ws) { ws.onclose = null; ws.close(); }
    ws = new WebSocket("ws://127.0.0.1:" + inPort);
    ws.onopen = function () {
      send({ event: inRegisterEvent, uuid: inUUID });
    };
    ws.onmessage = function (evt) {
      var msg = parseJson(evt.data);
      if (!msg || typeof msg !== "object") return;
      if (msg.event === "didReceiveSettings") {
        applySettings(msg.payload && msg.payload.settings);
      } else if (msg.event === "sendToPropertyInspector") {
        var p = msg.payload || {};
        if (p.event === "keyStatus") onKeyStatus(p);
      }
    };
  };

  function tileOf(uuid) {
    if (typeof uuid !== "string" || uuid.indexOf(PLUGIN + ".") !== 0) return null;
    var name = uuid.slice(PLUGIN.length + 1);
    return Object.prototype.hasOwnProperty.call(DEFAULTS, name) ? name : null;
  }

  // ---------------------------------------------------------------- key

  function onKeyStatus(p) {
    awaitingPlugin = false;
    keyState = {
      hasKey: p.hasKey === true,
      last4: typeof p.last4 === "string" ? p.last4.slice(-4) : "",
      status: Object.prototype.hasOwnProperty.call(STATUS, p.status) ? p.status : (p.hasKey ? "error" : "none")
    };
    renderKey();
  }

  function connect() {
    var input = $("key-input");
    var key = input.value.trim();
    input.value = "";
    if (!key) {
      $("key-invalid").hidden = false;
      input.focus();
      return;
    }
    $("key-invalid").hidden = true;
    sendToPlugin({ event: "connect", key: key });
    key = null; // the plugin has it now; keep nothing here
    awaitingPlugin = true;
    keyState = { hasKey: false, last4: "", status: "checking" };
    renderKey();
  }

  function disconnect() {
    sendToPlugin({ event: "disconnect" });
    awaitingPlugin = false;
    keyState = { hasKey: false, last4: "", status: "none" };
    renderKey();
    $("key-input").focus();
  }

  function renderKey() {
    var s = keyState;
    var meaning = STATUS[s.status] || STATUS.none;
    var entry = $("key-entry");
    var busy = awaitingPlugin && !s.hasKey;

    entry.hidden = s.hasKey;
    $("key-input").disabled = busy;
    $("connect-button").disabled = busy;
    $("connect-button").textContent = busy ? "Checking…" : "Connect";
    if (s.hasKey) $("key-invalid").hidden = true;

    $("key-stored").hidden = !s.hasKey;
    $("key-state").textContent = meaning.title;
    $("key-last4").textContent = s.last4 ? "••••" + s.last4 : "";
    $("key-line").querySelector(".sep").hidden = !s.last4;
    $("key-dot").className = "dot " + meaning.tone;
    $("key-line").setAttribute("data-status", s.status);
    // Long titles put ••••last4 on a second line rather than squeezing past the button.
    $("key-line").classList.toggle("stacked", meaning.title.length > 10);

    // Connected needs no explanation; "none" gets the nudge only until a key has been tried.
    var note = $("status-note");
    note.hidden = s.status === "connected";
    var message = $("status-message");
    message.setAttribute("data-status", s.status);
    message.className = "sdpi-item-value message " + meaning.tone;
    $("status-title").textContent = s.hasKey ? "" : meaning.title;
    $("status-title").hidden = s.hasKey;
    $("status-text").textContent = meaning.text;
    $("status-link").hidden = !meaning.link;
  }

  // ---------------------------------------------------------------- per-tile settings

  function copy(o) { return JSON.parse(JSON.stringify(o)); }

  function clampThreshold(value) {
    var n = typeof value === "number" ? value : parseFloat(String(value).replace(/[x×]\s*$/i, ""));
    if (!isFinite(n) || n <= 0) return null;
    n = Math.round(n / THRESHOLD.step) * THRESHOLD.step;
    return Math.min(THRESHOLD.max, Math.max(THRESHOLD.min, n));
  }

  // A low-balance level in USD, to the cent: 0 (off) or more. Anything else is null.
  function parseLowBalance(value) {
    var n = typeof value === "number" ? value
      : typeof value === "string" && /^\s*\$?\s*\d*\.?\d+\s*$/.test(value) ? parseFloat(value.replace(/[$\s]/g, ""))
      : NaN;
    if (!isFinite(n) || n < 0) return null;
    return Math.round(n * 100) / 100;
  }

  // Settings as stored (possibly partial or malformed) → this tile's full settings object.
  function normalize(raw) {
    var out = copy(DEFAULTS[tile] || {});
    raw = raw && typeof raw === "object" ? raw : {};
    Object.keys(out).forEach(function (name) {
      if (!(name in raw)) return;
      if (name === "threshold") {
        var t = clampThreshold(raw.threshold);
        if (t !== null) out.threshold = t;
      } else if (name === "lowBalance") {
        var low = parseLowBalance(raw.lowBalance);
        if (low !== null) out.lowBalance = low;
      } else if (typeof raw[name] === "string" && CHOICES[name].indexOf(raw[name].toLowerCase()) >= 0) {
        out[name] = raw[name].toLowerCase();
      }
    });
    return out;
  }

  function applySettings(raw) {
    settings = normalize(raw);
    renderSettings();
  }

  function formatTimes(n) {
    return (Math.round(n * 10) / 10).toString() + "×";
  }

  function formatUsd(n) {
    return "$" + n.toLocaleString("en-US", { minimumFractionDigits: n % 1 ? 2 : 0, maximumFractionDigits: 2 });
  }

  // When OpenRouter's day (UTC) starts on this computer's clock, e.g. "05:30 AM", or "" in UTC.
  function utcMidnightHere() {
    var now = new Date();
    var midnight = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    if (midnight.getTimezoneOffset() === 0) return "";
    return midnight.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function renderSettings() {
    var section = $("settings-section");
    section.hidden = !tile;
    if (!tile) return;
    $("settings-heading").textContent = TILE_NAMES[tile];
    var rows = section.querySelectorAll("[data-actions]");
    for (var i = 0; i < rows.length; i++) {
      rows[i].hidden = rows[i].getAttribute("data-actions").split(" ").indexOf(tile) < 0;
    }
    if ("mode" in settings) $("mode-select").value = settings.mode;
    if ("period" in settings) $("period-select").value = settings.period;
    if (tile === "balance") {
      // "Remaining" is the balance now and "runway" how long it lasts: neither has a period.
      $("period-row").hidden = NO_PERIOD.indexOf(settings.mode) >= 0;
      $("mode-hint-row").hidden = settings.mode !== "runway";
    }
    if ("lowBalance" in settings) {
      var low = settings.lowBalance;
      $("low-balance-input").value = low > 0 ? String(low) : "";
      $("low-balance-hint").textContent = low > 0
        ? "Below " + formatUsd(low) + " the tile says Low balance and the key flashes once. Empty or 0: off."
        : "Off. Enter an amount to be warned when your balance falls below it.";
    }
    if ("by" in settings) {
      $("by-select").value = settings.by;
      $("by-hint").textContent = settings.by === "key"
        ? "Your API keys by this month's spend, each by its name."
        : "Your models by 30-day spend.";
    }
    if (tile === "today") {
      var here = utcMidnightHere();
      $("today-hint").textContent = "Spend so far in OpenRouter's day, from 00:00 UTC" +
        (here ? " (" + here + " here)" : "") + ", against your daily average of the last 7 days.";
    }
    if ("theme" in settings) $("theme-select").value = settings.theme;
    if ("threshold" in settings) {
      $("threshold-input").value = String(settings.threshold);
      $("threshold-hint").textContent =
        "Spike above " + formatTimes(settings.threshold) + ", Critical above " +
        formatTimes(settings.threshold * 2) + " your daily average. Default 3×, range 1.5–50×.";
    }
  }

  function onSettingChange(evt) {
    var el = evt.target;
    var name = el.getAttribute("data-setting");
    if (!name || !(name in settings)) return;
    var next;
    if (name === "threshold") {
      next = clampThreshold(el.value);
    } else if (name === "lowBalance") {
      // Empty (or 0) turns the alarm off; text the field can't read, or a negative, is no value.
      next = el.value.trim() === "" && !el.validity.badInput ? 0 : parseLowBalance(el.value);
    } else {
      next = CHOICES[name].indexOf(el.value) >= 0 ? el.value : null;
    }
    // Not a value, or the one already saved: put the saved value back and send nothing.
    if (next === null || next === settings[name]) { renderSettings(); return; }
    settings[name] = next;
    renderSettings();
    saveSettings();
  }

  // ---------------------------------------------------------------- wiring

  document.addEventListener("DOMContentLoaded", function () {
    $("key-entry").addEventListener("submit", function (evt) {
      evt.preventDefault(); // Enter in the field or the Connect button
      connect();
    });
    $("key-input").addEventListener("input", function () { $("key-invalid").hidden = true; });
    $("disconnect-button").addEventListener("click", disconnect);

    var fields = document.querySelectorAll("[data-setting]");
    for (var i = 0; i < fields.length; i++) fields[i].addEventListener("change", onSettingChange);
    ["threshold-input", "low-balance-input"].forEach(function (id) {
      $(id).addEventListener("keydown", function (evt) {
        if (evt.key === "Enter") evt.target.blur();
      });
    });

    // Links open in the system browser: Stream Deck's panel can't navigate away.
    document.addEventListener("click", function (evt) {
      var a = evt.target.closest ? evt.target.closest("a[data-open-url]") : null;
      if (!a) return;
      evt.preventDefault();
      openUrl(a.getAttribute("href") || KEYS_URL);
    });

    renderKey();
    renderSettings();
  });
})();
