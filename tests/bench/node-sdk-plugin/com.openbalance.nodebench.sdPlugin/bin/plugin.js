// A minimal Stream Deck plugin on Elgato's Node SDK, doing the least of what OpenBalance does:
// the same four action UUIDs, the key from the global settings, one poll of /credits and
// /activity (Node's own fetch) when a tile first appears and on every key press, and an image on
// every visible tile after each poll. It exists only to be measured beside the native plugin
// under the same fake Stream Deck and fake OpenRouter (scripts/bench-runtime --node).
import streamDeck, { SingletonAction } from "@elgato/streamdeck";

const API = process.env.OPENBALANCE_API_BASE ?? "https://openrouter.ai/api/v1";
const UUIDS = [
  "com.openbalance.openrouter.balance",
  "com.openbalance.openrouter.topmodels",
  "com.openbalance.openrouter.monthlyspend",
  "com.openbalance.openrouter.spikealert",
];

let key = null;
let last = "Preparing…";
let polling = null;

function image(text) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="144" height="144"><rect width="144" height="144" fill="#111"/><text x="72" y="80" font-size="22" fill="#fff" text-anchor="middle">${text}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

async function get(path) {
  const response = await fetch(`${API}${path}`, { headers: { Authorization: `Bearer ${key}` } });
  return response.json();
}

async function poll() {
  if (key === null) {
    const settings = await streamDeck.settings.getGlobalSettings();
    key = settings.managementKey ?? "";
  }
  try {
    const [credits, activity] = await Promise.all([get("/credits"), get("/activity")]);
    const left = credits.data.total_credits - credits.data.total_usage;
    const spent = activity.data.reduce((sum, row) => sum + Number(row.usage), 0);
    last = `$${left.toFixed(2)} · $${spent.toFixed(2)}`;
  } catch (error) {
    last = "Offline";
    streamDeck.logger.warn(`poll failed: ${error}`);
  }
  await Promise.all(actions.flatMap((a) => a.actions.map((tile) => tile.setImage(image(last)))));
}

function pollOnce() {
  polling ??= poll().finally(() => (polling = null));
  return polling;
}

class Tile extends SingletonAction {
  constructor(uuid) {
    super();
    this.manifestId = uuid;
  }
  async onWillAppear(ev) {
    await ev.action.setImage(image(last));
    if (last === "Preparing…") await pollOnce();
  }
  async onKeyDown() {
    await pollOnce();
  }
}

const actions = UUIDS.map((uuid) => new Tile(uuid));
for (const action of actions) streamDeck.actions.registerAction(action);
streamDeck.connect();
