// Session store written by session-kit (store: memory). It is yours to edit:
// session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
// Sessions live in this process only: they are lost on restart and not shared between processes.
{{#typescript}}
{{storeTypes}}

interface Entry {
  json: string;
  expires: number;
}
{{/typescript}}

// Bounded: when full, the least recently used session is dropped first.
const MAX_SESSIONS = 10_000;
const PRUNE_EVERY_MS = 60_000;

const entries = new Map{{ts:<string, Entry>}}();

function prune(){{ts:: number}} {
  const now = Date.now();
  let removed = 0;
  for (const [id, entry] of entries) {
    if (entry.expires <= now) {
      entries.delete(id);
      removed++;
    }
  }
  return removed;
}

// unref: the timer never keeps the process alive on its own.
const pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
pruneTimer.unref();

export const sessionStore{{ts:: SessionStore}} = {
  ready: Promise.resolve(),

  async get(id) {
    const entry = entries.get(id);
    if (!entry) return null;
    if (entry.expires <= Date.now()) {
      entries.delete(id);
      return null;
    }
    // Re-insert so the Map's order is least recently used first.
    entries.delete(id);
    entries.set(id, entry);
    // Stored as JSON so callers get a copy, as from a database.
    return { data: JSON.parse(entry.json), expires: entry.expires };
  },

  async set(id, data, expires) {
    entries.delete(id);
    if (entries.size >= MAX_SESSIONS && prune() === 0) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    entries.set(id, { json: JSON.stringify(data), expires });
  },

  async destroy(id) {
    entries.delete(id);
  },

  async prune() {
    return prune();
  },

  async close() {
    clearInterval(pruneTimer);
    entries.clear();
  },
};
