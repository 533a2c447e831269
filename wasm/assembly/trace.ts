// Exported surface of the key-wrap TRACE module (issue 13, "inside a key wrap"; the JS side is
// ../../src/crypto/aeskw-trace.ts). A module of its own, built to build/trace.wasm: the core every
// page loads (index.ts → release.wasm) does not carry it, and this one loads only when a learner
// opens the view. Same memory layout (memory.ts) and calling convention as index.ts: the caller
// writes the key to KEK and its input to the IO buffer, calls traceWrap / traceUnwrap, reads the
// output at IO and the steps in the trace region, and wipes both. Nothing is allocated.

import { KEK, IV, IO, IO_SIZE, OUT_LEN, MAX_INPUT, MAX_WRAPPED, REGION_BASE, MEMORY_PAGES } from './memory';
import { TRACE, TRACE_SIZE, TRACE_CAP, TRACE_START_CAP, TRACE_STEPS, TRACE_STEP_BYTES } from './memory';

export { traceWrap, traceUnwrap } from './kw-trace';
export { KEK, IV, IO, IO_SIZE, OUT_LEN, MAX_INPUT, MAX_WRAPPED, TRACE, TRACE_SIZE, TRACE_CAP, TRACE_START_CAP, TRACE_STEPS, TRACE_STEP_BYTES };

/** Success, refused (as index.ts), caller error. */
export const STATUS_OK: i32 = 0;
export const STATUS_FAIL: i32 = 1;
export const STATUS_BAD_ARG: i32 = 2;

// start function: reserve the fixed regions (the trace runs on the constant-time core: no tables)
if (<u32>__heap_base > REGION_BASE) unreachable();
{
  const have = memory.size();
  if (have < MEMORY_PAGES && memory.grow(MEMORY_PAGES - have) < 0) unreachable();
}
