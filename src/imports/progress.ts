/**
 * A progress bar on a terminal (stderr), driven by bytes read; silent when stderr is not a TTY,
 * so logs and pipes stay clean.
 */
export function progressBar(totalBytes: number, label: string, stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY || totalBytes <= 0) return { update: (_n: number) => {}, done: () => {} };
  let last = 0;
  const started = Date.now();
  const draw = (bytes: number) => {
    const ratio = Math.min(1, bytes / totalBytes);
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 40));
    const filled = Math.round(ratio * width);
    const seconds = (Date.now() - started) / 1000;
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(1).padStart(5)} % ${seconds.toFixed(0)} s`);
  };
  return {
    update(bytes: number) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(bytes);
    },
    done() {
      draw(totalBytes);
      stream.write('\n');
    },
  };
}
