// graph.reachable (breadth-first, nodes present in the graph) and graph.reachable_paths (every maximal
// cycle-free path from an initial node, following only neighbours that are nodes of the graph).
import { vtype, vlen, T_ARR, T_OBJ, T_SET, T_NULL, mkSet, mkArr, arrPush, arrGet, keyAtRaw, valAtRaw } from "../value";
import { collFind, collPut, ensureSorted } from "../collections";
import { equal } from "../compare";
import { typeErr } from "../types";

function neighbours(graph: usize, node: usize): usize {
  const f = collFind(graph, node);
  if (f < 0) return 0;
  const e = valAtRaw(graph, f);
  if (vtype(e) == T_SET) ensureSorted(e);
  return e;
}
@inline function count(e: usize): i32 { return e == 0 || vtype(e) == T_NULL ? 0 : (vtype(e) == T_ARR || vtype(e) == T_SET ? vlen(e) : 0); }
@inline function at(e: usize, i: i32): usize { return vtype(e) == T_ARR ? arrGet(e, i) : keyAtRaw(e, i); }

export function bi_graph_reachable(graph: usize, initial: usize): usize {
  if (vtype(graph) != T_OBJ) return typeErr("graph.reachable", 1, "object", graph);
  const it = vtype(initial);
  if (it != T_ARR && it != T_SET) return typeErr("graph.reachable", 2, "one of {array, set}", initial);
  const reached = mkSet();
  const queue = mkArr(16);
  for (let i = 0; i < vlen(initial); i++) arrPush(queue, at(initial, i));
  for (let q = 0; q < vlen(queue); q++) {
    const node = arrGet(queue, q);
    if (collFind(reached, node) >= 0) continue;
    const e = neighbours(graph, node);
    if (e == 0) continue;
    collPut(reached, node, 0);
    for (let i = 0; i < count(e); i++) {
      const nb = at(e, i);
      if (collFind(reached, nb) < 0) arrPush(queue, nb);
    }
  }
  return reached;
}

function walkPaths(graph: usize, node: usize, path: usize, out: usize): void {
  const p = mkArr(vlen(path) + 1);
  for (let i = 0; i < vlen(path); i++) arrPush(p, arrGet(path, i));
  arrPush(p, node);
  const e = neighbours(graph, node);
  let extended = false;
  for (let i = 0; i < count(e); i++) {
    const nb = at(e, i);
    if (collFind(graph, nb) < 0) continue;
    let seen = false;
    for (let j = 0; j < vlen(p); j++) if (equal(arrGet(p, j), nb)) { seen = true; break; }
    if (seen) continue;
    extended = true;
    walkPaths(graph, nb, p, out);
  }
  if (!extended) collPut(out, p, 0);
}

export function bi_graph_reachable_paths(graph: usize, initial: usize): usize {
  if (vtype(graph) != T_OBJ) return typeErr("graph.reachable_paths", 1, "object", graph);
  const it = vtype(initial);
  if (it != T_ARR && it != T_SET) return typeErr("graph.reachable_paths", 2, "one of {array, set}", initial);
  const out = mkSet();
  for (let i = 0; i < vlen(initial); i++) {
    const n = at(initial, i);
    if (collFind(graph, n) < 0) continue;
    walkPaths(graph, n, mkArr(0), out);
  }
  return out;
}
