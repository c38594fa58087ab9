import { parse } from 'csv-parse/sync';
import { CsvSyntaxError, parseCsv } from '../../core/shared/csv';

/** csv-parse with the register's options: the reference core/shared/csv.ts must read exactly like. */
const reference = (text: string) => {
  try {
    return { records: parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][] };
  } catch (e) {
    return { error: { code: (e as { code: string }).code, message: (e as Error).message } };
  }
};
const ours = (text: string) => {
  try {
    return { records: parseCsv(text) };
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    return { error: { code: e.code, message: e.message } };
  }
};

/** A small deterministic generator (no Math.random: a failure names its seed and replays). */
const rng = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

describe('parseCsv reads as csv-parse does with the register options', () => {
  it.each([
    ['plain rows, any line ending', 'a,b\nc,d\r\ne,f'],
    ['CRLF fixed by the first line: a lone LF is data', 'a,b\r\nc,d\ne'],
    ['old Mac CR', 'a,b\rc,d'],
    ['empty and blank lines skipped, trailing delimiter', 'a\n\n   \n\t\nb,\n'],
    ['trimmed around fields and quotes, not inside quotes', '  a  , " b " ,\t"c"\t'],
    ['quoted delimiters, line breaks and quotes', 'a,"b,c\r\nd","e""f"'],
    ['empty quoted fields keep a line', '"",""\n""'],
    ['trimEnd on unquoted fields takes Unicode spaces, the start does not', 'a\u00a0,\u3000b\u3000,\u000bc\u000b'],
    ['Chinese text and the register header', 'policyNo,holderName\nP2026000123,张 三'],
    ['quote inside an unquoted field', 'a,b"c'],
    ['text after a closing quote', 'a,"b"c'],
    ['text after a closing quote and a space', 'a,"b" c'],
    ['a quote left open', 'a\r\nb\r\n"c'],
    ['a non-ASCII character after a closing quote', '"a"中'],
    ['a quote reopened after an empty quoted field', '"" "x"'],
    ['nothing', ''],
  ])('%s', (_name, text) => {
    expect(ours(text)).toEqual(reference(text));
  });

  it('agrees on 20,000 generated texts of quotes, delimiters, line breaks, spaces and wide characters', () => {
    const alphabet = ['a', 'b', ',', ',', '"', '"', '""', ' ', '\t', '\r', '\n', '\r\n', '\f', '\v', '\u00a0', '中', '😀', 'x y'];
    const disagreements: { seed: number; text: string }[] = [];
    for (let seed = 1; seed <= 20_000 && disagreements.length < 5; seed++) {
      const next = rng(seed);
      const length = Math.floor(next() * 14);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      if (JSON.stringify(ours(text)) !== JSON.stringify(reference(text))) disagreements.push({ seed, text });
    }
    expect(disagreements).toEqual([]);
  });
});
