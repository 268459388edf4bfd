import { defineCommand } from 'citty';
import { runLocalServer } from '../../local/cli.ts';
import { guard } from '../fail.ts';
import { parseFaultsArg } from '../faults-arg.ts';

export const localCommand = defineCommand({
  meta: {
    name: 'local',
    description: 'Serve the local backend (Bedrock wire protocol on 127.0.0.1) until Ctrl-C',
  },
  args: {
    port: { type: 'string', default: '4010', description: 'port (0 = any free port)' },
    faults: { type: 'string', description: 'fault injection: JSON or a JSON file' },
  },
  run: ({ args }) =>
    guard(async () => {
      await runLocalServer({ port: Number(args.port), faults: parseFaultsArg(args.faults) });
      return 0;
    }),
});
