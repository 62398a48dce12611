// Milestones of the first screen, sent with the first-paint report, so that the shell's
// debug log (KRETSLOPP_LOG=debug) shows where a slow start spent its time.
import type { PaintMarks } from '../backend';

const marks: [string, number][] = [];

export function mark(name: string): void {
  marks.push([name, performance.now()]);
}

/** The page's own load (Navigation and Resource Timing) before the marks made here. */
function pageLoad(): [string, number][] {
  const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  const loaded: [string, number][] = (
    performance.getEntriesByType('resource') as PerformanceResourceTiming[]
  ).map((r) => [`loaded ${r.name.split('/').pop() ?? r.name}`, r.responseEnd]);
  return nav
    ? [
        ['page requested', nav.requestStart],
        ['page received', nav.responseEnd],
        ...loaded,
        ['page parsed', nav.domInteractive],
      ]
    : loaded;
}

export function paintMarks(): PaintMarks {
  return { originMs: performance.timeOrigin, marks: [...pageLoad(), ...marks].slice(0, 16) };
}
