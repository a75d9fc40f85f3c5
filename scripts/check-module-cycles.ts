import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * `npm run check:cycles` (part of `npm test`): fails when the modules of src/ (its top-level folders:
 * users, auth, catalog, webhooks, …) import each other in a cycle, type-only imports included. A cycle
 * means a piece sits in the wrong module; this prints every cycle with one import that closes each step.
 */
const SRC = resolve(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** `src/auth/api-keys/x.ts` → `auth`; files directly in src/ (main.ts, app.module.ts) compose the rest. */
function moduleOf(file: string): string | null {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 && !parts[0].startsWith('..') ? parts[0] : null;
}

type Edge = { from: string; to: string };
const edges = new Map<string, Map<string, Edge>>();
for (const file of sourceFiles(SRC)) {
  const source = moduleOf(file);
  if (!source) continue;
  for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
    const target = resolveImport(file, fileName);
    const targetModule = target && moduleOf(target);
    if (!target || !targetModule || targetModule === source) continue;
    const out = edges.get(source) ?? new Map<string, Edge>();
    if (!out.has(targetModule))
      out.set(targetModule, { from: relative(SRC, file), to: relative(SRC, target) });
    edges.set(source, out);
  }
}

// Tarjan's strongly connected components: every component with more than one module holds a cycle.
const index = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
const components: string[][] = [];
let counter = 0;
function visit(node: string): void {
  index.set(node, counter);
  low.set(node, counter++);
  stack.push(node);
  onStack.add(node);
  for (const next of edges.get(node)?.keys() ?? []) {
    if (!index.has(next)) {
      visit(next);
      low.set(node, Math.min(low.get(node)!, low.get(next)!));
    } else if (onStack.has(next)) {
      low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
  }
  if (low.get(node) === index.get(node)) {
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) components.push(component.sort());
  }
}
[...edges.keys()].sort().forEach((node) => index.has(node) || visit(node));

if (process.argv.includes('--graph')) {
  // `npm run check:cycles -- --graph`: who depends on whom, for docs/ARCHITECTURE.md.
  for (const [from, out] of [...edges].sort()) console.log(`${from} → ${[...out.keys()].sort().join(', ')}`);
}
if (components.length === 0) {
  const count = [...edges.values()].reduce((n, out) => n + out.size, 0);
  console.log(`no import cycle between the ${edges.size} modules of src/ (${count} dependencies)`);
  process.exit(0);
}
for (const component of components) {
  console.error(`import cycle between src/ modules: ${component.join(', ')}`);
  for (const from of component) {
    for (const [to, edge] of edges.get(from) ?? []) {
      if (component.includes(to)) console.error(`  ${from} → ${to}: ${edge.from} imports ${edge.to}`);
    }
  }
}
process.exit(1);
