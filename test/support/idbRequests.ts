/**
 * Counts the IndexedDB requests a piece of code makes, by store: each is a round trip to the
 * browser's database process (and each write a write to every index of its store), so the count
 * says what a command costs whatever the machine's load. Works on Chromium's IndexedDB and on
 * fake-indexeddb alike: give it the engine's classes.
 */

interface Engine {
  IDBObjectStore: { prototype: object };
  IDBIndex: { prototype: object };
}

const READS = ['get', 'getAll', 'getAllKeys', 'getKey', 'count', 'openCursor', 'openKeyCursor'] as const;
const WRITES = ['put', 'add', 'delete', 'clear'] as const;

type Patched = Record<string, (...args: unknown[]) => unknown>;

/**
 * Counts every request from now until `stop()`, which gives them as `store.method` names;
 * `timeline()` gives each request's sending (`> name`) and answer (`< name`) in the order they
 * happened, which says which requests waited for the answers of others.
 */
export function countIdbRequests(engine: Engine): { stop(): string[]; timeline(): string[] } {
  const seen: string[] = [];
  const events: string[] = [];
  const restore: Array<() => void> = [];
  const wrap = (proto: object, methods: readonly string[], name: (self: unknown) => string) => {
    const target = proto as Patched;
    for (const method of methods) {
      const original = target[method];
      if (typeof original !== 'function') continue;
      target[method] = function (this: unknown, ...args: unknown[]) {
        const request = `${name(this)}.${method}`;
        seen.push(request);
        events.push(`> ${request}`);
        const made = original.apply(this, args) as EventTarget;
        made.addEventListener('success', () => events.push(`< ${request}`));
        return made;
      };
      restore.push(() => {
        target[method] = original;
      });
    }
  };
  wrap(engine.IDBObjectStore.prototype, [...READS, ...WRITES], (s) => (s as { name: string }).name);
  wrap(engine.IDBIndex.prototype, READS, (i) => {
    const index = i as { name: string; objectStore: { name: string } };
    return `${index.objectStore.name}[${index.name}]`;
  });
  return {
    stop() {
      for (const undo of restore) undo();
      return seen;
    },
    timeline: () => [...events],
  };
}
