import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Command, CommanderError } from 'commander';
import { buildProgram } from '../src/cli.js';
import { runCliAsync, tempDir } from './helpers/cli.js';

const ROOT = join(import.meta.dirname, '..');

test('the program has one command per file of src/commands and the package\'s version', () => {
  const program = buildProgram();
  const names = program.commands.map((command) => command.name()).sort();
  const files = readdirSync(join(ROOT, 'src/commands')).map((f) => f.replace(/\.ts$/, '')).filter((f) => !['context', 'options', 'dataset-info'].includes(f)).sort();
  assert.deepEqual(names, files);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(program.version(), pkg.version);
});

test('every command and subcommand lists the global flags in its help', () => {
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  for (const command of all(buildProgram()).slice(1)) {
    const help = command.helpInformation();
    assert.match(help, /^Global Options:$/m, command.name());
    assert.match(help, /--image-dim-ordering <ordering>/, command.name());
  }
});

test('--help and --version are answered by the program itself; an unknown command is refused before any runs', async () => {
  const parse = async (args: string[]) => {
    const output = { out: '', err: '' };
    const program = buildProgram().exitOverride().configureOutput({ writeOut: (text) => { output.out += text; }, writeErr: (text) => { output.err += text; } });
    const error = await program.parseAsync(['node', 'kerasts', ...args]).then(() => undefined, (e: unknown) => e as CommanderError);
    return { error, ...output };
  };
  const help = await parse(['--help']);
  assert.equal(help.error?.exitCode, 0);
  assert.match(help.out, /Usage: kerasts \[options\] \[command\]/);
  assert.match(help.out, /Examples:\n {2}\$ kerasts summary/);
  const version = await parse(['--version']);
  assert.equal(version.error?.exitCode, 0);
  assert.equal(version.out.trim(), buildProgram().version());
  const unknown = await parse(['trian']);
  assert.equal(unknown.error?.code, 'commander.unknownCommand');
  assert.match(unknown.err, /unknown command 'trian'/);
});

// main, through the built binary (bin/kerasts runs dist/): the exit code really reaches the shell.
test('main: a usage mistake and a bad input exit 2 with one line; --help exits 0', async (t) => {
  const { dir: home, remove } = tempDir('kerasts-cli-');
  t.after(remove);
  const missing = join(ROOT, 'no-such-spec.json');
  // Three launches at once: each costs seconds on a loaded machine.
  const [option, bad, help] = await Promise.all([
    runCliAsync(['config', '--bogus'], home),
    runCliAsync(['summary', missing], home),
    runCliAsync(['--help'], home),
  ]);
  assert.equal(option.status, 2);
  assert.equal(option.stderr, "kerasts: unknown option '--bogus'. See kerasts config --help.\n", 'a usage mistake is one line too');
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /^kerasts: .*no-such-spec\.json/);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--image-dim-ordering <ordering>/);
  assert.match(help.stdout, /config \[options\]\s+print the resolved settings/);
  assert.match(help.stdout, /Examples:/);
});
