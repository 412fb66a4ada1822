/** `kerasts report`: one self-contained HTML page about a run. */
import { pathStatus } from '../../util/read-file.js';
import { outExtension } from '../../util/out-extension.js';
import { UserError } from '../../errors.js';
import { RUN_FILES } from '../../run/index.js';
import { latestFinishedRun } from '../../run/find.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { checkOutputPath } from '../png.js';
import { reportPage, type PageSection } from './html.js';
import { ReportRun } from './run-files.js';
import { REPORT_SECTIONS, type SectionContext } from './sections.js';

export const DEFAULT_REPORT_OUT = 'report.html';

export interface ReportOptions {
  /** A run directory; undefined means the latest run under runs/. */
  run?: string;
  out: string;
}

export interface ReportResult {
  out: string;
  bytes: number;
  run: string;
  sections: { id: string; title: string; present: boolean; missing?: string }[];
}

/** Both spellings of an HTML file's extension, as convert takes both .h5 and .hdf5. */
export const REPORT_EXTENSIONS = ['.html', '.htm'] as const;

/** `--out` must be an .html (or .htm) file; a picture extension points at plot. */
export function checkReportOut(out: string): void {
  const hint = 'The model diagram alone as .png or .svg is `kerasts plot <run> --out model.png`.';
  outExtension(out, REPORT_EXTENSIONS, { '.png': hint, '.svg': hint });
}

async function runDirectory(run: string | undefined): Promise<string> {
  if (run === undefined) {
    const latest = await latestFinishedRun();
    if (latest === undefined) throw new UserError('With no run given, runs/ must hold a finished run. Received: none.', { code: 'NO_RUN', hint: 'Run kerasts train first, or name a run directory.' });
    return latest;
  }
  const { stat, what, missing } = await pathStatus(run);
  if (!stat?.isDirectory()) {
    throw new UserError(`must be a run directory written by kerasts train. Received: ${missing ? 'nothing (no such directory)' : what}.`, { code: 'NOT_A_RUN', file: run });
  }
  const files = new ReportRun(run);
  // A run in progress has no model.json yet, but train wrote its spec.json and settings.json together at the start; a user's own spec.json alone is no run.
  if (!files.has(RUN_FILES.model) && !(files.has(RUN_FILES.spec) && files.has(RUN_FILES.settings))) {
    const has = files.has(RUN_FILES.spec) ? `${RUN_FILES.spec} but no ${RUN_FILES.settings}` : `neither ${RUN_FILES.model} nor ${RUN_FILES.spec}`;
    throw new UserError(`must be a run directory written by kerasts train. Received: a directory with ${has}.`, { code: 'NOT_A_RUN', file: run, hint: 'kerasts train writes model.json, spec.json and settings.json there.' });
  }
  return run;
}

/** Draws every section the run has files for and writes the page atomically. */
export async function runReport(options: ReportOptions): Promise<ReportResult> {
  checkReportOut(options.out);
  await checkOutputPath(options.out);
  const run = new ReportRun(await runDirectory(options.run));
  const context: SectionContext = { run, model: () => run.model() };
  const sections: PageSection[] = [];
  try {
    // One at a time: sections share the loaded files and the model.
    for (const section of REPORT_SECTIONS) sections.push({ id: section.id, title: section.title, ...(await section.render(context)) });
  } finally {
    await run.dispose();
  }
  const html = reportPage(`kerasts report: ${run.name}`, `Run directory ${run.dir}`, sections);
  await writeFileAtomic(options.out, html);
  return {
    out: options.out,
    bytes: Buffer.byteLength(html),
    run: run.dir,
    sections: sections.map((s) => ({ id: s.id, title: s.title, present: s.missing === undefined, ...(s.missing === undefined ? {} : { missing: s.missing }) })),
  };
}

/** Lines for the terminal: what was written and which sections are missing. */
export function describeReport(result: ReportResult): string {
  const present = result.sections.filter((s) => s.present).length;
  // The run is named: with none given it is the latest under runs/, which the user did not type.
  const lines = [`Wrote ${result.out} from ${result.run} (${Math.ceil(result.bytes / 1024)} KiB, ${present} of ${result.sections.length} sections)`];
  for (const section of result.sections) if (!section.present) lines.push(`  missing: ${section.title}: ${section.missing}`);
  return lines.join('\n');
}
