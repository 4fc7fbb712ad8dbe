// The replay journal beside the vault (`<vault>.journal`, JSON lines, 0600, rewritten atomically on each
// entry). It records each applied change with the plan's scanId, so the next run knows an earlier one was
// interrupted and says so; the diff against the target's state is what makes the resumed run finish the job.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../io/atomic-write.js';
import { crashPoint } from '../vault/crash-point.js';

export interface JournalEntry {
  event: 'start' | 'applied' | 'complete';
  scanId: string;
  time: string;
  applicationId?: string;
  action?: string;
}

export interface Journal {
  /** The last run that started and never completed, with what it applied. */
  interrupted(): { scanId: string; applied: JournalEntry[] } | null;
  record(entry: Omit<JournalEntry, 'time'>): Promise<void>;
}

/** Runs kept in the file; older ones are dropped when it is rewritten. */
const RUNS_KEPT = 20;

export async function openJournal(file: string, now: () => Date): Promise<Journal> {
  let entries = await readJournal(file);
  return {
    interrupted() {
      const start = entries.map((e) => e.event).lastIndexOf('start');
      if (start < 0) return null;
      const run = entries.slice(start);
      if (run.some((e) => e.event === 'complete' && e.scanId === run[0].scanId)) return null;
      return { scanId: run[0].scanId, applied: run.filter((e) => e.event === 'applied') };
    },
    async record(entry) {
      entries = trim([...entries, { ...entry, time: now().toISOString() }]);
      crashPoint(`journal.${entry.event}`);
      await writeFileAtomic(file, entries.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
    },
  };
}

export async function readJournal(file: string): Promise<JournalEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    try {
      const entry = JSON.parse(line) as JournalEntry;
      if (typeof entry?.event === 'string' && typeof entry.scanId === 'string') entries.push(entry);
    } catch {
      // A foreign or damaged line carries no state we need: the target itself is the truth.
    }
  }
  return entries;
}

function trim(entries: JournalEntry[]): JournalEntry[] {
  const starts = entries.flatMap((e, i) => (e.event === 'start' ? [i] : []));
  return starts.length > RUNS_KEPT ? entries.slice(starts[starts.length - RUNS_KEPT]) : entries;
}
