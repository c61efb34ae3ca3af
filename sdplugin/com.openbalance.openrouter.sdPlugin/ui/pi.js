/*
 * OpenBalance Property Inspector — plain JS, no framework, works offline.
 *
 * Stream Deck calls connectElgatoStreamDeckSocket(...) once the page has loaded. Messages:
 *   PI → Stream Deck: registerPropertyInspector, setSettings (this tile's settings), sendToPlugin
 *                     ({event:"connect",key} / {event:"disconnect"} / {event:"budgetChoices"}),
 *                     openUrl.
 *   Stream Deck → PI: didReceiveSettings, sendToPropertyInspector ({event:"keyStatus",...},
 *                     {event:"budgetChoices",...} for a Budget tile).
 *
 * The Budget tile's limit is picked from the list the plugin sends (budgetChoices: workspaces,
 * their budgets and their keys' names, limits and spend; never a key, nor a key's label). The
 * page asks for it when it opens ({event:"budgetChoices"}) and the plugin also pushes it. A pick
 * is saved as {key:<hash>} or {workspace:<id>, interval}; see notes/budget-pi-contract.md.
 *
 * Several OpenRouter accounts: a tile's settings may name one ({account:"<id>"}; absent = the
 * default account, id "default"). connect/disconnect then carry that account, a connect with a new
 * id and a label creates the account, a disconnect of a non-default account removes it, and
 * {event:"rename",account,label} renames one. keyStatus describes this tile's account; with two
 * accounts or more it also carries account (the tile's id) and accounts [{id,label,last4,status}].
 * A connect whose key another account already holds is refused: keyStatus then carries
 * alreadyConnected {account,label}, which account it is (the plugin compares; this page never
 * sees a stored key).
 *
 * The Management keys live in the plugin's global settings. This page never asks for them
 * (no getGlobalSettings), and holds a pasted key only for the moment it takes to send it.
 */
(function () {
  "use strict";

  var PLUGIN = "com.openbalance.openrouter";
  // Where OpenRouter's docs send people to create a Management key ("Create New Key").
  var KEYS_URL = "https://openrouter.ai/settings/management-keys";

  // Every tile, its settings and their defaults, as the core declares them (tiles.js, written
  // from the core's descriptors). A default that is off is not stored: lowBalance 0 (no alarm),
  // warnAt 80.
  var TILES = window.OpenBalanceTiles || [];
  var DEFAULTS = {};
  var TILE_NAMES = {};
  var RANGES = {};
  TILES.forEach(function (tile) {
    DEFAULTS[tile.slug] = tile.defaults;
    TILE_NAMES[tile.slug] = tile.name;
    Object.keys(tile.ranges).forEach(function (name) { RANGES[name] = tile.ranges[name]; });
  });
  function numberSetting(name, step) {
    var range = RANGES[name] || [];
    var fallback;
    TILES.forEach(function (tile) { if (name in tile.defaults) fallback = tile.defaults[name]; });
    return { min: range[0], max: range[1], step: step, fallback: fallback };
  }
  // Spike Alert: the ratio over a usual hour that is a spike, in halves.
  var THRESHOLD = numberSetting("threshold", 0.5);
  // Budget: warning colours from this percent of the limit.
  var WARN_AT = numberSetting("warnAt", 1);
  // The page's language: Stream Deck's code, from the launch info (i18n.js holds every word).
  var I18N = window.OpenBalanceI18n;
  var lang = "en";
  function t(key, params) { return I18N.t(lang, key, params); }

  var CHOICES = {
    mode: ["remaining", "used", "percent", "runway"],
    period: ["7d", "30d", "all"],
    by: ["model", "key"],
    show: ["left", "spent"],
    theme: ["dark", "light"]
  };
  // What each Balance mode shows, in the words the keys use (README's glossary).
  var MODE_HINTS = { used: "modeHintUsed", percent: "modeHintPercent", runway: "modeHintRunway" };
  // Balance modes without a period: the balance now, and how long it lasts.
  var NO_PERIOD = ["remaining", "runway"];

  // What each key status means: a title for the key line and one sentence for the note, in
  // i18n.js as status<Key>Title and status<Key>Text (<Key>TextAccount for an account's own key).
  var STATUS = {
    none: { key: "None", tone: "idle", link: false },
    checking: { key: "Checking", tone: "busy", link: false },
    connected: { key: "Connected", tone: "ok", link: false },
    notManagementKey: { key: "NotManagementKey", tone: "bad", link: true },
    rejected: { key: "Rejected", tone: "bad", link: true },
    offline: { key: "Offline", tone: "warn", link: true },
    error: { key: "Error", tone: "warn", link: true }
  };

  // A status's words in the page's language, or null for a status this page does not know.
  function meaningOf(status) {
    if (!Object.prototype.hasOwnProperty.call(STATUS, status)) return null;
    var m = STATUS[status];
    return {
      tone: m.tone, link: m.link, title: t("status" + m.key + "Title"),
      text: status === "connected" ? "" : t("status" + m.key + "Text")
    };
  }

  var DEFAULT_ACCOUNT = "default";
  var ACCOUNT_ID = /^[A-Za-z0-9_-]{1,40}$/;
  var LABEL_MAX = 10; // what a 72-pixel key shows on two lines (tests/legibility.rs)
  var ACCOUNTS_MAX = 16; // the most one deck keeps (the plugin refuses more)

  var ws = null;
  var piUUID = null;
  var actionUUID = null;
  var tile = null; // "balance" | "topmodels" | "monthlyspend" | "spikealert" | "today" | "budget" | null
  var settings = {};
  var keyState = { hasKey: false, last4: "", status: "none" };
  var awaitingPlugin = false; // connect sent, no keyStatus back yet
  // Accounts: null while the plugin speaks of one account only (the default); else the list it sent,
  // updated here as soon as this page adds, removes or renames one.
  var accounts = null;
  var missing = false; // this tile's account no longer exists
  var pending = null; // an account added here that the plugin has not listed yet
  var confirming = null; // {id, where: "key" | "list"}: the account whose removal awaits a yes
  var renaming = false;
  var adding = false;
  var duplicate = null; // {account, label}: the key sent last is already this account's

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
    if (payload.warnAt === WARN_AT.fallback) delete payload.warnAt; // the default: not stored
    send({ event: "setSettings", context: piUUID, payload: payload });
  }

  function openUrl(url) {
    send({ event: "openUrl", payload: { url: url } });
  }

  function parseJson(value) {
    if (value && typeof value === "object") return value;
    try { return JSON.parse(value); } catch (e) { return {}; }
  }

  // The page's fixed words in its language: data-i18n (text), data-i18n-rich (text with **bold**,
  // __italic__ and `code`, built as elements), data-i18n-placeholder and data-i18n-aria-label.
  function translatePage() {
    document.documentElement.lang = t("lang");
    each("[data-i18n]", function (el) { el.textContent = t(el.getAttribute("data-i18n")); });
    each("[data-i18n-rich]", function (el) { rich(el, t(el.getAttribute("data-i18n-rich"))); });
    each("[data-i18n-placeholder]", function (el) { el.placeholder = t(el.getAttribute("data-i18n-placeholder")); });
    each("[data-i18n-aria-label]", function (el) {
      el.setAttribute("aria-label", t(el.getAttribute("data-i18n-aria-label")));
    });
  }

  function each(selector, fn) {
    var list = document.querySelectorAll(selector);
    for (var i = 0; i < list.length; i++) fn(list[i]);
  }

  function rich(el, text) {
    el.textContent = "";
    var parts = text.split(/(\*\*[^*]+\*\*|__[^_]+__|`[^`]+`)/);
    parts.forEach(function (part) {
      if (!part) return;
      var tag = part.slice(0, 2) === "**" ? "b" : part.slice(0, 2) === "__" ? "i" : part[0] === "`" ? "code" : null;
      if (!tag) { el.appendChild(document.createTextNode(part)); return; }
      var inner = document.createElement(tag);
      inner.textContent = tag === "code" ? part.slice(1, -1) : part.slice(2, -2);
      el.appendChild(inner);
    });
  }

  window.connectElgatoStreamDeckSocket = function (inPort, inUUID, inRegisterEvent, inInfo, inActionInfo) {
    piUUID = inUUID;
    var info = parseJson(inInfo) || {};
    var actionInfo = parseJson(inActionInfo) || {};
    actionUUID = actionInfo.action || null;
    tile = tileOf(actionUUID);

    lang = I18N.parseLang(info.application && info.application.language);
    translatePage();

    var platform = info.application && info.application.platform;
    document.documentElement.classList.toggle("win", platform === "windows");
    document.documentElement.classList.toggle("mac", platform === "mac");

    if (ws) { ws.onclose = null; ws.close(); }
    budget = null; // a list heard on an earlier connection was another tile's
    applySettings(actionInfo.payload && actionInfo.payload.settings);
    renderKey();

    ws = new WebSocket("ws://127.0.0.1:" + inPort);
    ws.onopen = function () {
      send({ event: inRegisterEvent, uuid: inUUID });
      askBudgetChoices();
    };
    ws.onmessage = function (evt) {
      var msg = parseJson(evt.data);
      if (!msg || typeof msg !== "object") return;
      if (msg.event === "didReceiveSettings") {
        applySettings(msg.payload && msg.payload.settings);
      } else if (msg.event === "sendToPropertyInspector") {
        var p = msg.payload || {};
        if (p.event === "keyStatus") onKeyStatus(p);
        else if (p.event === "budgetChoices") onBudgetChoices(p);
      }
    };
  };

  function tileOf(uuid) {
    if (typeof uuid !== "string" || uuid.indexOf(PLUGIN + ".") !== 0) return null;
    var name = uuid.slice(PLUGIN.length + 1);
    return Object.prototype.hasOwnProperty.call(DEFAULTS, name) ? name : null;
  }

  // ---------------------------------------------------------------- key

  function knownStatus(status, hasKey) {
    return Object.prototype.hasOwnProperty.call(STATUS, status) ? status : (hasKey ? "error" : "none");
  }

  function onKeyStatus(p) {
    awaitingPlugin = false;
    var top = {
      hasKey: p.hasKey === true,
      last4: typeof p.last4 === "string" ? p.last4.slice(-4) : "",
      status: knownStatus(p.status, p.hasKey === true)
    };
    var about = typeof p.account === "string" ? p.account : null; // the account the plugin means
    var list = readAccounts(p.accounts);
    duplicate = readOwner(p.alreadyConnected);
    if (duplicate && pending) {
      // The plugin did not add it: the tile goes back to the account it showed before.
      var back = pending.previous;
      pending = null;
      if (back && back !== DEFAULT_ACCOUNT) settings.account = back; else delete settings.account;
      saveSettings();
      if (list) showListedAccount();
    }
    if (pending) {
      if ((list && findIn(list, pending.id)) || about === pending.id) {
        pending = null;
      } else {
        // Sent before the plugin saw the new account: keep showing it until it does.
        if (!list) list = [{ id: DEFAULT_ACCOUNT, label: t("defaultAccount"), last4: top.last4, status: top.status }];
        list.push(copy(pending));
      }
    }
    accounts = list;
    if (confirming && !findAccount(confirming.id)) confirming = null;

    if (about === null || about === tileAccount()) {
      keyState = top;
      // The plugin answers for this tile's account and does not list it: it is gone.
      missing = about !== null && about !== DEFAULT_ACCOUNT && !findAccount(about);
    } else {
      // About another account (sent before the plugin saw this tile's new one): the list tells.
      showListedAccount();
    }
    if (missing) keyState = { hasKey: false, last4: "", status: "none" };
    renderKey();
  }

  // alreadyConnected, cleaned: {account, label}, or null.
  function readOwner(raw) {
    if (!raw || typeof raw !== "object" || typeof raw.account !== "string") return null;
    if (!(raw.account === DEFAULT_ACCOUNT || ACCOUNT_ID.test(raw.account))) return null;
    var label = typeof raw.label === "string" ? cleanLabel(raw.label) : "";
    return { account: raw.account, label: label || (raw.account === DEFAULT_ACCOUNT ? t("defaultAccount") : raw.account) };
  }

  // The plugin's accounts list, cleaned: null unless it names two accounts or more.
  function readAccounts(raw) {
    if (!raw || typeof raw.length !== "number") return null;
    var out = [];
    for (var i = 0; i < raw.length; i++) {
      var a = raw[i];
      if (!a || typeof a !== "object" || typeof a.id !== "string") continue;
      if (!(a.id === DEFAULT_ACCOUNT || ACCOUNT_ID.test(a.id)) || findIn(out, a.id)) continue;
      var last4 = typeof a.last4 === "string" ? a.last4.slice(-4) : "";
      var label = typeof a.label === "string" ? cleanLabel(a.label) : "";
      // hasKey: a key is stored (a key still being checked has last4 but no hasKey); older
      // plugins did not send it, and then last4 is the best guess.
      var hasKey = typeof a.hasKey === "boolean" ? a.hasKey : last4 !== "";
      out.push({
        id: a.id,
        label: label || (a.id === DEFAULT_ACCOUNT ? t("defaultAccount") : a.id),
        last4: last4,
        hasKey: hasKey,
        status: knownStatus(a.status, hasKey)
      });
    }
    return out.length >= 2 ? out : null;
  }

  function findIn(list, id) {
    for (var i = 0; list && i < list.length; i++) if (list[i].id === id) return list[i];
    return null;
  }
  function findAccount(id) { return findIn(accounts, id); }

  function tileAccount() { return settings.account || DEFAULT_ACCOUNT; }
  function onDefault() { return tileAccount() === DEFAULT_ACCOUNT; }
  function multi() { return !!accounts && accounts.length >= 2; }

  // This tile's key line from the accounts list (after picking an account, or a keyStatus about
  // another one); an account the list lacks is missing.
  function showListedAccount() {
    var entry = findAccount(tileAccount());
    if (entry) {
      keyState = { hasKey: entry.hasKey, last4: entry.last4, status: entry.status };
      missing = false;
    } else if (accounts || !onDefault()) {
      keyState = { hasKey: false, last4: "", status: "none" };
      missing = true;
    }
  }

  // Updates this page's copy of one account (the plugin's next keyStatus has the last word).
  function setListed(id, fields) {
    var entry = findAccount(id);
    if (!entry) return;
    Object.keys(fields).forEach(function (k) { entry[k] = fields[k]; });
  }

  // Trimmed, inner runs of spaces as one, no control characters.
  function cleanLabel(raw) {
    return String(raw).replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim();
  }

  function labelLength(label) {
    return label.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, "_").length;
  }

  // A new account's (or a new) name: {label} or {error}.
  function checkLabel(raw, exceptId) {
    var label = cleanLabel(raw);
    if (!label) return { error: t("labelEmpty") };
    if (labelLength(label) > LABEL_MAX) return { error: t("labelTooLong", { max: LABEL_MAX }) };
    var taken = accounts || [{ id: DEFAULT_ACCOUNT, label: t("defaultAccount") }];
    for (var i = 0; i < taken.length; i++) {
      if (taken[i].id !== exceptId && taken[i].label.toLowerCase() === label.toLowerCase()) {
        return { error: t("labelTaken", { label: taken[i].label }) };
      }
    }
    return { label: label };
  }

  // "acct-" and 8 random base36 characters, not already taken.
  function newAccountId() {
    var chars = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (;;) {
      var bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      var id = "acct-";
      for (var i = 0; i < bytes.length && id.length < 13; i++) {
        if (bytes[i] < 252) id += chars.charAt(bytes[i] % 36); // 252 = 7 × 36: no bias
      }
      if (id.length === 13 && !findAccount(id)) return id;
    }
  }

  function withAccount(payload) {
    if (!onDefault()) payload.account = tileAccount();
    return payload;
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
    duplicate = null;
    sendToPlugin(withAccount({ event: "connect", key: key }));
    key = null; // the plugin has it now; keep nothing here
    awaitingPlugin = true;
    keyState = { hasKey: false, last4: "", status: "checking" };
    setListed(tileAccount(), { last4: "", status: "checking" });
    renderKey();
  }

  function disconnect() {
    if (!onDefault()) { askRemove(tileAccount(), "key"); return; }
    sendToPlugin({ event: "disconnect" });
    awaitingPlugin = false;
    keyState = { hasKey: false, last4: "", status: "none" };
    setListed(DEFAULT_ACCOUNT, { last4: "", status: "none" });
    renderKey();
    $("key-input").focus();
  }

  // ---------------------------------------------------------------- accounts

  function askRemove(id, where) {
    confirming = { id: id, where: where };
    renderKey();
    var no = document.querySelector(".confirm [data-confirm='no']");
    if (no) no.focus();
  }

  function cancelRemove() {
    if (!confirming) return;
    var c = confirming;
    confirming = null;
    renderKey();
    var back = c.where === "key" ? $("disconnect-button")
      : document.querySelector("#account-list [data-remove='" + c.id + "']");
    if (back && !back.closest("[hidden]")) back.focus();
  }

  function removeAccount(id) {
    if (!id || id === DEFAULT_ACCOUNT) return;
    confirming = null;
    sendToPlugin({ event: "disconnect", account: id });
    if (accounts) accounts = accounts.filter(function (a) { return a.id !== id; });
    if (pending && pending.id === id) pending = null;
    if (id === tileAccount()) {
      awaitingPlugin = false;
      missing = true;
      keyState = { hasKey: false, last4: "", status: "none" };
    }
    renderKey();
    var next = !$("account-row").hidden ? $("account-select") : $("add-account-toggle");
    if (!next.closest("[hidden]")) next.focus();
  }

  function pickAccount() {
    var id = $("account-select").value;
    if (!(id === DEFAULT_ACCOUNT || findAccount(id)) || id === tileAccount()) { renderKey(); return; }
    if (id === DEFAULT_ACCOUNT) delete settings.account; else settings.account = id;
    saveSettings();
    budgetAccountChanged();
    awaitingPlugin = false;
    confirming = null;
    if (accounts) showListedAccount();
    else { missing = false; keyState = { hasKey: false, last4: "", status: "none" }; }
    renderKey();
  }

  function openAdd() {
    adding = true;
    renderKey();
    $("add-label").focus();
  }

  function closeAdd(refocus) {
    adding = false;
    $("add-label").value = "";
    $("add-key").value = "";
    $("add-label-invalid").hidden = true;
    $("add-key-invalid").hidden = true;
    renderKey();
    if (refocus) $("add-account-toggle").focus();
  }

  function addAccount() {
    var labelInput = $("add-label");
    var keyInput = $("add-key");
    var checked = checkLabel(labelInput.value, null);
    var key = keyInput.value.trim();
    $("add-label-invalid-text").textContent = checked.error || "";
    $("add-label-invalid").hidden = !checked.error;
    $("add-key-invalid").hidden = !!key;
    if (checked.error || !key) {
      if (!key) keyInput.value = "";
      (checked.error ? labelInput : keyInput).focus();
      key = null;
      return;
    }
    keyInput.value = "";
    var id = newAccountId();
    sendToPlugin({ event: "connect", account: id, label: checked.label, key: key });
    key = null; // the plugin has it now; keep nothing here

    if (!accounts) {
      accounts = [onDefault() && !missing
        ? { id: DEFAULT_ACCOUNT, label: t("defaultAccount"), last4: keyState.last4, status: keyState.status }
        : { id: DEFAULT_ACCOUNT, label: t("defaultAccount"), last4: "", status: "" }];
    }
    pending = { id: id, label: checked.label, last4: "", status: "checking" };
    accounts.push(copy(pending));
    pending.previous = tileAccount();
    duplicate = null;
    settings.account = id;
    saveSettings();
    budgetAccountChanged();
    awaitingPlugin = true;
    missing = false;
    confirming = null;
    keyState = { hasKey: false, last4: "", status: "checking" };
    closeAdd(false);
    $("account-select").focus();
  }

  function startRename() {
    var entry = findAccount(tileAccount());
    if (!entry) return;
    renaming = true;
    $("rename-input").value = entry.label;
    renderKey();
    $("rename-input").focus();
    $("rename-input").select();
  }

  function stopRename() {
    renaming = false;
    $("rename-invalid").hidden = true;
    renderKey();
    $("rename-button").focus();
  }

  function rename() {
    var id = tileAccount();
    var entry = findAccount(id);
    if (!entry) { stopRename(); return; }
    var checked = checkLabel($("rename-input").value, id);
    if (checked.error) {
      $("rename-invalid-text").textContent = checked.error;
      $("rename-invalid").hidden = false;
      $("rename-input").focus();
      return;
    }
    if (checked.label !== entry.label) {
      sendToPlugin({ event: "rename", account: id, label: checked.label });
      entry.label = checked.label;
      if (pending && pending.id === id) pending.label = checked.label;
    }
    stopRename();
  }

  function statusWords(status) {
    var meaning = meaningOf(status);
    return meaning ? meaning.title : "";
  }

  function optionText(a) {
    return a.label + (a.last4 ? " · ••••" + a.last4 : a.status ? " · " + (a.status === "none" ? t("noKey") : statusWords(a.status)) : "");
  }

  // A yes/no in the page (no dialog) before an account and its key are removed.
  function confirmBox(entry) {
    var box = document.createElement("div");
    box.className = "sdpi-item note confirm-row";
    var pad = document.createElement("div");
    pad.className = "sdpi-item-label empty";
    var body = document.createElement("div");
    body.className = "sdpi-item-value message confirm";
    body.setAttribute("role", "group");
    body.id = "remove-confirm";
    body.setAttribute("aria-labelledby", "remove-confirm-text");
    var text = document.createElement("div");
    text.id = "remove-confirm-text";
    var strong = document.createElement("strong");
    strong.textContent = t("removeQuestion", { label: entry.label });
    text.appendChild(strong);
    text.appendChild(document.createTextNode(" " + t("removeConsequence")));
    var buttons = document.createElement("div");
    buttons.className = "confirm-buttons";
    var no = document.createElement("button");
    no.type = "button";
    no.textContent = t("cancel");
    no.setAttribute("data-confirm", "no");
    var yes = document.createElement("button");
    yes.type = "button";
    yes.className = "danger";
    yes.textContent = t("remove");
    yes.setAttribute("data-confirm", "yes");
    yes.setAttribute("data-account", entry.id);
    buttons.appendChild(no);
    buttons.appendChild(yes);
    body.appendChild(text);
    body.appendChild(buttons);
    box.appendChild(pad);
    box.appendChild(body);
    return box;
  }

  function renderAccounts() {
    var many = multi();
    var current = tileAccount();

    // The picker: with two accounts or more, or when this tile's account is gone.
    var picking = many || missing;
    $("account-row").hidden = !picking;
    if (!picking) renaming = false;
    $("account-pick").hidden = renaming;
    $("rename-form").hidden = !renaming;
    if (!renaming) $("rename-invalid").hidden = true;
    $("rename-button").hidden = missing || !findAccount(current);
    $("account-missing").hidden = !missing;
    var choices = accounts || [{ id: DEFAULT_ACCOUNT, label: t("defaultAccount"), last4: "", status: "" }];
    var select = $("account-select");
    var options = [];
    if (missing) options.push({ value: current, text: t("removedAccountOption"), disabled: true });
    choices.forEach(function (a) { options.push({ value: a.id, text: optionText(a) }); });
    var signature = JSON.stringify(options);
    if (select.getAttribute("data-options") !== signature) {
      select.textContent = "";
      options.forEach(function (o) {
        var opt = document.createElement("option");
        opt.value = o.value;
        opt.textContent = o.text;
        opt.disabled = !!o.disabled;
        select.appendChild(opt);
      });
      select.setAttribute("data-options", signature);
    }
    select.value = current;
    select.classList.toggle("missing", missing);

    // The list of every account.
    var list = $("account-list");
    var focused = document.activeElement && list.contains(document.activeElement)
      ? document.activeElement.getAttribute("data-remove") || document.activeElement.getAttribute("data-confirm") : null;
    list.textContent = "";
    list.hidden = !many;
    (many ? accounts : []).forEach(function (a) {
      var li = document.createElement("li");
      li.className = "sdpi-item account" + (a.id === current ? " current" : "");
      li.setAttribute("data-account", a.id);
      if (a.id === current) li.setAttribute("aria-current", "true");
      var name = document.createElement("div");
      name.className = "sdpi-item-label account-name";
      name.textContent = a.label;
      name.title = a.label;
      var value = document.createElement("div");
      value.className = "sdpi-item-value inline";
      var meaning = meaningOf(a.status);
      var line = document.createElement("span");
      line.className = "key-line" + (meaning && meaning.title.length > 10 ? " stacked" : "");
      line.setAttribute("data-status", a.status || "unknown");
      var dot = document.createElement("span");
      dot.className = "dot " + (meaning ? meaning.tone : "idle");
      dot.setAttribute("aria-hidden", "true");
      var state = document.createElement("span");
      state.className = "state";
      state.textContent = meaning ? meaning.title : "";
      line.appendChild(dot);
      line.appendChild(state);
      if (a.last4) {
        var sep = document.createElement("span");
        sep.className = "sep";
        sep.setAttribute("aria-hidden", "true");
        sep.textContent = " · ";
        var last4 = document.createElement("span");
        last4.className = "last4";
        last4.textContent = "••••" + a.last4;
        line.appendChild(sep);
        line.appendChild(last4);
      }
      value.appendChild(line);
      // One Remove per account: this tile's own has "Remove account" on its key line above.
      var ownShown = a.id === current && !$("key-stored").hidden;
      if (a.id !== DEFAULT_ACCOUNT && !ownShown) {
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "remove";
        remove.textContent = t("remove");
        remove.setAttribute("data-remove", a.id);
        remove.setAttribute("aria-label", t("removeAria", { label: a.label }));
        remove.setAttribute("aria-expanded", String(!!(confirming && confirming.where === "list" && confirming.id === a.id)));
        value.appendChild(remove);
      }
      li.appendChild(name);
      li.appendChild(value);
      list.appendChild(li);
      if (confirming && confirming.where === "list" && confirming.id === a.id) {
        var row = confirmBox(a);
        var item = document.createElement("li");
        item.className = "confirm-item";
        item.appendChild(row);
        list.appendChild(item);
      }
    });
    if (focused) {
      var again = list.querySelector("[data-remove='" + focused + "'], [data-confirm='" + focused + "']");
      if (again) again.focus();
    }

    // The key section's own "Remove account?".
    var slot = $("key-confirm-slot");
    var keyConfirm = confirming && confirming.where === "key" && findAccount(confirming.id);
    var hadFocus = document.activeElement && slot.contains(document.activeElement)
      ? document.activeElement.getAttribute("data-confirm") : null;
    slot.textContent = "";
    if (keyConfirm && !missing) slot.appendChild(confirmBox(keyConfirm));
    if (hadFocus) {
      var back = slot.querySelector("[data-confirm='" + hadFocus + "']");
      if (back) back.focus();
    }

    // Adding one: once the first account (the one above) is connected.
    var section = $("accounts-section");
    section.hidden = !(many || missing || adding || (keyState.hasKey && keyState.status === "connected"));
    $("accounts-heading").hidden = adding && !many; // the form has its own heading
    var full = many && accounts.length >= ACCOUNTS_MAX;
    $("add-toggle-row").hidden = adding || full;
    $("add-hint-row").hidden = adding || ((many || missing) && !full);
    $("add-hint").textContent = full
      ? t("addHintFull", { max: ACCOUNTS_MAX })
      : t("addHint");
    $("add-account-toggle").setAttribute("aria-expanded", String(adding));
    $("add-account").hidden = !adding;
    $("add-account-toggle").textContent = many ? t("addAnother") : t("addAccount");
  }

  function renderKey() {
    var s = keyState;
    var meaning = meaningOf(s.status) || meaningOf("none");
    var entry = $("key-entry");
    var busy = awaitingPlugin && !s.hasKey;
    var many = multi();

    // A non-default account has no Disconnect; when its stored key is refused, a new one replaces it.
    var remove = !onDefault();
    var replace = remove && s.hasKey && (s.status === "rejected" || s.status === "notManagementKey");
    entry.hidden = (s.hasKey && !replace) || missing;
    $("key-input-label").textContent = replace ? t("newKey") : t("key");
    $("key-input").disabled = busy;
    $("connect-button").disabled = busy;
    $("connect-button").textContent = busy ? t("connectBusy") : t("connect");
    if (s.hasKey && !replace) $("key-invalid").hidden = true;

    $("key-stored").hidden = !s.hasKey || missing;
    $("disconnect-button").textContent = remove ? t("removeAccount") : t("disconnect");
    $("disconnect-button").setAttribute("aria-expanded", String(!!(confirming && confirming.where === "key")));
    $("key-state").textContent = meaning.title;
    $("key-last4").textContent = s.last4 ? "••••" + s.last4 : "";
    $("key-line").querySelector(".sep").hidden = !s.last4;
    $("key-dot").className = "dot " + meaning.tone;
    $("key-line").setAttribute("data-status", s.status);
    // Long titles put ••••last4 on a second line rather than squeezing past the button.
    $("key-line").classList.toggle("stacked", meaning.title.length > 10 || (remove && !!s.last4));

    // Connected needs no explanation; "none" gets the nudge only until a key has been tried.
    var note = $("status-note");
    note.hidden = s.status === "connected" || missing;
    var message = $("status-message");
    message.setAttribute("data-status", s.status);
    message.className = "sdpi-item-value message " + meaning.tone;
    $("status-title").textContent = s.hasKey ? "" : meaning.title;
    $("status-title").hidden = s.hasKey;
    $("status-text").textContent = statusText(s.status, many, remove);
    $("status-link").hidden = !meaning.link;
    $("help-shared").textContent = many || remove ? t("helpSharedAccount") : t("helpShared");

    // A key another account already holds: which one, and what to do.
    $("duplicate-note").hidden = !duplicate;
    if (duplicate) {
      var mine = duplicate.account === tileAccount();
      $("duplicate-title").textContent = t("duplicateTitle", { label: duplicate.label });
      $("duplicate-text").textContent = mine
        ? t("duplicateMine")
        : t("duplicateOther", { label: duplicate.label });
    }

    renderAccounts();
  }

  // The status sentence, for this tile's account when there are several.
  // A non-default account has no Disconnect: a refused key is replaced in the field above the note.
  function statusText(status, many, nonDefault) {
    if (status === "none" && (many || nonDefault)) return t("statusNoneTextAccount");
    var meaning = meaningOf(status) || meaningOf("none");
    if (nonDefault && (status === "notManagementKey" || status === "rejected")) {
      return t("status" + STATUS[status].key + "TextAccount");
    }
    return meaning.text;
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
      } else if (name === "warnAt") {
        // Stored: a percent within 1–100, else the default (as the plugin reads it).
        var warn = parsePercent(raw.warnAt);
        if (warn !== null && warn >= WARN_AT.min && warn <= WARN_AT.max) out.warnAt = warn;
      } else if (typeof raw[name] === "string" && CHOICES[name].indexOf(raw[name].toLowerCase()) >= 0) {
        out[name] = raw[name].toLowerCase();
      }
    });
    // Which account this tile shows: absent = the default account.
    if (typeof raw.account === "string" && ACCOUNT_ID.test(raw.account) && raw.account !== DEFAULT_ACCOUNT) {
      out.account = raw.account;
    }
    if (tile === "budget") readPick(raw, out);
    return out;
  }

  function applySettings(raw) {
    var before = tileAccount();
    settings = normalize(raw);
    if (tileAccount() !== before) budgetAccountChanged();
    renderSettings();
    // Another account for this tile (set elsewhere): show what the list knows until keyStatus comes.
    if (tileAccount() !== before && (accounts || missing)) {
      confirming = null;
      renaming = false;
      awaitingPlugin = false;
      showListedAccount();
      renderKey();
    }
  }

  // Numbers as the keys write them (core/src/catalogue/numbers.rs): a decimal comma and the
  // dollar after the amount in German, French and Spanish; "$" and a point elsewhere.
  function decimalComma() { return lang === "de" || lang === "fr" || lang === "es"; }

  function digits(n, decimals) {
    var fixed = n.toFixed(decimals).split(".");
    var whole = fixed[0];
    var group = lang === "fr" ? "\u202f" : decimalComma() ? "." : ",";
    // Spanish groups only from five digits (CLDR's minimum grouping): 1234, 12.345.
    if (!(lang === "es" && whole.replace("-", "").length < 5)) {
      whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
    }
    return fixed.length > 1 ? whole + (decimalComma() ? "," : ".") + fixed[1] : whole;
  }

  function formatTimes(n) {
    var rounded = Math.round(n * 10) / 10;
    return digits(rounded, rounded % 1 ? 1 : 0) + "×";
  }

  function formatUsd(n) {
    var number = digits(n, n % 1 ? 2 : 0);
    return decimalComma() ? number + "\u00a0$" : "$" + number;
  }

  function formatPercent(n) {
    return decimalComma() ? digits(n, 0) + "\u00a0%" : digits(n, 0) + "%";
  }

  // When OpenRouter's day (UTC) starts on this computer's clock, e.g. "05:30 AM", or "" in UTC.
  function utcMidnightHere() {
    var now = new Date();
    var midnight = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    if (midnight.getTimezoneOffset() === 0) return "";
    return midnight.toLocaleTimeString(t("lang"), { hour: "2-digit", minute: "2-digit" });
  }

  function renderSettings() {
    var section = $("settings-section");
    section.hidden = !tile;
    if (!tile) return;
    $("settings-heading").textContent = t(TILE_NAMES[tile]);
    var rows = section.querySelectorAll("[data-actions]");
    for (var i = 0; i < rows.length; i++) {
      rows[i].hidden = rows[i].getAttribute("data-actions").split(" ").indexOf(tile) < 0;
    }
    if ("mode" in settings) $("mode-select").value = settings.mode;
    if ("period" in settings) $("period-select").value = settings.period;
    if (tile === "balance") {
      // "Remaining" is the balance now and "runway" how long it lasts: neither has a period.
      $("period-row").hidden = NO_PERIOD.indexOf(settings.mode) >= 0;
      var hint = MODE_HINTS[settings.mode] ? t(MODE_HINTS[settings.mode]) : "";
      $("mode-hint").textContent = hint;
      $("mode-hint-row").hidden = !hint;
    }
    if ("lowBalance" in settings) {
      var low = settings.lowBalance;
      $("low-balance-input").value = low > 0 ? String(low) : "";
      $("low-balance-hint").textContent = low > 0
        ? t("lowBalanceOn", { amount: formatUsd(low) })
        : t("lowBalanceOff");
    }
    if ("by" in settings) {
      $("by-select").value = settings.by;
      $("by-hint").textContent = settings.by === "key"
        ? t("byHintKey")
        : t("byHintModel");
    }
    if (tile === "today") {
      var here = utcMidnightHere();
      $("today-hint").textContent = t("todayHint", { here: here ? t("todayHere", { time: here }) : "" });
    }
    if (tile === "budget") renderBudget();
    if ("theme" in settings) $("theme-select").value = settings.theme;
    if ("threshold" in settings) {
      $("threshold-input").value = String(settings.threshold);
      $("threshold-hint").textContent = t("thresholdHint", {
        spike: formatTimes(settings.threshold), critical: formatTimes(settings.threshold * 2)
      });
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
    } else if (name === "warnAt") {
      next = clampWarnAt(el.value);
    } else {
      next = CHOICES[name].indexOf(el.value) >= 0 ? el.value : null;
    }
    // Not a value, or the one already saved: put the saved value back and send nothing.
    if (next === null || next === settings[name]) { renderSettings(); return; }
    settings[name] = next;
    renderSettings();
    saveSettings();
  }

  // ---------------------------------------------------------------- budget: the limit this tile follows

  var BUDGET_STATES = ["ready", "loading", "noKey", "trouble"];
  var BUDGET_KEYS_SHOWN = 200; // the most keys the plugin lists; the rest would make a list nobody reads
  var BUDGET_READ_MAX = 20000; // entries read from one message at most (workspaces, budgets, keys)
  var NAME_MAX = 48; // characters of a name shown in the picker
  // An identifier the page may store: a key's hash or a workspace's id, never a key.
  var PICK_ID = /^[^\u0000-\u001f\u007f]{1,256}$/;
  var INTERVAL = /^[A-Za-z0-9_ -]{1,32}$/;
  var LOOKS_LIKE_KEY = /sk-or-/i;

  // The list last heard for this tile's account: null until the plugin sends one; else
  // {state, complete, groups: [{name, choices}], byValue: {value: choice}, keys, limits}.
  var budget = null;
  // Names seen in earlier lists, so a pick that has left the list keeps its name: {value: text}.
  var pickNames = {};

  function askBudgetChoices() {
    if (tile === "budget") sendToPlugin({ event: "budgetChoices" });
  }

  // Another account for this tile: its list is another list.
  function budgetAccountChanged() {
    if (tile !== "budget") return;
    budget = null;
    askBudgetChoices();
    renderSettings();
  }

  function onBudgetChoices(p) {
    if (tile !== "budget") return;
    // With several accounts the message names the one it lists; another account's list is not ours.
    if (typeof p.account === "string" && p.account !== tileAccount()) return;
    budget = readBudgetChoices(p);
    renderBudget(true);
  }

  // An amount in USD: a number, or a number written as a string, zero or more. Anything else: null.
  function usd(value) {
    var n = typeof value === "number" ? value
      : typeof value === "string" && /^\s*\d*\.?\d+\s*$/.test(value) ? parseFloat(value)
      : NaN;
    return isFinite(n) && n >= 0 ? n : null;
  }

  // A name to show: text only, one line, no longer than NAME_MAX, and never anything shaped like a key.
  function cleanName(raw) {
    if (typeof raw !== "string") return "";
    var name = cleanLabel(raw).replace(/sk-or-\S*/gi, "sk-or-…");
    var chars = Array.from ? Array.from(name) : name.split("");
    return chars.length > NAME_MAX ? chars.slice(0, NAME_MAX - 1).join("").trim() + "…" : name;
  }

  function pickId(value) {
    return typeof value === "string" && PICK_ID.test(value) && !LOOKS_LIKE_KEY.test(value) ? value : null;
  }

  function pickInterval(value) {
    return typeof value === "string" && INTERVAL.test(value.trim()) ? value.trim() : null;
  }

  function keyValue(hash) { return "key:" + hash; }
  function budgetValue(workspace, interval) { return "budget:" + interval + ":" + workspace; }

  /**
   * The plugin's budgetChoices, read liberally: entries that are not objects, keys without a hash,
   * budgets without a limit are skipped (and said in the console); names are text. Nothing here
   * ever holds a key: an identifier shaped like one is dropped.
   */
  function readBudgetChoices(p) {
    var out = {
      state: BUDGET_STATES.indexOf(p.state) >= 0 ? p.state : "ready",
      complete: p.complete !== false,
      groups: [],
      byValue: {},
      keys: 0,
      limits: 0
    };
    var skipped = 0;
    var read = 0;
    var workspaces = Array.isArray(p.workspaces) ? p.workspaces : [];
    if (p.workspaces !== undefined && !Array.isArray(p.workspaces)) skipped++;
    for (var i = 0; i < workspaces.length; i++) {
      if (++read > BUDGET_READ_MAX) { out.complete = false; break; }
      var w = workspaces[i];
      if (!w || typeof w !== "object") { skipped++; continue; }
      var id = pickId(w.id);
      var name = cleanName(w.name) || (w.id === null || w.id === undefined ? t("defaultAccount") : t("unnamedWorkspace"));
      var group = { name: name, choices: [] };

      var budgets = Array.isArray(w.budgets) ? w.budgets : [];
      for (var b = 0; b < budgets.length; b++) {
        if (++read > BUDGET_READ_MAX) { out.complete = false; break; }
        var raw = budgets[b];
        // OpenRouter's null interval is a lifetime budget.
        var interval = raw && typeof raw === "object"
          ? (raw.interval === null || raw.interval === undefined ? "lifetime" : pickInterval(raw.interval)) : null;
        var limit = raw && typeof raw === "object" ? usd(raw.limit) : null;
        var value = id !== null && interval !== null ? budgetValue(id, interval) : null;
        if (value === null || limit === null || out.byValue[value]) { skipped++; continue; }
        var choice = {
          kind: "budget", value: value, workspace: id, interval: interval, group: name,
          limit: limit, spent: usd(raw.spent)
        };
        choice.text = t("budgetChoice", { name: name, interval: intervalWord(interval), amount: formatUsd(limit) });
        out.byValue[value] = choice;
        group.choices.push(choice);
        out.limits++;
      }

      var keys = Array.isArray(w.keys) ? w.keys : [];
      for (var k = 0; k < keys.length; k++) {
        if (++read > BUDGET_READ_MAX) { out.complete = false; break; }
        var key = keys[k];
        var hash = key && typeof key === "object" ? pickId(key.hash) : null;
        if (hash === null || out.byValue[keyValue(hash)]) { skipped++; continue; }
        var keyLimit = usd(key.limit);
        var entry = {
          kind: "key", value: keyValue(hash), hash: hash, group: name,
          name: cleanName(key.name) || t("unnamedKey"),
          limit: keyLimit,
          reset: pickInterval(key.reset),
          spent: usd(key.spent),
          disabled: key.disabled === true || key.disabled === "true"
        };
        entry.text = keyText(entry);
        out.byValue[entry.value] = entry;
        group.choices.push(entry);
        out.keys++;
        if (keyLimit !== null) out.limits++;
      }
      if (group.choices.length) out.groups.push(group);
    }
    if (out.keys > BUDGET_KEYS_SHOWN) out.complete = false;
    if (skipped && window.console) {
      console.warn("OpenBalance: skipped " + skipped + " malformed budgetChoices entries");
    }
    Object.keys(out.byValue).forEach(function (v) { pickNames[v] = out.byValue[v].text; });
    return out;
  }

  // "$50 daily limit", "$50 total limit" (never resets), "no limit"; a disabled key says so.
  function keyText(c) {
    var parts = [c.name];
    if (c.limit !== null) {
      parts.push(c.reset
        ? t("keyLimit", { amount: formatUsd(c.limit), interval: intervalWord(c.reset) })
        : t("keyLimitTotal", { amount: formatUsd(c.limit) }));
    } else if (!c.disabled) parts.push(t("noLimit"));
    if (c.disabled) parts.push(t("disabled"));
    return parts.join(" \u00b7 ");
  }

  // The window a limit counts, as a person says it: OpenRouter's windows are UTC, weeks from Monday.
  function windowWords(interval) {
    switch (interval) {
      case "daily": return t("windowDaily");
      case "weekly": return t("windowWeekly");
      case "monthly": return t("windowMonthly");
      case null: case "lifetime": return t("windowLifetime");
      default: return t("windowOther"); // an interval OpenRouter added: its name is in the option
    }
  }

  // An interval as a word before "budget" or "limit"; one OpenRouter added is said as it came.
  function intervalWord(interval) {
    switch (interval) {
      case "daily": return t("intervalDaily");
      case "weekly": return t("intervalWeekly");
      case "monthly": return t("intervalMonthly");
      case "lifetime": return t("intervalLifetime");
      default: return interval;
    }
  }

  // How often a key's limit starts again ("resets daily").
  function resetWord(interval) {
    switch (interval) {
      case "daily": return t("resetDaily");
      case "weekly": return t("resetWeekly");
      case "monthly": return t("resetMonthly");
      default: return interval;
    }
  }

  // This tile's pick as saved: the value it has in the picker, or null.
  function currentPick() {
    if (settings.key) return keyValue(settings.key);
    if (!settings.workspace) return null;
    if (settings.interval) return budgetValue(settings.workspace, settings.interval);
    // No interval: the workspace's first budget.
    var groups = budget ? budget.groups : [];
    for (var g = 0; g < groups.length; g++) {
      for (var c = 0; c < groups[g].choices.length; c++) {
        var choice = groups[g].choices[c];
        if (choice.kind === "budget" && choice.workspace === settings.workspace) return choice.value;
      }
    }
    return budgetValue(settings.workspace, "");
  }

  // The words for a pick the list no longer holds: its old name if this page saw it, else its kind.
  function missingText(value) {
    if (pickNames[value]) return t("notFound", { name: pickNames[value] });
    if (settings.key) return t("keyLimitNotFound");
    return (settings.interval ? t("intervalBudgetNotFound", { interval: intervalWord(settings.interval) })
      : t("workspaceBudgetNotFound")).replace(/^./, function (c) {
      return c.toUpperCase();
    });
  }

  // fromList: redrawn for a new list, not a settings change (a field being typed in is left alone).
  function renderBudget(fromList) {
    var select = $("budget-select");
    var state = budget ? budget.state : "loading";
    var groups = budget ? budget.groups : [];
    var listed = groups.length > 0;
    var value = currentPick();
    var found = value !== null && !!(budget && budget.byValue[value]);
    // "(not found)" only when there is a whole list to miss it from (the last one, in trouble).
    var missingPick = value !== null && !found && !!budget &&
      (state === "ready" || (state === "trouble" && listed));

    // The options: a placeholder or the missing pick first, then one group per workspace.
    var options = [];
    var empty = { loading: t("pickLoading"), noKey: t("pickNoKey"), trouble: t("pickTrouble"), ready: t("pickReady") };
    if (missingPick) options.push({ value: "missing", text: missingText(value), disabled: true });
    else if (!listed) options.push({ value: "", text: empty[state], disabled: true });
    else if (value === null) options.push({ value: "", text: t("pickPrompt"), disabled: true });
    else if (!found) options.push({ value: "", text: empty.loading, disabled: true });
    var shownKeys = 0;
    var tree = groups.map(function (g) {
      return {
        label: g.name,
        options: g.choices.filter(function (c) {
          if (c.kind !== "key") return true;
          // Past the first BUDGET_KEYS_SHOWN keys, only this tile's own pick is kept.
          return ++shownKeys <= BUDGET_KEYS_SHOWN || c.value === value;
        }).map(function (c) { return { value: c.value, text: c.text }; })
      };
    });
    var signature = JSON.stringify([options, tree]);
    if (select.getAttribute("data-options") !== signature) {
      select.textContent = "";
      options.forEach(function (o) { select.appendChild(optionElement(o)); });
      tree.forEach(function (g) {
        var group = document.createElement("optgroup");
        group.label = g.label;
        g.options.forEach(function (o) { group.appendChild(optionElement(o)); });
        select.appendChild(group);
      });
      select.setAttribute("data-options", signature);
    }
    select.value = missingPick ? "missing" : found ? value : "";
    select.disabled = !listed && !missingPick;
    select.classList.toggle("missing", missingPick);
    select.classList.toggle("placeholder", !missingPick && !found);

    renderBudgetStatus(state, listed, missingPick);
    renderBudgetDetail(found ? budget.byValue[value] : null, listed, missingPick);
    renderBudgetHints(found ? budget.byValue[value] : null, fromList);
  }

  function optionElement(o) {
    var opt = document.createElement("option");
    opt.value = o.value;
    opt.textContent = o.text;
    opt.disabled = !!o.disabled;
    return opt;
  }

  // What the list's state means, in the same voice as the key's status note.
  function renderBudgetStatus(state, listed, missingPick) {
    var note = null;
    if (state === "loading") {
      note = { tone: "busy", title: t("budgetLoadingTitle"), text: t("budgetLoadingText") };
    } else if (state === "noKey") {
      note = { tone: "idle", title: t("budgetNoKeyTitle"), text: t("budgetNoKeyText") };
    } else if (state === "trouble") {
      note = { tone: "warn", title: t("budgetTroubleTitle"),
        text: (listed ? t("budgetTroubleLast") + t("sep") : "") + t("budgetTroubleText") };
    } else if (missingPick) {
      note = { tone: "bad", title: t("budgetNotFoundTitle"),
        text: t("budgetNotFoundText", { partial: budget && !budget.complete ? t("budgetNotFoundPartial") : "" }) };
    } else if (state === "ready" && budget && budget.limits === 0) {
      note = { tone: "idle", title: t("budgetNoneTitle"), text: t("budgetNoneText"), links: true };
    }
    $("budget-status-row").hidden = !note;
    if (!note) return;
    $("budget-status").className = "sdpi-item-value message " + note.tone;
    $("budget-status").setAttribute("data-state", missingPick ? "notFound" : budget && budget.limits === 0 && state === "ready" ? "noChoices" : state);
    $("budget-status-title").textContent = note.title;
    $("budget-status-text").textContent = note.text;
    $("budget-links").hidden = !note.links;
  }

  // What the picked limit is now, or what to do when nothing is picked.
  function renderBudgetDetail(choice, listed, missingPick) {
    var text = "";
    var link = false;
    if (choice && choice.kind === "budget") {
      text = (choice.spent !== null
        ? t("detailSpentOf", { spent: formatUsd(choice.spent), limit: formatUsd(choice.limit), window: windowWords(choice.interval) }) + t("sep")
        : "") + t("detailComputed", { group: choice.group });
    } else if (choice) {
      var where = budget.groups.length > 1 ? t("sep") + t("detailKeyIn", { group: choice.group }) : "";
      if (choice.disabled) text = t("detailDisabled") + t("sep");
      if (choice.limit === null) {
        text += t("detailNoLimit") + where;
        link = true;
      } else {
        text += (choice.spent !== null
          ? t("detailSpentOf", { spent: formatUsd(choice.spent), limit: formatUsd(choice.limit), window: windowWords(choice.reset) })
          : choice.reset
            ? t("detailResets", { limit: formatUsd(choice.limit), reset: resetWord(choice.reset) })
            : t("detailNeverResets", { limit: formatUsd(choice.limit) })) + where;
      }
    } else if (listed && !missingPick) {
      text = t("detailPick");
    }
    if (text && budget && !budget.complete && listed) {
      text += t("sep") + t("detailPartial", { max: BUDGET_KEYS_SHOWN });
    }
    $("budget-detail-row").hidden = !text;
    $("budget-detail-text").textContent = text;
    $("budget-detail-link").hidden = !link;
  }

  function renderBudgetHints(choice, fromList) {
    $("show-select").value = settings.show;
    $("show-hint").textContent = (settings.show === "spent"
      ? t("showHintSpent")
      : t("showHintLeft")) + t("showHintRest");
    var warn = settings.warnAt;
    var input = $("warn-at-input");
    if (!(fromList && document.activeElement === input)) input.value = String(warn);
    var limit = choice && choice.limit !== null ? choice.limit : null;
    var hint = $("warn-at-hint");
    hint.textContent = t("warnHint", {
      warn: formatPercent(warn),
      example: limit !== null ? t("warnExample", { part: formatUsd(Math.round(limit * warn) / 100), limit: formatUsd(limit) }) : ""
    }) + (t("sep") || "");
    // The default and the range wrap as one piece, never at the dash.
    var range = document.createElement("span");
    range.className = "nowrap";
    range.textContent = t("warnRange", {
      default: formatPercent(WARN_AT.fallback), min: String(WARN_AT.min), max: formatPercent(WARN_AT.max)
    });
    hint.appendChild(range);
  }

  function onPick() {
    var choice = budget && budget.byValue[$("budget-select").value];
    if (!choice) { renderSettings(); return; }
    if (choice.kind === "key") {
      if (settings.key === choice.hash) return;
      settings.key = choice.hash;
      delete settings.workspace;
      delete settings.interval;
    } else {
      if (!settings.key && settings.workspace === choice.workspace && settings.interval === choice.interval) return;
      settings.workspace = choice.workspace;
      settings.interval = choice.interval;
      delete settings.key;
    }
    saveSettings();
    renderSettings();
  }

  // The pick in stored settings: a key's hash, or a workspace (and its interval); a key wins if
  // both are there. Anything shaped like a key is dropped, so it is never written back.
  function readPick(raw, out) {
    var key = pickId(raw.key);
    var workspace = pickId(raw.workspace);
    if (key !== null) {
      out.key = key;
    } else if (workspace !== null) {
      out.workspace = workspace;
      var interval = pickInterval(raw.interval);
      if (interval !== null) out.interval = interval;
    }
  }

  // A percent: a number, or a numeric string (a trailing % allowed). Anything else: null.
  function parsePercent(value) {
    var n = typeof value === "number" ? value
      : typeof value === "string" && /^\s*\d*\.?\d+\s*%?\s*$/.test(value) ? parseFloat(value)
      : NaN;
    return isFinite(n) ? n : null;
  }

  // A typed Warn at: a whole percent, clamped to 1–100; empty, zero or less is no value.
  function clampWarnAt(value) {
    var n = parsePercent(value);
    if (n === null || n <= 0) return null;
    return Math.min(WARN_AT.max, Math.max(WARN_AT.min, Math.round(n)));
  }

  // ---------------------------------------------------------------- wiring

  document.addEventListener("DOMContentLoaded", function () {
    $("key-entry").addEventListener("submit", function (evt) {
      evt.preventDefault(); // Enter in the field or the Connect button
      connect();
    });
    $("key-input").addEventListener("input", function () { $("key-invalid").hidden = true; });
    $("disconnect-button").addEventListener("click", function () {
      if (confirming && confirming.where === "key") cancelRemove(); else disconnect();
    });

    $("account-select").addEventListener("change", pickAccount);
    $("rename-button").addEventListener("click", startRename);
    $("rename-form").addEventListener("submit", function (evt) { evt.preventDefault(); rename(); });
    $("rename-cancel").addEventListener("click", stopRename);
    $("rename-input").addEventListener("input", function () { $("rename-invalid").hidden = true; });
    $("rename-input").addEventListener("keydown", function (evt) {
      if (evt.key === "Escape") { evt.preventDefault(); stopRename(); }
    });

    $("add-account-toggle").addEventListener("click", openAdd);
    $("add-account").addEventListener("submit", function (evt) { evt.preventDefault(); addAccount(); });
    $("add-cancel").addEventListener("click", function () { closeAdd(true); });
    $("add-account").addEventListener("keydown", function (evt) {
      if (evt.key === "Escape") { evt.preventDefault(); closeAdd(true); }
    });
    $("add-label").addEventListener("input", function () { $("add-label-invalid").hidden = true; });
    $("add-key").addEventListener("input", function () { $("add-key-invalid").hidden = true; });

    // Remove buttons in the list, and the yes/no they open (also in the key section).
    document.addEventListener("click", function (evt) {
      var t = evt.target.closest ? evt.target.closest("[data-remove], [data-confirm]") : null;
      if (!t) return;
      if (t.hasAttribute("data-remove")) {
        var id = t.getAttribute("data-remove");
        if (confirming && confirming.id === id && confirming.where === "list") cancelRemove();
        else askRemove(id, "list");
      } else if (t.getAttribute("data-confirm") === "yes") {
        removeAccount(t.getAttribute("data-account"));
      } else {
        cancelRemove();
      }
    });
    document.addEventListener("keydown", function (evt) {
      if (evt.key === "Escape" && confirming) { evt.preventDefault(); cancelRemove(); }
    });

    var fields = document.querySelectorAll("[data-setting]");
    for (var i = 0; i < fields.length; i++) fields[i].addEventListener("change", onSettingChange);
    $("budget-select").addEventListener("change", onPick);
    ["threshold-input", "low-balance-input", "warn-at-input"].forEach(function (id) {
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
