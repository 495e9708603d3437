/** One CSV record as read: its first physical line, its cells, and what was wrong with it if anything. */
export interface RawRecord {
  line: number;
  fields: string[];
  problem?: 'oversize' | 'unterminated';
}

const QUOTE = 34; // "
const CR = 13;
const LF = 10;

/**
 * An RFC 4180 tokenizer fed one decoded chunk at a time, so a file of any size streams through
 * bounded memory. Quoted cells may hold delimiters, quotes ("") and newlines; line numbers count
 * physical lines, so a record after a quoted newline reports where it really starts. A record
 * longer than `maxRecordChars` keeps being scanned to its end but its text is dropped, and it
 * comes out flagged instead of aborting the file.
 */
export class CsvTokenizer {
  private line = 1;
  private recordLine = 1;
  private fields: string[] = [];
  private field = '';
  private fieldStarted = false;
  private inQuotes = false;
  private quoteInQuotes = false;
  private skipLf = false;
  private size = 0;
  private oversize = false;

  constructor(
    private readonly delimiter: string,
    private readonly maxRecordChars: number,
  ) {}

  *push(chunk: string): Generator<RawRecord> {
    const delimiter = this.delimiter.charCodeAt(0);
    let runStart = 0;
    const takeRun = (end: number) => {
      if (end > runStart) this.append(chunk.slice(runStart, end));
    };
    for (let index = 0; index < chunk.length; index += 1) {
      const code = chunk.charCodeAt(index);
      if (this.skipLf) {
        this.skipLf = false;
        if (code === LF) {
          runStart = index + 1;
          continue;
        }
      }
      if (this.inQuotes) {
        if (this.quoteInQuotes) {
          this.quoteInQuotes = false;
          if (code === QUOTE) {
            // "" inside quotes is one literal quote: the first was held back, keep this one.
            runStart = index;
            continue;
          }
          this.inQuotes = false; // the held-back quote closed the cell; read this char unquoted below
          runStart = index;
        } else {
          if (code === QUOTE) {
            takeRun(index);
            this.quoteInQuotes = true;
            runStart = index + 1;
          } else if (code === LF) {
            this.line += 1;
          }
          continue;
        }
      }
      if (code === delimiter) {
        takeRun(index);
        this.endField();
        runStart = index + 1;
      } else if (code === CR || code === LF) {
        takeRun(index);
        yield this.endRecord();
        this.line += 1;
        this.recordLine = this.line;
        if (code === CR) this.skipLf = true;
        runStart = index + 1;
      } else if (code === QUOTE && !this.fieldStarted && index === runStart) {
        this.inQuotes = true;
        this.fieldStarted = true;
        runStart = index + 1;
      } else {
        this.fieldStarted = true;
      }
    }
    takeRun(chunk.length);
  }

  /** The last record, when the file does not end with a newline (or ends inside quotes). */
  *end(): Generator<RawRecord> {
    if (this.inQuotes && !this.quoteInQuotes) {
      const record = this.endRecord();
      yield { ...record, problem: record.problem ?? 'unterminated' };
      return;
    }
    this.inQuotes = false;
    this.quoteInQuotes = false;
    if (this.fields.length > 0 || this.field !== '' || this.fieldStarted) yield this.endRecord();
  }

  private append(text: string): void {
    this.fieldStarted = true;
    this.size += text.length;
    if (this.size > this.maxRecordChars) {
      this.oversize = true;
      return;
    }
    this.field += text;
  }

  private endField(): void {
    this.fields.push(this.oversize ? '' : this.field);
    this.field = '';
    this.fieldStarted = false;
    this.inQuotes = false;
    this.size += 1;
  }

  private endRecord(): RawRecord {
    this.endField();
    const record: RawRecord = { line: this.recordLine, fields: this.fields };
    if (this.oversize) record.problem = 'oversize';
    this.fields = [];
    this.size = 0;
    this.oversize = false;
    return record;
  }
}

/** The delimiter that splits the sample's lines most consistently: comma, semicolon or tab. */
export function detectDelimiter(sample: string): string {
  const lines = sample.split(/\r\n|\n|\r/).slice(0, 20);
  let best = ',';
  let bestScore = 0;
  for (const candidate of [',', ';', '\t']) {
    const counts = lines.map((line) => countOutsideQuotes(line, candidate)).filter((count) => count > 0);
    if (counts.length === 0) continue;
    // Lines that agree on a column count matter more than one very wide line.
    const mode = modeOf(counts);
    const score = counts.filter((count) => count === mode).length * 1000 + mode;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count += 1;
  }
  return count;
}

function modeOf(values: number[]): number {
  const tally = new Map<number, number>();
  for (const value of values) tally.set(value, (tally.get(value) ?? 0) + 1);
  return [...tally.entries()].sort((left, right) => right[1] - left[1] || right[0] - left[0])[0]![0];
}
