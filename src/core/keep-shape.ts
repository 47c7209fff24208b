/**
 * Hidden-class anchors, for classes whose instances live only while one text or one payload is evaluated
 * (views, view builders, payload segments, workspaces).
 *
 * V8 gives each object layout a hidden class (a "map"), and the optimised code of a hot function checks
 * the maps of the objects it reads. A map that no live object has is held weakly: a major GC that runs
 * between two evaluations, when no instance of such a class is alive, collects its map, and every
 * function compiled against it is deoptimised and compiled again (on the bench's docs megabyte, about one
 * major GC per 40 evaluations, each followed by ~5 slower evaluations, ~60 ms of CPU in all: the view
 * builder's and the word pass's hot loops among them, --trace-deopt "weak objects"). One instance of each
 * such class, kept here for the life of the process, keeps its map. Results never depend on it.
 */
const anchors: object[] = [];

/** Keeps `instance` (and so its hidden class) alive for the life of the process; returns it. */
export function keepShape<T extends object>(instance: T): T {
  anchors.push(instance);
  return instance;
}
