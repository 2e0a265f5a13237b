import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The module boundaries, checked over the real import graph (in the spirit of kgrzybek's
 * ArchTests): apps import libs and workflows, never another app, except that the launcher (the
 * composition root that starts the services in one process) may import another app's entry,
 * `apps/<app>/src/index.ts`; libs and workflows import no app; a lib is entered through its
 * `@ledger/<name>` alias (its index.ts), never by a path into its files; libs/domain imports
 * only its own files.
 */

const repoRoot = resolve(__dirname, '../..');

/** One import of one source file: `target` is a repository path, or undefined for a package. */
interface Edge {
  from: string;
  specifier: string;
  target?: string;
  typeOnly: boolean;
}

const COMPOSITION_ROOT = 'apps/launcher';
// What every service process shares to start (libs/bootstrap) starts the supervision workflows
// by their definitions (the workflow, its id, its signal), as a client does: the worker, the
// launcher and the CLI's plan import all do, and no app may import another's. No other lib may.
const WORKFLOW_CLIENT_LIBS = new Set(['libs/bootstrap']);
// PlanPublished carries the plan as the catalogue defines it; the catalogue is itself pure
// TypeScript, and a type import leaves nothing behind at run time.
const DOMAIN_TYPE_IMPORTS = new Set(['@ledger/plan-catalog']);
// The console is built on its own (Vite, apps/web/tsconfig.json), without the `@ledger/*`
// aliases, and ships no server code. It takes these files of the domain by path: each imports
// nothing, so the words on screen are the ones the API and the exports use.
const CONSOLE_DOMAIN_FILES = new Set(['libs/domain/src/event-labels.ts']);

/** `apps/api`, `libs/domain`, `workflows` — the part a repository path belongs to. */
function partOf(path: string): string | undefined {
  const [top, name] = path.split('/');
  if (top === 'workflows') return 'workflows';
  if ((top === 'apps' || top === 'libs') && name) return `${top}/${name}`;
  return undefined;
}

const aliasOf = (part: string) => (part === 'workflows' ? '@ledger/workflows' : `@ledger/${part.slice('libs/'.length)}`);
const isEntryOf = (path: string, part: string) => /^src\/index\.tsx?$/.test(posix.relative(part, path));

function violations(edge: Edge): string[] {
  const from = partOf(edge.from);
  const to = edge.target === undefined ? undefined : partOf(edge.target);
  const found: string[] = [];
  const say = (rule: string) => found.push(`${edge.from} imports '${edge.specifier}': ${rule}`);

  if (from?.startsWith('apps/') && to?.startsWith('apps/') && to !== from) {
    const allowed = from === COMPOSITION_ROOT && isEntryOf(edge.target!, to);
    if (!allowed) say(`an app never imports another app (${COMPOSITION_ROOT} may import only ${to}/src/index.ts)`);
  }
  if (from && !from.startsWith('apps/') && to?.startsWith('apps/')) say('libs and workflows never import an app');
  if (from?.startsWith('libs/') && to === 'workflows' && !WORKFLOW_CLIENT_LIBS.has(from)) say('libs never import workflows');
  const consoleTakesDomainFile = from === 'apps/web' && CONSOLE_DOMAIN_FILES.has(edge.target!);
  if (to && !to.startsWith('apps/') && to !== from && edge.specifier !== aliasOf(to) && !consoleTakesDomainFile) {
    say(`enter ${to} through '${aliasOf(to)}' (its index.ts)`);
  }
  if (from === 'libs/domain' && to !== 'libs/domain' && !(edge.typeOnly && DOMAIN_TYPE_IMPORTS.has(edge.specifier))) {
    say('libs/domain imports only its own files: no framework, no package, no other lib');
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveSpecifier(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier === '@ledger/workflows') base = 'workflows/src';
  else if (specifier.startsWith('@ledger/')) base = posix.join('libs', specifier.slice('@ledger/'.length).replace(/^([^/]+)/, '$1/src'));
  else if (specifier.startsWith('.')) base = posix.join(posix.dirname(from), specifier);
  else return undefined;
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  const isFile = (path: string) => existsSync(join(repoRoot, path)) && statSync(join(repoRoot, path)).isFile();
  // A path that leads nowhere still names the part it points into, which is what the rules judge.
  return candidates.find(isFile) ?? base;
}

function importsOf(path: string): Edge[] {
  const source = ts.createSourceFile(path, readFileSync(join(repoRoot, path), 'utf8'), ts.ScriptTarget.Latest, false);
  const edges: Edge[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteral(specifier)) return;
    edges.push({ from: path, specifier: specifier.text, target: resolveSpecifier(path, specifier.text), typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, Boolean(node.importClause?.isTypeOnly));
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node.isTypeOnly);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || isRequire(node.expression))) {
      add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

const isRequire = (expression: ts.Expression) => ts.isIdentifier(expression) && expression.text === 'require';

describe('module boundaries', () => {
  const files = ['apps', 'libs', 'workflows'].flatMap(sourceFiles);

  it('hold across every import of apps/, libs/ and workflows/', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap(importsOf).flatMap(violations)).toEqual([]);
  });

  it('the launcher starts the API and the worker through their entries', () => {
    const launcherTargets = files.filter((file) => file.startsWith('apps/launcher/')).flatMap(importsOf);
    expect(launcherTargets.map((edge) => edge.target)).toEqual(
      expect.arrayContaining(['apps/api/src/index.ts', 'apps/worker/src/index.ts']),
    );
  });

  describe('each rule rejects what it forbids', () => {
    const edge = (from: string, specifier: string, typeOnly = false): Edge => ({
      from,
      specifier,
      target: resolveSpecifier(from, specifier),
      typeOnly,
    });

    it.each([
      ['apps/api/src/main.ts', '../../launcher/src/system', 'an app never imports another app'],
      ['apps/cli/src/storage.ts', '../../api/src', 'an app never imports another app'],
      ['apps/launcher/src/system.ts', '../../api/src/runtime', 'may import only apps/api/src/index.ts'],
      ['libs/bootstrap/src/storage.ts', '../../../apps/api/src', 'libs and workflows never import an app'],
      ['workflows/src/index.ts', '../../apps/worker/src/activities', 'libs and workflows never import an app'],
      ['libs/read-models/src/index.ts', '@ledger/workflows', 'libs never import workflows'],
      ['apps/api/src/main.ts', '@ledger/domain/report/state', "through '@ledger/domain'"],
      ['libs/read-models/src/index.ts', '../../domain/src/report/state', "through '@ledger/domain'"],
      ['libs/domain/src/report/state.ts', '@nestjs/common', 'libs/domain imports only its own files'],
      ['libs/domain/src/report/state.ts', 'node:crypto', 'libs/domain imports only its own files'],
      ['libs/domain/src/report/state.ts', '@ledger/event-store', 'libs/domain imports only its own files'],
      ['libs/domain/src/plan/events.ts', '@ledger/plan-catalog', 'libs/domain imports only its own files'],
    ])('%s importing %s', (from, specifier, rule) => {
      expect(violations(edge(from, specifier)).join('\n')).toContain(rule);
    });

    it.each([
      ['apps/launcher/src/system.ts', '../../api/src'],
      ['apps/api/src/main.ts', '@ledger/bootstrap'],
      ['apps/api/src/main.ts', '.'],
      ['apps/worker/src/activities.ts', '@ledger/workflows'],
      ['libs/read-models/src/index.ts', '@ledger/domain'],
      ['libs/domain/src/report/index.ts', './state'],
    ])('%s may import %s', (from, specifier) => {
      expect(violations(edge(from, specifier))).toEqual([]);
    });

    it('libs/domain may take the plan catalogue’s types, and nothing else of it', () => {
      expect(violations(edge('libs/domain/src/plan/events.ts', '@ledger/plan-catalog', true))).toEqual([]);
    });
  });
});

describe('the domain files the console takes by path', () => {
  it('import nothing, so the browser bundle takes nothing else with them', () => {
    expect(importsOf('libs/domain/src/event-labels.ts')).toEqual([]);
  });
});
