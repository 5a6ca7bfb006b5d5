/** Print trace events the way ftrace prints them (`task-0 [000] ..... event: fields`). */
import type { TraceEvent } from '../xfs-trace.js';

/** Field names whose printed label has a space (the recorder joined them with '_'). */
const LABELS: Record<string, string> = { prealloc_blocks: 'prealloc blocks' };

/** One event as a trace_pipe line (dev 7:0, the scratch loop device). */
export function formatTraceEvent(e: TraceEvent): string {
  const fields = Object.entries(e.fields)
    .map(([k, v]) => `${LABELS[k] ?? k} ${v}`)
    .join(' ');
  return `${e.ctx.padStart(16)} ${e.event}: dev 7:0 ${fields}`;
}
