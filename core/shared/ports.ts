/** Ports every use case may need; adapters supply them, tests inject fixed ones. */
export interface Clock {
  /** The current instant. The core never reads the system clock itself. */
  now(): Date;
}

export interface IdGenerator {
  /** A unique, unguessable id (used for record ids and outbox ids). */
  newId(): string;
}

export const fixedClock = (iso: string): Clock & { set(iso: string): void; advance(ms: number): void } => {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set: (next: string) => {
      t = new Date(next).getTime();
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
};
