// The architecture rules of issue 10, read off src/ with the TypeScript compiler API so that a
// change breaking one fails here with the offender's name, not in review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { RUN_FILES } from '../src/run/layout.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const MAX_FUNCTION_LINES = 80;

/** Modules without a mirrored test, each with the reason; keep this short. */
const NO_MIRRORED_TEST: Readonly<Record<string, string>> = {
  'train/parallel/gradient-worker.ts':
    'a worker thread entry (one call to replica.ts); it only runs as a worker, which test/train/parallel/parallel-step.test.ts starts',
};

/** tfjs's model-file names belong to the model format (src/io/), which a run directory reuses. */
const MODEL_FORMAT_NAMES = new Set<string>([RUN_FILES.model, RUN_FILES.weights]);

interface Module {
  /** Path relative to src/, with '/' separators. */
  path: string;
  source: ts.SourceFile;
}

function listTs(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const child = join(dir, name);
      if (statSync(child).isDirectory()) return listTs(child);
      return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [child] : [];
    });
}

function parse(path: string, text: string): Module {
  return { path, source: ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true) };
}

const modules: Module[] = listTs(SRC).map((file) => parse(relative(SRC, file).split(sep).join('/'), readFileSync(file, 'utf8')));

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

/** Relative module specifiers of static imports, re-exports and dynamic `import('...')`. */
function importSpecifiers(source: ts.SourceFile): string[] {
  const found: string[] = [];
  walk(source, (node) => {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) specifier = node.moduleSpecifier;
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) specifier = node.arguments[0];
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) found.push(specifier.text);
  });
  return found;
}

/** The folder a module belongs to: its top directory under src/, or the file itself at src/'s top. */
function folderOf(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? path : path.slice(0, slash);
}

function resolveImport(from: string, specifier: string): string {
  const target = join(dirname(from), specifier).split(sep).join('/');
  return target.replace(/\.js$/, '.ts');
}

function folderGraph(of: readonly Module[]): Map<string, Map<string, string>> {
  // folder -> (imported folder -> one "a.ts imports b.ts" example, for the message)
  const graph = new Map<string, Map<string, string>>();
  for (const { path, source } of of) {
    const from = folderOf(path);
    for (const specifier of importSpecifiers(source)) {
      const target = resolveImport(path, specifier);
      const to = folderOf(target);
      if (to === from || target.startsWith('..')) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `src/${path} imports src/${target}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** One cycle per strongly connected group, as the import lines that close it. */
function findCycles(graph: Map<string, Map<string, string>>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const search = (start: string, node: string, trail: string[], seen: Set<string>): string[] | undefined => {
    for (const [next, example] of graph.get(node) ?? []) {
      if (next === start) return [...trail, example];
      if (seen.has(next) || done.has(next)) continue;
      seen.add(next);
      const found = search(start, next, [...trail, example], seen);
      if (found) return found;
    }
    return undefined;
  };
  for (const folder of [...graph.keys()].sort()) {
    const cycle = search(folder, folder, [], new Set([folder]));
    if (cycle) cycles.push(cycle);
    done.add(folder);
  }
  return cycles;
}

function importCycles(of: readonly Module[]): string[] {
  return findCycles(folderGraph(of)).map((cycle) => cycle.join(', then '));
}

test('no import cycle between the folders of src/', () => {
  const cycles = importCycles(modules);
  assert.ok(cycles.length === 0, `import cycles between folders of src/:\n  ${cycles.join('\n  ')}`);
});

function functionName(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText();
  if (ts.isVariableDeclaration(node.parent) || ts.isPropertyAssignment(node.parent) || ts.isPropertyDeclaration(node.parent)) {
    return node.parent.name.getText();
  }
  return ts.isConstructorDeclaration(node) ? 'constructor' : '(anonymous)';
}

function longFunctions(of: readonly Module[]): string[] {
  const long: string[] = [];
  for (const { path, source } of of) {
    walk(source, (node) => {
      if (!ts.isFunctionLike(node) || !('body' in node) || !node.body) return;
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > MAX_FUNCTION_LINES) long.push(`src/${path}:${start + 1} ${functionName(node)} is ${lines} lines`);
    });
  }
  return long;
}

test(`no function, method or arrow function in src/ is over ${MAX_FUNCTION_LINES} lines`, () => {
  const long = longFunctions(modules);
  assert.ok(long.length === 0, `functions over ${MAX_FUNCTION_LINES} lines (split them):\n  ${long.join('\n  ')}`);
});

/** The run-directory names a string literal spells: itself, or any '/'-separated part of it. */
function runNamesIn(text: string, names: ReadonlySet<string>): string[] {
  return [text, ...text.split('/')].filter((part) => names.has(part));
}

function runNameOffenders(of: readonly Module[]): string[] {
  const names = new Set<string>(Object.values(RUN_FILES));
  const offenders: string[] = [];
  for (const { path, source } of of) {
    if (path.startsWith('run/')) continue;
    walk(source, (node) => {
      if (!ts.isStringLiteralLike(node) && !ts.isTemplateLiteralToken(node)) return;
      if (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent)) return;
      const text = (node as ts.LiteralLikeNode).text;
      for (const name of new Set(runNamesIn(text, names))) {
        if (path.startsWith('io/') && MODEL_FORMAT_NAMES.has(name)) continue;
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        offenders.push(`src/${path}:${line} spells '${name}' (use RUN_FILES from src/run/)`);
      }
    });
  }
  return offenders;
}

test('only src/run/ spells run-directory file names (RUN_FILES)', () => {
  const offenders = runNameOffenders(modules);
  assert.ok(offenders.length === 0, `run-directory names outside src/run/:\n  ${offenders.join('\n  ')}`);
});

test('src/ takes tfjs through util/tfjs.cts (require), never by a value import of @tensorflow/tfjs', () => {
  // An ESM import makes Node scan tfjs's CommonJS bundles for export names: ~0.4 s per process.
  const offenders = modules.flatMap((m) =>
    m.source.statements
      .filter((node): node is ts.ImportDeclaration => ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly)
      .filter((node) => (node.moduleSpecifier as ts.StringLiteral).text === '@tensorflow/tfjs')
      .map(() => m.path),
  );
  assert.deepEqual(offenders, [], `value imports of @tensorflow/tfjs: ${offenders.join(', ')}`);
});

/** A value fixed by the text alone: literals, arithmetic on them, other constants' names, `as const`. */
function isConstantExpression(node: ts.Expression): boolean {
  if (ts.isNumericLiteral(node) || ts.isStringLiteralLike(node) || ts.isIdentifier(node)) return true;
  if ([ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword].includes(node.kind)) return true;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return isConstantExpression(node.expression);
  if (ts.isPrefixUnaryExpression(node)) return isConstantExpression(node.operand);
  if (ts.isBinaryExpression(node)) return isConstantExpression(node.left) && isConstantExpression(node.right);
  if (ts.isArrayLiteralExpression(node)) return node.elements.every(isConstantExpression);
  if (ts.isObjectLiteralExpression(node)) return node.properties.every((p) => ts.isPropertyAssignment(p) && isConstantExpression(p.initializer));
  return false;
}

/** `const NAME = <constant expression>`, for every name the statement declares. */
function declaresOnlyConstants(statement: ts.Statement): boolean {
  if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) return false;
  return statement.declarationList.declarations.every((d) => d.initializer !== undefined && isConstantExpression(d.initializer));
}

/**
 * Whether a module does anything at run time: more than imports, re-exports, types and
 * constants written out as literals (src/util/limits.ts, src/backend/kernel-names.ts), which
 * a test could only restate.
 */
function hasLogic(source: ts.SourceFile): boolean {
  return source.statements.some(
    (statement) =>
      !ts.isImportDeclaration(statement) &&
      !ts.isExportDeclaration(statement) &&
      !ts.isInterfaceDeclaration(statement) &&
      !ts.isTypeAliasDeclaration(statement) &&
      !declaresOnlyConstants(statement),
  );
}

/** The text a message starts with: a string literal, or a template's head. */
function messageStart(node: ts.Expression | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text === '' && node.templateSpans.length > 0 ? '${' : node.head.text;
  return undefined;
}

/**
 * A UserError located at an option prints `--flag: message`, so the message must neither name
 * the flag again ("--layer: --layer must ...", or start with a placeholder that may) nor start
 * with a capital ("--out: The folder ...").
 */
function optionMessageOffenders(of: readonly Module[]): string[] {
  const found: string[] = [];
  for (const { path, source } of of) {
    walk(source, (node) => {
      if (!ts.isNewExpression(node) || node.expression.getText(source) !== 'UserError') return;
      const details = node.arguments?.[1];
      if (details === undefined || !ts.isObjectLiteralExpression(details)) return;
      const location = details.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === 'location')?.initializer;
      const flag = location && ts.isStringLiteral(location) ? location.text : location && ts.isIdentifier(location) && /flag/i.test(location.text) ? '--' : undefined;
      if (flag === undefined || !flag.startsWith('--')) return;
      const start = messageStart(node.arguments?.[0]);
      if (start === undefined || /^(--|\$\{|[A-Z])/.test(start)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push(`src/${path}:${line} message at ${flag === '--' ? location!.getText(source) : flag} starts ${JSON.stringify((start ?? '?').slice(0, 12))}`);
      }
    });
  }
  return found;
}

test('a UserError at an option names the option once and reads lower-case after it', () => {
  assert.deepEqual(optionMessageOffenders(modules), []);
});

test('every module under src/ with logic has a mirrored test/<path>.test.ts', () => {
  const missing: string[] = [];
  for (const { path, source } of modules) {
    const base = join(ROOT, 'test', path.replace(/\.ts$/, ''));
    const tested = existsSync(`${base}.test.ts`) || existsSync(`${base}.slow.test.ts`);
    if (!tested && hasLogic(source) && !(path in NO_MIRRORED_TEST)) missing.push(`src/${path} -> test/${path.replace(/\.ts$/, '.test.ts')}`);
  }
  assert.ok(missing.length === 0, `modules without a mirrored test:\n  ${missing.join('\n  ')}`);
});

test('the allow-list of modules without a mirrored test names only modules that exist and lack one', () => {
  for (const path of Object.keys(NO_MIRRORED_TEST)) {
    assert.ok(existsSync(join(SRC, path)), `NO_MIRRORED_TEST names src/${path}, which does not exist`);
    assert.ok(!existsSync(join(ROOT, 'test', path.replace(/\.ts$/, '.test.ts'))), `src/${path} has a test now; drop it from NO_MIRRORED_TEST`);
  }
});

// The checks above pass on today's src/; these show each would catch an offender.
test('the checks name a planted cycle, long function and run-file literal, and tell constants from logic', () => {
  const cycle = [
    parse('io/a.ts', "import { b } from '../model/b.js';\nexport const a = b;"),
    parse('model/b.ts', "export const b = 1;\nexport async function c() { return import('../io/a.js'); }"),
  ];
  assert.deepEqual(importCycles(cycle), ['src/io/a.ts imports src/model/b.ts, then src/model/b.ts imports src/io/a.ts']);
  const body = Array.from({ length: MAX_FUNCTION_LINES - 2 }, (_, i) => `  const x${i} = ${i};`).join('\n');
  const long = [parse('train/long.ts', `export const f = () => {\n${body}\n  return 0;\n};\nfunction ok() {\n}`)];
  assert.deepEqual(longFunctions(long), [`src/train/long.ts:1 f is ${MAX_FUNCTION_LINES + 1} lines`]);
  const literal = [
    parse('viz/x.ts', "export const p = `${'d'}/checkpoint/state.json`;\nexport const q = 'metrics.json';\nexport const r = 'metrics';"),
    parse('io/y.ts', "export const m = 'model.json';"),
    parse('run/z.ts', "export const h = 'history.csv';"),
  ];
  const logic = (text: string) => hasLogic(parse('x.ts', text).source);
  assert.equal(logic("import type { A } from './a.js';\nexport interface B { a: A }\nconst K = 1024;\nexport const M = 2 * K;\nexport const N = ['a', { b: -1 }] as const;"), false);
  assert.equal(logic('export const M = Math.max(1, 2);'), true);
  assert.equal(logic('export let n = 1;'), true);
  assert.equal(logic('export const f = () => 1;'), true);
  assert.equal(logic('export function f() {}'), true);
  const messages = [
    parse('viz/m.ts', [
      "throw new UserError(`--layer must name a layer. Received: ${x}.`, { location: '--layer' });",
      "throw new UserError('The folder must exist.', { file, location: '--out' });",
      "throw new UserError(`${flag} must be 1.`, { location: flag });",
      "throw new UserError(`must name a layer. Received: ${x}.`, { location: '--layer' });",
      "throw new UserError('The model must have a layer.', { file });",
    ].join('\n')),
  ];
  assert.deepEqual(optionMessageOffenders(messages), [
    'src/viz/m.ts:1 message at --layer starts "--layer must"',
    'src/viz/m.ts:2 message at --out starts "The folder m"',
    'src/viz/m.ts:3 message at flag starts "${"',
  ]);
  assert.deepEqual(runNameOffenders(literal), [
    "src/viz/x.ts:1 spells 'checkpoint' (use RUN_FILES from src/run/)",
    "src/viz/x.ts:1 spells 'state.json' (use RUN_FILES from src/run/)",
    "src/viz/x.ts:2 spells 'metrics.json' (use RUN_FILES from src/run/)",
  ]);
});
