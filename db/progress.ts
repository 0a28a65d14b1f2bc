import cliProgress from 'cli-progress';

/** Reports a long job's progress as a series of phases, each counted from 0 to its total. */
export interface Progress {
  phase(label: string, total: number): void;
  update(done: number): void;
  finish(message: string): void;
}

export const silentProgress: Progress = {
  phase() {},
  update() {},
  finish() {},
};

/**
 * A progress bar when `stream` is a terminal, plain lines (one per phase and
 * per tenth of it) otherwise, so logs of a service manager stay readable.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? terminalProgress(stream) : lineProgress(stream);
}

function terminalProgress(stream: NodeJS.WriteStream): Progress {
  let bar: cliProgress.SingleBar | undefined;
  let label = '';
  return {
    phase(next, total) {
      bar?.stop();
      label = next;
      bar = new cliProgress.SingleBar(
        { stream, format: `${label.padEnd(28)} [{bar}] {percentage}% {value}/{total}`, fps: 10 },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    update(done) {
      bar?.update(done);
    },
    finish(message) {
      bar?.stop();
      bar = undefined;
      stream.write(`${message}\n`);
    },
  };
}

function lineProgress(stream: NodeJS.WriteStream): Progress {
  let label = '';
  let total = 1;
  let lastTenth = -1;
  return {
    phase(next, nextTotal) {
      label = next;
      total = Math.max(1, nextTotal);
      lastTenth = -1;
      stream.write(`${label}...\n`);
    },
    update(done) {
      const tenth = Math.floor((done / total) * 10);
      if (tenth > lastTenth && tenth < 10) {
        lastTenth = tenth;
        if (tenth > 0) stream.write(`${label}: ${tenth * 10}%\n`);
      }
    },
    finish(message) {
      stream.write(`${message}\n`);
    },
  };
}

/** Reports to every one of `targets`: the terminal and the starting page, say. */
export function teeProgress(...targets: Progress[]): Progress {
  return {
    phase: (label, total) => targets.forEach((target) => target.phase(label, total)),
    update: (done) => targets.forEach((target) => target.update(done)),
    finish: (message) => targets.forEach((target) => target.finish(message)),
  };
}
