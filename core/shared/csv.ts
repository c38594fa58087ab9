/**
 * CSV records, as csv-parse reads them with `{ skip_empty_lines: true, trim: true, relax_column_count: true }`
 * (the policy register's options), in 2 KB instead of csv-parse's 27: the register import runs in the
 * slaMonitor timer, whose bundle must stay ≤ 150 KB. tests/core/csv.test.ts holds it to csv-parse's
 * records and error messages on generated input.
 *
 * The rules it keeps: comma-separated fields; `"` quotes a field and `""` inside one is a quote; the
 * record delimiter is the first of \r\n, \n or \r met outside quotes, and only that one then; spaces,
 * tabs, form feeds, \r and \n are dropped before a field and around a quoted one, and an unquoted field
 * is trimmed at its end as String#trimEnd does; lines with nothing on them are skipped; records may have
 * any number of fields. Line numbers in messages count each \r and each \n, as csv-parse's do.
 */
export class CsvSyntaxError extends Error {
  constructor(
    readonly code: 'CSV_INVALID_CLOSING_QUOTE' | 'INVALID_OPENING_QUOTE' | 'CSV_QUOTE_NOT_CLOSED' | 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE',
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

const QUOTE = '"';
const TRIMABLE = new Set(['\r', '\n', '\f', ' ', '\t']);
const DELIMITERS = ['\r\n', '\n', '\r'];

/** The first UTF-8 byte of the character at `i`, as a character: what csv-parse, reading bytes, names. */
const firstByteAt = (text: string, i: number): string => {
  const cp = text.codePointAt(i)!;
  return String.fromCharCode(cp < 0x80 ? cp : cp < 0x800 ? 0xc0 | (cp >> 6) : cp < 0x10000 ? 0xe0 | (cp >> 12) : 0xf0 | (cp >> 18));
};

export const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoting = false;
  let wasQuoting = false;
  let escaping = false;
  let delimiter: string | undefined;
  let line = 1;
  let wasRowDelimiter = false;

  const discover = (at: number) => DELIMITERS.find((d) => text.startsWith(d, at));
  const endField = () => {
    record.push(wasQuoting ? field : field.trimEnd());
    field = '';
    wasQuoting = false;
  };
  const endRecord = () => {
    records.push(record);
    record = [];
  };

  for (let i = 0; i < text.length; i++) {
    if (wasRowDelimiter) {
      line++;
      wasRowDelimiter = false;
    }
    if (!quoting && delimiter === undefined) delimiter = discover(i);
    const ch = text[i];
    if (ch === '\r' || ch === '\n') wasRowDelimiter = true;
    if (escaping) escaping = false;
    else {
      if (quoting && ch === QUOTE && i + 1 < text.length && text[i + 1] === QUOTE) {
        escaping = true;
        continue;
      }
      if (ch === QUOTE) {
        if (quoting) {
          const next = i + 1 < text.length ? text[i + 1] : undefined;
          const endsRecord = delimiter === undefined ? (delimiter = discover(i + 1)) !== undefined : text.startsWith(delimiter, i + 1);
          if (next === undefined || next === ',' || endsRecord || TRIMABLE.has(next)) {
            quoting = false;
            wasQuoting = true;
            continue;
          }
          throw new CsvSyntaxError(
            'CSV_INVALID_CLOSING_QUOTE',
            `Invalid Closing Quote: got "${firstByteAt(text, i + 1)}" at line ${line} instead of delimiter, record delimiter, trimable character (if activated) or comment`,
          );
        }
        if (field.length !== 0)
          throw new CsvSyntaxError('INVALID_OPENING_QUOTE', `Invalid Opening Quote: a quote is found on field ${record.length} at line ${line}, value is ${JSON.stringify(field)}${field === '\ufeff' ? ' (utf8 bom)' : ''}`);
        quoting = true;
        continue;
      }
      if (!quoting) {
        if (delimiter !== undefined && text.startsWith(delimiter, i)) {
          if (!(!wasQuoting && record.length === 0 && field.length === 0)) {
            endField();
            endRecord();
          }
          i += delimiter.length - 1;
          continue;
        }
        if (ch === ',') {
          endField();
          continue;
        }
      }
    }
    // csv-parse's own conditions: nothing trimable before a field; nothing but trimable after a closing quote.
    const trimable = TRIMABLE.has(ch);
    const notLeading = quoting || field.length !== 0 || !trimable;
    if (notLeading && !wasQuoting) field += ch;
    else if (!trimable) throw new CsvSyntaxError('CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE', `Invalid Closing Quote: found non trimable byte after quote at line ${line}`);
  }
  if (quoting) throw new CsvSyntaxError('CSV_QUOTE_NOT_CLOSED', `Quote Not Closed: the parsing is finished with an opening quote at line ${line}`);
  if (wasQuoting || record.length !== 0 || field.length !== 0) {
    endField();
    endRecord();
  }
  return records;
};
