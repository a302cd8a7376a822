// Bump allocator over the imported env.memory. The SDK saves/restores the heap pointer between evaluations
// (opa_heap_ptr_get/set), so nothing is ever freed individually: evaluation is short-lived.

// Mutable so an emitter that appends data segments can move the heap start past them (see runtime-api.ts).
export let __rego_heap_start: usize = 0;
let heapPtr: usize = 0;

@inline function heapBase(): usize {
  if (__rego_heap_start == 0) __rego_heap_start = (__heap_base + 15) & ~15;
  return __rego_heap_start;
}

export function heapGet(): usize {
  if (heapPtr == 0) heapPtr = heapBase();
  return heapPtr;
}

export function heapSet(p: usize): void {
  heapPtr = p;
}

@external("env", "opa_abort")
export declare function opa_abort(addr: usize): void;

export function alloc(size: usize): usize {
  let p = heapGet();
  p = (p + 7) & ~7;
  const end = p + size;
  const have = (<usize>memory.size()) << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) {
      abortRaw();
    }
  }
  heapPtr = end;
  return p;
}

// "out of memory" written at address 0..63 (reserved: built with --memoryBase 64) then aborted.
function abortRaw(): void {
  const msg = "eval_internal_error: out of memory";
  const n = msg.length;
  for (let i = 0; i < n; i++) store<u8>(<usize>i, <u8>msg.charCodeAt(i));
  store<u8>(<usize>n, 0);
  opa_abort(0);
  unreachable();
}

export function allocZero(size: usize): usize {
  const p = alloc(size);
  memory.fill(p, 0, size);
  return p;
}
