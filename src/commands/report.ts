import { Command } from 'commander';
import { z } from 'zod';
import { RUNS_DIR } from '../run/layout.js';
import { DEFAULT_REPORT_OUT, describeReport, runReport } from '../viz/report/run-report.js';
import { parseOptions } from './options.js';

const optionsSchema = z.object({
  out: z.string().min(1, { message: 'must be a file path' }),
  json: z.boolean().optional(),
});

/** `kerasts report [run] --out report.html`: one self-contained HTML page about a run. */
export const reportCommand = new Command('report')
  .description('write one self-contained HTML page about a run: settings, summary, diagram, curves, test results, confusion matrix, filters, speed')
  .argument('[run]', `run directory (default: the latest run under ${RUNS_DIR}/)`)
  .option('--out <file>', 'HTML file to write; its directory must exist', DEFAULT_REPORT_OUT)
  .option('--json', 'print the path, size and each section (present or why missing) as JSON')
  .action(async (run: string | undefined, raw: Record<string, unknown>) => {
    const { json, out } = parseOptions(optionsSchema, raw);
    const result = await runReport({ run, out });
    process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${describeReport(result)}\n`);
  });
