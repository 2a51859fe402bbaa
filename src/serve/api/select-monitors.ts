// The cardinality guard's choice: of all monitors, the `max` whose names come first in code-unit
// order (byte order for the ASCII names monitors have; the API's list order). The same monitors
// every scrape while the set is unchanged, so no series flap; found with a bounded max-heap in
// one pass, so 100,000 monitors cost no sort.

/** The `max` items with the smallest names, in name order, and how many were left out. */
export function firstByName<T extends { name: string }>(items: Iterable<T>, max: number): { chosen: T[]; omitted: number; total: number } {
  const heap: T[] = []; // a max-heap on name: heap[0] is the largest name kept
  let omitted = 0;
  for (const item of items) {
    if (heap.length < max) {
      heap.push(item);
      siftUp(heap, heap.length - 1);
    } else if (max > 0 && item.name < heap[0]!.name) {
      heap[0] = item;
      siftDown(heap, 0);
      omitted++;
    } else {
      omitted++;
    }
  }
  heap.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { chosen: heap, omitted, total: heap.length + omitted };
}

function siftUp<T extends { name: string }>(heap: T[], index: number): void {
  const item = heap[index]!;
  while (index > 0) {
    const parent = (index - 1) >> 1;
    if (heap[parent]!.name >= item.name) break;
    heap[index] = heap[parent]!;
    index = parent;
  }
  heap[index] = item;
}

function siftDown<T extends { name: string }>(heap: T[], index: number): void {
  const item = heap[index]!;
  const size = heap.length;
  for (;;) {
    let child = 2 * index + 1;
    if (child >= size) break;
    if (child + 1 < size && heap[child + 1]!.name > heap[child]!.name) child++;
    if (heap[child]!.name <= item.name) break;
    heap[index] = heap[child]!;
    index = child;
  }
  heap[index] = item;
}
