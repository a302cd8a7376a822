// print(): each operand arrives as the set of its values (empty when undefined), and every combination of them
// is one line, as OPA's print prints: strings as they are, other values as Rego terms, `<undefined>` for an
// operand without a value. The lines go to the host through a JS builtin (runtime-api.ts).
import { vtype, vlen, T_ARR, T_SET, T_STR, arrGet, keyAtRaw, mkArr, arrPush, lit } from "../value";
import { ensureSorted } from "../collections";
import { dumpTo } from "../json";
import { bufNew, bufByte, bufStrV, bufToStr } from "../buf";

function lines(ops: usize, i: i32, parts: usize, out: usize): void {
  if (i >= vlen(ops)) {
    const b = bufNew(64);
    for (let j = 0; j < vlen(parts); j++) {
      if (j > 0) bufByte(b, 32);
      const p = arrGet(parts, j);
      if (vtype(p) == T_STR) bufStrV(b, p);
      else dumpTo(b, p, 3);
    }
    arrPush(out, bufToStr(b));
    return;
  }
  const xs = arrGet(ops, i);
  if (vtype(xs) != T_SET || vlen(xs) == 0) {
    arrPush(parts, lit("<undefined>"));
    lines(ops, i + 1, parts, out);
  } else {
    ensureSorted(xs);
    for (let k = 0; k < vlen(xs); k++) {
      arrPush(parts, keyAtRaw(xs, k));
      lines(ops, i + 1, parts, out);
      store<i32>(parts, vlen(parts) - 1, 4); // pop
    }
    return;
  }
  store<i32>(parts, vlen(parts) - 1, 4); // pop the <undefined>
}

// internal.print_lines([set, set, ...]) -> array of the lines print writes
export function bi_internal_print_lines(ops: usize): usize {
  const out = mkArr(1);
  if (vtype(ops) != T_ARR) return out;
  lines(ops, 0, mkArr(vlen(ops)), out);
  return out;
}
