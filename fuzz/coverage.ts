// Cheap coverage guidance from V8 itself: precise block coverage through node:inspector, taken (and so reset)
// after each execution. An execution is new when it reaches a block, or a block as many times in a new
// power-of-two bucket (as AFL counts edges), that no execution reached before.
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';

interface Range {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface FunctionCoverage {
  functionName: string;
  ranges: Range[];
}
interface ScriptCoverage {
  url: string;
  functions: FunctionCoverage[];
}

/** What share of the code a set of executions reached (of the compiled JavaScript of the scripts watched). */
export interface CoverageSummary {
  functions: { covered: number; total: number };
  /** V8's block ranges (function bodies and the branches within them). */
  blocks: { covered: number; total: number };
  /** Source lines with code on them, a line being reached when its first character is. */
  lines: { covered: number; total: number };
}

const bucket = (count: number) => (count === 0 ? 0 : Math.min(15, 32 - Math.clz32(count)));

export class CoverageProbe {
  private readonly scripts = new Map<string, number>();
  private readonly seen = new Set<number>();

  private constructor(
    private readonly session: Session,
    private readonly watch: (url: string) => boolean,
  ) {}

  /** Starts precise coverage of this thread; `watch` picks the scripts that guide (by URL). */
  static async start(watch: (url: string) => boolean): Promise<CoverageProbe> {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
    return new CoverageProbe(session, watch);
  }

  private async take(): Promise<ScriptCoverage[]> {
    const { result } = await this.session.post('Profiler.takePreciseCoverage');
    return (result as ScriptCoverage[]).filter((script) => this.watch(script.url));
  }

  /** The coverage keys of what ran since the last call. */
  async keys(): Promise<number[]> {
    const keys: number[] = [];
    for (const script of await this.take()) {
      let index = this.scripts.get(script.url);
      if (index === undefined) this.scripts.set(script.url, (index = this.scripts.size));
      for (const fn of script.functions) {
        if (fn.ranges[0].count === 0) continue;
        for (const range of fn.ranges) keys.push((index * 0x1000000 + range.startOffset) * 16 + bucket(range.count));
      }
    }
    return keys;
  }

  /** Keys not seen before, which are then seen. */
  novel(keys: readonly number[]): number {
    let fresh = 0;
    for (const key of keys) {
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      fresh++;
    }
    return fresh;
  }

  get features(): number {
    return this.seen.size;
  }

  /** Forgets what ran so far, so that `summary` measures what runs from here on. */
  async reset(): Promise<void> {
    await this.take();
  }

  /**
   * The coverage of what ran since the last `keys`/`reset`, by script URL. One take after a reset lists every
   * function of a script, run or not, with the counts since the reset.
   */
  async summary(): Promise<Map<string, CoverageSummary>> {
    const summaries = new Map<string, CoverageSummary>();
    for (const script of await this.take()) {
      const source = readFileSync(fileURLToPath(script.url), 'utf8');
      const total: CoverageSummary = { functions: { covered: 0, total: 0 }, blocks: { covered: 0, total: 0 }, lines: { covered: 0, total: 0 } };
      // Each offset's count is that of the innermost range around it (V8 lists ranges outer first).
      const counts = new Int32Array(source.length).fill(-1);
      for (const fn of script.functions) {
        total.functions.total++;
        if (fn.ranges[0].count > 0) total.functions.covered++;
        for (const range of fn.ranges) {
          total.blocks.total++;
          if (range.count > 0) total.blocks.covered++;
          counts.fill(range.count, range.startOffset, Math.min(range.endOffset, source.length));
        }
      }
      let offset = 0;
      for (const line of source.split('\n')) {
        const first = line.search(/\S/);
        const code = first !== -1 && !/^\s*(\/\/|\/\*|\*|import |export \{|export type|[}\])]+;?\s*$)/.test(line);
        if (code && counts[offset + first] !== -1) {
          total.lines.total++;
          if (counts[offset + first] > 0) total.lines.covered++;
        }
        offset += line.length + 1;
      }
      summaries.set(script.url, total);
    }
    return summaries;
  }

  async stop(): Promise<void> {
    await this.session.post('Profiler.stopPreciseCoverage');
    this.session.disconnect();
  }
}

/** Percent with one decimal. */
export const percent = (part: { covered: number; total: number }) => (part.total === 0 ? 0 : Math.round((1000 * part.covered) / part.total) / 10);
