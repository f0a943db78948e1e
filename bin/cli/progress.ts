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
  let lastPlain = 0;
  const clear = (): void => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    update(done, total, label) {
      if (quiet) return;
      if (!tty) {
        // Plain lines off a terminal (CI, a log file), at most one every 2 s: a first ingest once
        // printed nothing for 83 s.
        const now = Date.now();
        if (now - lastPlain >= 2000 || done === 0) {
          lastPlain = now;
          stream.write(`${done + 1}/${total} ${label}\n`);
        }
        return;
      }
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
