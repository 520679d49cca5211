// Where a sampled CPU profile (.cpuprofile, V8's format) spent its time: self time by function and by area
// (TMA's own code, a package, Node's internals, native code, garbage collection, idle). Enough to say what
// bounds a phase without opening the profile in a browser's devtools.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Wall time the profile covers, in milliseconds. */
  totalMs: number;
  /** Time the thread had nothing to do. */
  idleMs: number;
  areas: Array<{ area: string; ms: number; share: number }>;
  /** With the callers that account for most of each function's time (native code says little alone). */
  functions: Array<{
    name: string;
    where: string;
    ms: number;
    share: number;
    callers: Array<{ name: string; where: string; ms: number }>;
  }>;
}

/** The area of a frame: TMA's module, a package in node_modules, Node's internals, or a V8 marker. */
function areaOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (url === '') {
    if (functionName.startsWith('(')) return functionName;
    return '(native)';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  const own = /\/(server|bench)\/(.*)$/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  return url;
}

function whereOf(frame: ProfileNode['callFrame']): string {
  if (frame.url === '') return '';
  const short = frame.url
    .replace(/^.*\/node_modules\//, '')
    .replace(/^file:\/\/.*?\/(server|bench)\//, '$1/');
  return `${short}:${frame.lineNumber + 1}`;
}

/** Self time of every function and area of a .cpuprofile file, largest first. */
export function summariseProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    // Each sample's delta is the time since the previous sample: it belongs to this sample's frame.
    const delta = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    selfMs.set(id, (selfMs.get(id) ?? 0) + delta);
  });
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const areas = new Map<string, number>();
  const functions = new Map<
    string,
    {
      name: string;
      where: string;
      ms: number;
      callers: Map<string, { name: string; where: string; ms: number }>;
    }
  >();
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (!node) continue;
    const area = areaOf(node.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const name = node.callFrame.functionName || '(anonymous)';
    const where = whereOf(node.callFrame);
    const key = `${name} ${where}`;
    const entry = functions.get(key) ?? { name, where, ms: 0, callers: new Map() };
    entry.ms += ms;
    functions.set(key, entry);
    const parent = parentOf.get(id);
    if (parent) {
      const caller = {
        name: parent.callFrame.functionName || '(anonymous)',
        where: whereOf(parent.callFrame),
      };
      const callerKey = `${caller.name} ${caller.where}`;
      const known = entry.callers.get(callerKey) ?? { ...caller, ms: 0 };
      known.ms += ms;
      entry.callers.set(callerKey, known);
    }
  }
  const idleMs = areas.get('(idle)') ?? 0;
  const share = (ms: number) => Number((ms / totalMs).toFixed(3));
  return {
    totalMs: Math.round(totalMs),
    idleMs: Math.round(idleMs),
    areas: [...areas]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, ms]) => ({ area, ms: Math.round(ms), share: share(ms) })),
    functions: [...functions.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((entry) => ({
        name: entry.name,
        where: entry.where,
        ms: Math.round(entry.ms),
        share: share(entry.ms),
        callers: [...entry.callers.values()]
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 2)
          .map((caller) => ({ ...caller, ms: Math.round(caller.ms) })),
      })),
  };
}

export function formatProfileSummary(summary: ProfileSummary): string {
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)} %`;
  return [
    `    ${summary.totalMs} ms sampled, ${summary.idleMs} ms idle (the thread waiting)`,
    '    by area (self time):',
    ...summary.areas.map(
      (entry) => `      ${pct(entry.share)}  ${String(entry.ms).padStart(6)} ms  ${entry.area}`,
    ),
    '    by function (self time):',
    ...summary.functions.map((entry) => {
      const callers = entry.callers
        .filter((caller) => caller.ms >= entry.ms * 0.2)
        .map((caller) => `${caller.name}${caller.where ? ` ${caller.where}` : ''}`)
        .join(', ');
      const from = callers && !entry.name.startsWith('(') ? `  ← ${callers}` : '';
      return `      ${pct(entry.share)}  ${String(entry.ms).padStart(6)} ms  ${entry.name}${entry.where ? `  ${entry.where}` : ''}${from}`;
    }),
  ].join('\n');
}
