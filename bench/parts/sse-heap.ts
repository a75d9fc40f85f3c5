import { readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil, sleep } from '../lib/clock';
import { round } from '../lib/stats';

/**
 * The node flag that makes Herald write a heap snapshot into its working directory on a signal. Not
 * SIGUSR2, the usual one: Nest's enableShutdownHooks() shuts the application down on it. SIGWINCH is
 * ignored by default and nobody in Herald listens to it.
 */
const HEAP_SNAPSHOT_SIGNAL = 'SIGWINCH';
export const HEAP_SNAPSHOT_FLAG = `--heapsnapshot-signal=${HEAP_SNAPSHOT_SIGNAL}`;

/** Where snapshots are kept for a look in DevTools (Memory → Load); git ignores them. */
const KEEP_DIR = join(__dirname, '..', 'results');

/**
 * Signals Herald (started with HEAP_SNAPSHOT_FLAG, working directory `dir`), waits until its snapshot
 * file is complete and moves it to bench/results/.
 */
export async function takeHeapSnapshot(pid: number, dir: string): Promise<string> {
  const before = new Set(snapshots(dir, pid));
  process.kill(pid, HEAP_SNAPSHOT_SIGNAL);
  let file: string | undefined;
  await pollUntil(
    () => {
      file = snapshots(dir, pid).find((name) => !before.has(name));
      return file !== undefined;
    },
    120_000,
    250,
  );
  if (!file) throw new Error(`no heap snapshot from pid ${pid} in ${dir}`);
  const path = join(dir, file);
  // Written in one go, but not atomically: wait until the size stops changing and the JSON closes.
  let size = -1;
  for (;;) {
    await sleep(500);
    const now = statSync(path).size;
    if (now === size && now > 0) break;
    size = now;
  }
  const kept = join(KEEP_DIR, file);
  renameSync(path, kept);
  return kept;
}

function snapshots(dir: string, pid: number): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.heapsnapshot') && name.includes(`.${pid}.`));
}

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Self sizes by "type name" (e.g. "object Socket", "closure onClose"), and their total. */
function sizesByKind(path: string): { total: number; kinds: Map<string, { bytes: number; count: number }> } {
  const heap = JSON.parse(readFileSync(path, 'utf8')) as HeapSnapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const kinds = new Map<string, { bytes: number; count: number }>();
  let total = 0;
  for (let i = 0; i < heap.nodes.length; i += width) {
    const type = types[heap.nodes[i + typeAt]];
    // Strings and numbers by value would be one kind each; code and hidden internals by name are noise.
    const name = type === 'object' || type === 'closure' ? heap.strings[heap.nodes[i + nameAt]] : '';
    const key = name ? `${type} ${name}` : type;
    const size = heap.nodes[i + sizeAt];
    total += size;
    const kind = kinds.get(key);
    if (kind) {
      kind.bytes += size;
      kind.count++;
    } else kinds.set(key, { bytes: size, count: 1 });
  }
  return { total, kinds };
}

export interface HeapPerStream {
  baseFile: string;
  openFile: string;
  streams: number;
  /** (heap with the streams − heap before) / streams. */
  bytesPerStream: number;
  /** What grew most, per stream: bytes and objects of each kind. */
  top: { kind: string; bytesPerStream: number; objectsPerStream: number }[];
}

/** What one stream adds to the JS heap, by kind of object, from two snapshots. */
export function summarizeHeap(baseFile: string, openFile: string, streams: number): HeapPerStream {
  const base = sizesByKind(baseFile);
  const open = sizesByKind(openFile);
  const per = (n: number) => round(n / Math.max(1, streams), 2);
  const top = [...open.kinds.entries()]
    .map(([kind, now]) => {
      const was = base.kinds.get(kind) ?? { bytes: 0, count: 0 };
      return {
        kind,
        bytesPerStream: per(now.bytes - was.bytes),
        objectsPerStream: per(now.count - was.count),
      };
    })
    .sort((a, b) => b.bytesPerStream - a.bytesPerStream)
    .slice(0, 25);
  return { baseFile, openFile, streams, bytesPerStream: per(open.total - base.total), top };
}
