import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { Command } from 'commander';
import { getCommandContext, type CommandContext } from '../../src/commands/context.js';
import { tempDir } from '../helpers/cli.js';

// No settings file of this machine or environment variable may leak in.
const { dir, remove } = tempDir('kerasts-context-');
before(() => {
  process.env.HOME = dir;
  process.chdir(dir);
  for (const name of Object.keys(process.env)) if (name.startsWith('KERASTS_')) delete process.env[name];
});
process.on('exit', remove);

/** A program with kerasts's global flags and one subcommand that records its context. */
async function contextFor(args: string[]): Promise<CommandContext> {
  let seen: CommandContext | undefined;
  const program = new Command()
    .option('--backend <name>')
    .option('--image-dim-ordering <ordering>')
    .option('--config <file>')
    .option('--verbose')
    .exitOverride();
  program.addCommand(new Command('sub').action(async (_options, command: Command) => {
    seen = await getCommandContext(command);
  }));
  await program.parseAsync(['node', 'kerasts', ...args]);
  assert.ok(seen, 'the subcommand ran');
  return seen;
}

test('without flags: the defaults, not verbose, no settings file', async () => {
  const context = await contextFor(['sub']);
  assert.equal(context.verbose, false);
  assert.equal(context.settings.image_dim_ordering, 'tf');
  assert.equal(context.sources.image_dim_ordering, 'default');
  assert.deepEqual(context.files, []);
});

test('the global flags given before the subcommand reach it, each with its source', async () => {
  const context = await contextFor(['--backend', 'cpu', '--image-dim-ordering', 'th', '--verbose', 'sub']);
  assert.equal(context.settings.backend, 'cpu');
  assert.equal(context.sources.backend, 'flag --backend');
  assert.equal(context.settings.image_dim_ordering, 'th');
  assert.equal(context.sources.image_dim_ordering, 'flag --image-dim-ordering');
  assert.equal(context.verbose, true);
});

test('--config names the settings file read, relative to the working directory', async () => {
  writeFileSync(join(dir, 'mine.json'), JSON.stringify({ image_dim_ordering: 'th' }));
  const context = await contextFor(['--config', 'mine.json', 'sub']);
  assert.equal(context.settings.image_dim_ordering, 'th');
  assert.deepEqual(context.files, [join(dir, 'mine.json')]);
  assert.equal(context.sources.backend, 'default');
});

test('a bad flag value is a one-line settings error', async () => {
  await assert.rejects(contextFor(['--backend', 'gpu', 'sub']), (error: unknown) =>
    error instanceof Error && (error as { code?: string }).code === 'SETTINGS_INVALID' && /Received: "gpu"/.test(error.message));
});
