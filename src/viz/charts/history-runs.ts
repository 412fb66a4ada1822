/**
 * The runs `kerasts plot-history` compares: each folder checked to be a run with a history,
 * read through the run directory's typed reader, and named for the legend by its folder.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { isRunDir, newestRunWith, RUN_FILES, RUNS_DIR, RunDirectory } from '../../run/index.js';
import { MAX_HISTORY_RUNS } from '../../util/limits.js';
import { logsMetric, type HistoryMetric, type LabelledHistory, type PanelMetric } from './history-chart.js';

/** A run's history, with the folder it came from. */
export interface RunHistory extends LabelledHistory {
  dir: string;
}

/** The folders to draw: those given, or the run under runs/ whose history was written last. */
export async function historyRunDirs(given: readonly string[], parent = RUNS_DIR): Promise<string[]> {
  if (given.length > MAX_HISTORY_RUNS) {
    throw new UserError(`draws at most ${MAX_HISTORY_RUNS} runs on one set of axes. Received: ${given.length} runs.`, {
      code: 'TOO_MANY_RUNS',
      location: 'plot-history',
      hint: 'Compare fewer runs at a time.',
    });
  }
  if (given.length > 0) return [...given];
  const latest = await newestRunWith(parent, RUN_FILES.history);
  if (!latest) {
    throw new UserError(`No run with a history under ${parent}/.`, { code: 'NO_RUN', hint: 'Train one with `kerasts train <spec>`, or name run directories.' });
  }
  return [latest];
}

/** Reads one run's history; a folder that is not a run, or a run with no epoch yet, is exit 2. */
export async function readRunHistory(dir: string, label = basename(resolve(dir))): Promise<RunHistory> {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) {
    throw new UserError(`must be a run directory. Received: ${stat ? 'a file' : 'no such directory'}.`, { code: 'NOT_A_RUN', file: dir });
  }
  const run = new RunDirectory(dir);
  const hasHistory = existsSync(run.path(RUN_FILES.history));
  if (!hasHistory && !isRunDir(dir)) {
    // The folder that holds runs (runs/ itself) is the likeliest slip: name one of its runs.
    const inside = await newestRunWith(dir, RUN_FILES.history);
    throw new UserError(`must be a run directory written by kerasts train. Received: a folder with no ${RUN_FILES.history}, model or checkpoint.`, {
      code: 'NOT_A_RUN',
      file: dir,
      hint: inside ? `It holds runs: name one, e.g. ${inside}.` : `Runs are the folders under ${RUNS_DIR}/.`,
    });
  }
  const history = hasHistory ? await run.readHistory() : [];
  if (history.length === 0) {
    throw new UserError('has no history yet: no epoch of this run has finished.', { code: 'NO_HISTORY', file: dir });
  }
  return { dir, label, history };
}

/** Legend names: the folder's name, or the path as typed where two folders share a name. */
function labels(dirs: readonly string[]): string[] {
  const names = dirs.map((dir) => basename(resolve(dir)));
  return dirs.map((dir, i) => (names.filter((name) => name === names[i]).length > 1 ? dir : names[i]));
}

/** Reads every run; the same folder twice is a mistake (it would draw one run as two). */
export async function readRunHistories(dirs: readonly string[]): Promise<RunHistory[]> {
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    const first = seen.get(resolve(dir));
    if (first !== undefined) throw new UserError(`is given twice (also as ${first}).`, { code: 'BAD_ARGUMENT', file: dir });
    seen.set(resolve(dir), dir);
  }
  const names = labels(dirs);
  return Promise.all(dirs.map((dir, i) => readRunHistory(dir, names[i])));
}

/** The metric keys a run logged, for messages. */
function loggedKeys(run: RunHistory): string {
  return [...new Set(run.history.flatMap((record) => Object.keys(record.logs)))].join(', ');
}

/** The panels to draw and what to say about a metric some runs lack. */
export interface SharedPanels {
  panels: PanelMetric[];
  notices: string[];
}

/**
 * The panels every run can fill: `both` draws loss, and accuracy when every run logged it
 * (left out with a notice otherwise); a metric asked for by name must be in every run.
 */
export function sharedPanels(runs: readonly RunHistory[], metric: HistoryMetric): SharedPanels {
  const wanted: PanelMetric[] = metric === 'both' ? ['loss', 'accuracy'] : [metric];
  const panels: PanelMetric[] = [];
  const notices: string[] = [];
  for (const panel of wanted) {
    const lacking = runs.filter((run) => !run.history.some((record) => logsMetric(record, panel)));
    if (lacking.length === 0) {
      panels.push(panel);
    } else if (metric !== 'both') {
      const run = lacking[0];
      throw new UserError(`logged no ${panel}, so --metric ${panel} cannot compare it. Received: a history of ${loggedKeys(run)}.`, {
        code: 'METRIC_MISSING',
        file: new RunDirectory(run.dir).path(RUN_FILES.history),
        hint: metric === 'accuracy' ? 'Use --metric loss.' : undefined,
      });
    } else if (lacking.length < runs.length) {
      notices.push(`${panel === 'loss' ? 'Loss' : 'Accuracy'} left out: ${lacking.map((run) => run.label).join(', ')} logged none; drawing what every run shares.`);
    }
  }
  if (panels.length === 0) throw new UserError(`No metric is logged by every run (loss or accuracy).`, { code: 'METRIC_MISSING' });
  return { panels, notices };
}
