/**
 * What a starting node is doing, for /healthz and the page players see
 * before the game is ready ("Importing places, 64 %"): the stages main.ts
 * names, and the import's own progress as it goes.
 */
import type { Progress } from '../db/progress.js';

export interface StartupSnapshot {
  /** For people: "opening the database", "importing places", … */
  stage: string;
  /** 0–1 within a stage that can say so (the import); absent otherwise. */
  progress?: number;
}

export class StartupStatus implements Progress {
  private current: StartupSnapshot = { stage: 'starting' };
  private phasesDone = -1;
  private phaseTotal = 1;

  /**
   * @param importPhases How many phases the gazetteer's import reports
   * (reading the file, preparing the names, loading them into the
   * database); each counts for an equal share of "importing places".
   */
  constructor(private readonly importPhases = 3) {}

  /** Enters a stage without a measure of its own. */
  stage(stage: string): void {
    this.current = { stage };
  }

  snapshot(): StartupSnapshot {
    return { ...this.current };
  }

  phase(_label: string, total: number): void {
    this.phasesDone++;
    this.phaseTotal = Math.max(1, total);
    this.update(0);
  }

  update(done: number): void {
    const withinPhase = Math.min(1, Math.max(0, done / this.phaseTotal));
    const overall = (this.phasesDone + withinPhase) / this.importPhases;
    this.current = { stage: 'importing places', progress: Math.min(1, overall) };
  }

  finish(): void {
    this.current = { stage: 'getting ready' };
  }
}
