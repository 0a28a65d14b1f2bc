/**
 * How many connections each address holds, against CONNECTIONS_PER_ADDRESS:
 * here in one node's memory; redis-connection-counts.ts counts across the
 * nodes that share Redis.
 */

export interface ConnectionCounts {
  /** Takes a place for one more connection from `address`; false when it holds the cap already. */
  acquire(address: string): Promise<boolean>;
  /** Gives back a place `acquire` granted, when the connection closes. */
  release(address: string): void;
  /** Stops any timers; the node is closing. */
  stop(): Promise<void>;
}

export class MemoryConnectionCounts implements ConnectionCounts {
  private readonly held = new Map<string, number>();

  constructor(private readonly cap: number) {}

  async acquire(address: string): Promise<boolean> {
    const count = this.held.get(address) ?? 0;
    if (count >= this.cap) return false;
    this.held.set(address, count + 1);
    return true;
  }

  release(address: string): void {
    const count = (this.held.get(address) ?? 0) - 1;
    if (count > 0) this.held.set(address, count);
    else this.held.delete(address);
  }

  async stop(): Promise<void> {}
}
