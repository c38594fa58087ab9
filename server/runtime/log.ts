/** Structured one-line JSON logs (CloudBase collects stdout). English only; never personal data. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const jsonLogger = (base: Record<string, unknown> = {}): Logger => ({
  info: (msg, fields) => process.stdout.write(`${JSON.stringify({ level: 'info', msg, ...base, ...fields })}\n`),
  error: (msg, fields) => process.stderr.write(`${JSON.stringify({ level: 'error', msg, ...base, ...fields })}\n`),
});

export const silentLogger: Logger = { info: () => undefined, error: () => undefined };
