/**
 * Progress on stderr: a redrawn bar on a terminal, plain log lines otherwise (CI, pipes, files),
 * so stdout stays clean for data.
 */
export interface Progress {
  update(done: number, total: number, label: string): void;
  log(line: string): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, quiet = false): Progress {
  const tty = stream.isTTY === true;
  let drawn = false;
  const clear = (): void => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    update(done, total, label) {
      if (quiet) return;
      if (!tty) return;
      const width = 28;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
      clear();
      stream.write(`[${bar}] ${done}/${total} ${label}`.slice(0, (stream.columns ?? 100) - 1));
      drawn = true;
    },
    log(line) {
      if (quiet) return;
      clear();
      stream.write(`${line}\n`);
    },
    done() {
      clear();
    },
  };
}
