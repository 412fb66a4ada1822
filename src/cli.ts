import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { reportError, usageErrorLine } from './errors.js';
import { describeFileSystemError } from './util/fs-error.js';
import { BACKEND_NAMES, IMAGE_DIM_ORDERINGS } from './settings/constants.js';
import { configCommand } from './commands/config.js';
import { summaryCommand } from './commands/summary.js';
import { trainCommand } from './commands/train.js';
import { evaluateCommand } from './commands/evaluate.js';
import { predictCommand } from './commands/predict.js';
import { filtersCommand } from './commands/filters.js';
import { plotCommand } from './commands/plot.js';
import { reportCommand } from './commands/report.js';
import { plotHistoryCommand } from './commands/plot-history.js';
import { datasetsCommand } from './commands/datasets.js';
import { convertCommand } from './commands/convert.js';

/** Builds the commander program; no command runs until `parseAsync`. */
export function buildProgram(): Command {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  const program = new Command()
    .name('kerasts')
    .description('Keras-style CNNs from JSON: build, summarise, train on MNIST, and draw the learned filters.')
    .version(pkg.version, '-V, --version')
    .option('--backend <name>', `computation backend (${BACKEND_NAMES.join(', ')}); overrides settings`)
    .option('--image-dim-ordering <ordering>', `"tf" = (rows, cols, channels), "th" = (channels, rows, cols) (${IMAGE_DIM_ORDERINGS.join(', ')})`)
    .option('--config <file>', 'settings file to use instead of the ones found from the working directory and ~/.kerasts.json')
    .option('--verbose', 'show stack traces and extra diagnostics')
    .addHelpText('after', `
Examples:
  $ kerasts summary configs/mnist_cnn.json
  $ kerasts train configs/mnist_cnn.json
  $ kerasts filters --out grid.png
  $ kerasts config`);

  program.addCommand(summaryCommand);
  program.addCommand(trainCommand);
  program.addCommand(evaluateCommand);
  program.addCommand(predictCommand);
  program.addCommand(filtersCommand);
  program.addCommand(plotCommand);
  program.addCommand(reportCommand);
  program.addCommand(plotHistoryCommand);
  program.addCommand(datasetsCommand);
  program.addCommand(configCommand);
  program.addCommand(convertCommand);
  // Each subcommand's --help lists the global flags too (addCommand does not pass help settings on).
  const showGlobals = (command: Command): void => {
    command.configureHelp({ showGlobalOptions: true });
    command.commands.forEach(showGlobals);
  };
  showGlobals(program);
  return program;
}

/** Entry point used by bin/kerasts: runs the program and sets the exit code at the edge. */
export async function main(argv: string[]): Promise<void> {
  // A closed pipe (`kerasts summary ... | head`) ends the output, as for any Unix tool.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const program = buildProgram();
  // Usage mistakes in any (sub)command become one line and exit code 2 below instead of commander's exit(1).
  const override = (command: Command, path: string): void => {
    command.exitOverride().configureOutput({ outputError: (text, write) => write(usageErrorLine(text, path)) });
    command.commands.forEach((sub) => override(sub, `${path} ${sub.name()}`));
  };
  override(program, program.name());
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are successes; argument mistakes are bad input (exit 2).
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    // A raw Node file-system error (ENOSPC, EROFS, EACCES, ...) still becomes one line with its path.
    process.exitCode = reportError(describeFileSystemError(error), argv.includes('--verbose'));
  }
}
