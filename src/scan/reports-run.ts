// The built-in reports around one scan: streaming ones start before it and take their scanner's findings
// as they are made; after it, every report and the plan are written, in a fixed order.
import { builtInReports } from '../../reports/index.js';
import type { ReportContext, ReportStream } from '../../reports/types.js';
import { writeScanPlan } from './plan-output.js';
import type { FindingSink } from './run-types.js';
import type { TempSpace } from './temp-space.js';

export interface ReportsRun {
  /** For runScanners: a streamed scanner's findings go to these and are not kept. */
  sinks: ReadonlyMap<string, ReadonlyArray<FindingSink>>;
  /** Writes every report and the plan; returns the files written, relative to the output folder. */
  write(ctx: ReportContext, afterEach: () => void): Promise<string[]>;
}

export function startReports(setup: { ran: ReadonlySet<string>; scanId: string; slots: number; temp: TempSpace }): ReportsRun {
  const { ran } = setup;
  // A report of a scanner that did not run would be an empty file that reads like "nothing found";
  // one left from an earlier scan would carry another ScanID. Neither is written or kept: the reports go
  // into an empty staging folder that replaces the output folder's set (output-set.ts).
  const notRun = (scanner: string | undefined) => scanner !== undefined && !ran.has(scanner);
  const streams = new Map<string, ReportStream>();
  const sinks = new Map<string, FindingSink[]>();
  for (const report of builtInReports) {
    if (!('streams' in report) || notRun(report.scanner)) continue;
    const stream = report.start(setup);
    streams.set(report.id, stream);
    if (ran.has(report.streams)) sinks.set(report.streams, [...(sinks.get(report.streams) ?? []), stream]);
  }

  return {
    sinks,
    async write(ctx, afterEach) {
      const outputs: string[] = [];
      for (const report of builtInReports) {
        if (notRun(report.scanner)) continue;
        const written = await ('streams' in report ? streams.get(report.id)!.write(ctx) : report.write(ctx));
        outputs.push(...(written ?? report.files));
        afterEach();
      }
      if (!notRun('secure-store')) outputs.push(await writeScanPlan(ctx));
      return outputs;
    },
  };
}
