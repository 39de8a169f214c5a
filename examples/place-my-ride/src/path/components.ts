import { type RoadGraph, subgraph } from "./road-graph.js";

/**
 * Marks the nodes of the largest strongly connected component (Kosaraju, iterative so a long
 * road does not overflow the call stack). Inside it every intersection can reach every other,
 * which is what a city map should promise before `avoid` comes into play.
 */
export function largestStronglyConnected(graph: RoadGraph): Uint8Array {
  const n = graph.nodeCount;
  const order = finishOrder(graph);
  const reverse = reverseAdjacency(graph);
  const component = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const sizes: number[] = [];
  // Second pass: in reverse finishing order on the reversed graph, each tree is one component.
  for (let k = n - 1; k >= 0; k--) {
    const root = order[k]!;
    if (component[root] !== -1) continue;
    const id = sizes.length;
    let size = 0;
    let top = 0;
    stack[top++] = root;
    component[root] = id;
    while (top > 0) {
      const v = stack[--top]!;
      size++;
      for (let i = reverse.first[v]!; i < reverse.first[v + 1]!; i++) {
        const u = reverse.sources[i]!;
        if (component[u] === -1) {
          component[u] = id;
          stack[top++] = u;
        }
      }
    }
    sizes.push(size);
  }
  let best = 0;
  for (let id = 1; id < sizes.length; id++) if (sizes[id]! > sizes[best]!) best = id;
  const keep = new Uint8Array(n);
  for (let v = 0; v < n; v++) if (component[v] === best) keep[v] = 1;
  return keep;
}

/** The graph cut down to its largest strongly connected component. */
export function restrictToLargestComponent(graph: RoadGraph): RoadGraph {
  return subgraph(graph, largestStronglyConnected(graph));
}

/** First Kosaraju pass: nodes in order of DFS completion on the forward graph. */
function finishOrder(graph: RoadGraph): Int32Array {
  const n = graph.nodeCount;
  const order = new Int32Array(n);
  const visited = new Uint8Array(n);
  const stack = new Int32Array(n);
  // Per stacked node, the next out-edge to look at: an explicit DFS frame.
  const nextEdge = new Uint32Array(n);
  let done = 0;
  for (let root = 0; root < n; root++) {
    if (visited[root] === 1) continue;
    let top = 0;
    stack[top++] = root;
    visited[root] = 1;
    nextEdge[root] = graph.firstEdge[root]!;
    while (top > 0) {
      const v = stack[top - 1]!;
      const e = nextEdge[v]!;
      if (e < graph.firstEdge[v + 1]!) {
        nextEdge[v] = e + 1;
        const w = graph.edgeTarget[e]!;
        if (visited[w] === 0) {
          visited[w] = 1;
          nextEdge[w] = graph.firstEdge[w]!;
          stack[top++] = w;
        }
      } else {
        top--;
        order[done++] = v;
      }
    }
  }
  return order;
}

/** In-edges per node, in CSR form: the sources of the edges into `v`. */
function reverseAdjacency(graph: RoadGraph): { first: Uint32Array; sources: Uint32Array } {
  const n = graph.nodeCount;
  const first = new Uint32Array(n + 1);
  for (let e = 0; e < graph.edgeCount; e++) first[graph.edgeTarget[e]! + 1]!++;
  for (let v = 0; v < n; v++) first[v + 1]! += first[v]!;
  const cursor = first.slice(0, n);
  const sources = new Uint32Array(graph.edgeCount);
  for (let e = 0; e < graph.edgeCount; e++) {
    sources[cursor[graph.edgeTarget[e]!]!++] = graph.edgeSource[e]!;
  }
  return { first, sources };
}
