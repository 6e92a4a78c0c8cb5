// The interface every generated store adapter implements (TypeScript output only).
export type SessionData = Record<string, unknown>;

export interface StoredSession {
  data: SessionData;
  /** Expiry in milliseconds since the epoch. */
  expires: number;
}

export interface SessionStore {
  /** Resolves once the store can serve requests; rejects when it cannot be reached. */
  ready: Promise<void>;
  get(id: string): Promise<StoredSession | null>;
  set(id: string, data: SessionData, expires: number): Promise<void>;
  destroy(id: string): Promise<void>;
  /** Deletes expired sessions (also runs on a timer); resolves to how many. */
  prune(): Promise<number>;
  close(): Promise<void>;
}
