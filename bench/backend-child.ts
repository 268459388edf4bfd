/**
 * A local backend in its own process (so its CPU is not the bench's): prints `{"url": …}` on stdout once
 * listening, serves until stdin closes or SIGTERM. Faults come as JSON in argv[2].
 */
import { parseFaultConfig, startLocalBackend } from '../src/local/index.ts';

const backend = await startLocalBackend({ faults: parseFaultConfig(JSON.parse(process.argv[2] ?? '{}')) });
process.stdout.write(`${JSON.stringify({ url: backend.url })}\n`);
const stop = async (): Promise<void> => {
  await backend.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
