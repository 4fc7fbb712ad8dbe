// The scanner plugin contract (ESLint-style): a plain object with an id, the record kinds it reads,
// its messages by id, and scan() reporting findings through the context. Built-in scanners live in
// scanners/<id>.ts; a third-party one is loaded with --scanner ./file.js and checked against this shape.
import type { FarmRecord, Origin, RecordKind } from '../model.js';
import type { TargetPlatform } from '../plan/types.js';

export type Severity = 'blocker' | 'warning' | 'info' | 'error';

/** One thing a scanner found. `data` carries what its report rows and the plan need. */
export interface Finding {
  scannerId: string;
  messageId: string;
  severity: Severity;
  message: string;
  /** What the finding is about: an application id, a site URL. */
  subject: string;
  origin: Origin | null;
  data: Readonly<Record<string, unknown>>;
}

export interface ReportDescriptor {
  messageId: string;
  severity?: Severity;
  subject: string;
  /** Values for `{{name}}` placeholders in the message text, and the data kept with the finding. */
  data?: Record<string, unknown>;
  /** Defaults to the record being scanned; null in finish(). */
  origin?: Origin | null;
}

export interface ScanContext {
  readonly scanId: string;
  readonly targetPlatform: TargetPlatform;
  report(descriptor: ReportDescriptor): void;
}

export interface Scanner<State = unknown> {
  id: string;
  title: string;
  description?: string;
  reads: readonly RecordKind[];
  messages: Readonly<Record<string, string>>;
  /** Fresh per-run state for scanners that cross-reference records (called once per scan). */
  createState?(): State;
  scan(record: FarmRecord, ctx: ScanContext, state: State): void;
  /**
   * Called once after every file was read. Records arrive in file order per file, but files overlap
   * under concurrency: output from here must not depend on arrival order (sort first).
   */
  finish?(ctx: ScanContext, state: State): void;
}
