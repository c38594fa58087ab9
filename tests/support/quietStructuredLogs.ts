/**
 * The functions log one JSON line per refusal or fault (server/runtime/log.ts: info to stdout, errors to
 * stderr; CloudBase collects both). Tests provoke those on purpose by the hundred, and printed they bury the one failure that matters, so
 * lines that are structured logs are kept here instead of printed; anything else still prints.
 * `LOG_IN_TESTS=1 npx jest …` prints them as they come; `structuredLogLines()` lets a test assert on them.
 */
const kept: string[] = [];

const divert = (stream: NodeJS.WriteStream) => {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    if (text.startsWith('{"level":')) {
      kept.push(...text.split('\n').filter(Boolean));
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof stream.write;
};

if (process.env.LOG_IN_TESTS !== '1') {
  divert(process.stdout);
  divert(process.stderr);
}

/** The structured log lines written so far in this test file, parsed. */
export const structuredLogLines = (): Record<string, unknown>[] => kept.map((l) => JSON.parse(l) as Record<string, unknown>);
