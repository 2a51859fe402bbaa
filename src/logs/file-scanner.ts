// One file's lines → events: splits the bytes into lines, finds the file's parser from its first
// lines (or uses the one forced), counts what is skipped, and holds events back while their parser
// may still amend them.
import { LineSplitter, DEFAULT_MAX_LINE_BYTES, type LineSink } from './line-splitter.js';
import { PARSERS, detectParser } from './registry.js';
import { TextSniffer, notALog } from './sniff.js';
import type { FileParser, FileStats, LogEvent, LogParser, ServerId } from './types.js';

export interface ScannerOptions {
  server?: ServerId | 'auto';
  maxLineBytes?: number;
  detail?: 'full' | 'summary';
  /** The number of the first line pushed, when reading a file from the middle (default 1). */
  firstLine?: number;
  /**
   * Fail with "not a log" when the first bytes are binary and no parser recognises the lines
   * (default true; off for the later byte ranges of a file already checked).
   */
  checkBinary?: boolean;
}

/** How many first lines of a file the parsers are shown to recognise its format. */
export const SAMPLE_LINES = 200;

interface SampleLine { text: string; n: number; suspect: boolean }

/** One file: splits it into lines, finds its parser, counts, and queues the events. */
export class FileScanner implements LineSink {
  readonly stats: FileStats;
  /** Events ready to be taken, unless they are delivered as they come (see the constructor). */
  out: LogEvent[] = [];
  private readonly splitter: LineSplitter;
  private parser: FileParser | null = null;
  private sample: SampleLine[] | null = [];
  /** Events the parser may still amend (see FileParser.amendWindow). */
  private held: LogEvent[] = [];
  private heldHead = 0;
  private window = 0;

  private readonly detail: 'full' | 'summary';
  private readonly forced: LogParser | null;
  private readonly firstLine: number;
  private readonly sniffer: TextSniffer | null;

  /**
   * With `deliver`, each event is handed over as soon as it is final instead of being queued in
   * `out`; with detail `summary` a parser may then reuse one event object for all of them.
   */
  constructor(private readonly file: string, options: ScannerOptions, private readonly deliver?: (event: LogEvent) => void) {
    this.detail = options.detail ?? 'full';
    this.stats = {
      file, server: null, lines: 0, recognised: 0, truncated: false,
      skipped: { other: 0, corrupt: 0, tooLong: 0 },
    };
    this.firstLine = options.firstLine ?? 1;
    this.splitter = new LineSplitter(this, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, this.firstLine);
    // A forced parser still waits for the sample: the binary check needs it.
    this.forced = options.server && options.server !== 'auto' ? PARSERS[options.server] : null;
    this.sniffer = options.checkBinary === false ? null : new TextSniffer();
  }

  push(chunk: Buffer): void {
    if (this.sample && this.sniffer) {
      this.sniffer.push(chunk);
      const magic = this.sniffer.magic();
      if (magic !== null) throw notALog(this.file, magic); // no need to read on
    }
    this.splitter.push(chunk);
  }

  end(truncated: boolean): void {
    this.splitter.end();
    if (this.sample) this.choose();
    for (let i = this.heldHead; i < this.held.length; i++) this.emit(this.held[i]!);
    this.held = [];
    this.heldHead = 0;
    const rest = this.parser?.end?.() ?? [];
    for (const event of rest) {
      this.stats.recognised++;
      this.emit(event);
    }
    this.stats.lines = this.splitter.lines - (this.firstLine - 1);
    this.stats.truncated = truncated;
  }

  private emit(event: LogEvent): void {
    if (this.deliver) this.deliver(event);
    else this.out.push(event);
  }

  take(): LogEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }

  line(text: string, n: number, suspect: boolean): void {
    if (this.parser === null) {
      if (this.sample) {
        this.sample.push({ text, n, suspect });
        if (this.sample.length >= SAMPLE_LINES) this.choose();
      } else if (suspect) {
        this.stats.skipped.corrupt++;
      } else {
        this.stats.skipped.other++;
      }
      return;
    }
    const result = this.parser.parse(text, n);
    if (result === null) {
      if (suspect) this.stats.skipped.corrupt++;
      else this.stats.skipped.other++;
    } else if (result === 'skip') {
      this.stats.skipped.other++;
    } else {
      this.stats.recognised++;
      if (this.window === 0) this.emit(result);
      else this.held.push(result);
    }
    if (this.heldHead < this.held.length) this.release(n);
  }

  tooLong(): void {
    this.stats.skipped.tooLong++;
  }

  private release(n: number): void {
    const held = this.held;
    while (this.heldHead < held.length && held[this.heldHead]!.line + this.window < n) {
      this.emit(held[this.heldHead++]!);
    }
    if (this.heldHead === held.length) {
      this.held = [];
      this.heldHead = 0;
    } else if (this.heldHead > 1024) {
      this.held = held.slice(this.heldHead);
      this.heldHead = 0;
    }
  }

  private choose(): void {
    const sample = this.sample ?? [];
    this.sample = null;
    const text = sample.filter((line) => !line.suspect).map((line) => line.text);
    const parser = this.forced ?? detectParser(text);
    // Binary-looking bytes are still a log when its lines are recognised (a crash left NULs in it).
    if (this.sniffer?.looksBinary() && (parser === null || parser.detect(text) === 0)) throw notALog(this.file, 'binary data');
    if (parser) this.use(parser);
    for (const line of sample) this.line(line.text, line.n, line.suspect);
  }

  private use(parser: LogParser): void {
    this.parser = parser.open(this.file, { detail: this.detail, reuseEvents: this.detail === 'summary' && this.deliver !== undefined });
    this.window = this.parser.amendWindow;
    this.stats.server = parser.id;
    this.sample = null;
  }
}
