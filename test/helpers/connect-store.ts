/** Drives an express-session store directly: set, get, destroy one session. */
import { expect } from 'vitest';

interface CallbackStore {
  set(sid: string, session: object, callback: (error?: unknown) => void): void;
  get(sid: string, callback: (error: unknown, session?: object | null) => void): void;
  destroy(sid: string, callback: (error?: unknown) => void): void;
}

const call = <T>(fn: (cb: (error: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));

/** Stores, reads back and destroys a session; `present` checks the backing row/key directly. */
export async function exerciseStore(store: CallbackStore, sid: string, present: () => Promise<boolean>): Promise<void> {
  const session = {
    cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000).toISOString(), httpOnly: true, path: '/' },
    value: `v-${sid}`,
  };
  await call((cb) => store.set(sid, session, cb));
  expect(await present(), 'row/key after set').toBe(true);
  const read = (await call<object | null>((cb) => store.get(sid, cb))) as { value?: string } | null;
  expect(read?.value).toBe(`v-${sid}`);
  await call((cb) => store.destroy(sid, cb));
  expect(await present(), 'row/key after destroy').toBe(false);
  expect(await call((cb) => store.get(sid, cb))).toBeFalsy();
}
