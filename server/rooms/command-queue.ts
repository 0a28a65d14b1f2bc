/**
 * One queue per key: tasks with the same key run one at a time, in the order
 * they were queued; tasks with different keys run side by side. A key's queue
 * is dropped once it has drained, so idle rooms cost nothing.
 */
export class CommandQueues {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => T | Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.catch(() => {});
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
