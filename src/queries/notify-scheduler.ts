type Run = () => void;

/**
 * How TanStack Query hands its notifications to React. By default each batch of them gets its
 * own `setTimeout(0)`, so each query that changes in one task (a fetch started, a column read
 * arriving from a worker) makes its own task and its own React render. Here every batch waiting
 * when the timer fires runs in that one task, in order, and React renders them together.
 * Nothing runs later than it would have; some run sooner.
 *
 * @example
 * notifyManager.setScheduler(coalescedTimeouts());
 */
export function coalescedTimeouts(
  later: (run: Run) => void = (run) => setTimeout(run, 0),
  // As a task of its own would: the error reported, the other notifications still run.
  report: (error: unknown) => void = (error) =>
    queueMicrotask(() => {
      throw error;
    }),
): (callback: Run) => void {
  let waiting: Run[] = [];
  return (callback) => {
    waiting.push(callback);
    if (waiting.length > 1) return;
    later(() => {
      const run = waiting;
      waiting = [];
      for (const notify of run) {
        try {
          notify();
        } catch (error) {
          report(error);
        }
      }
    });
  };
}
