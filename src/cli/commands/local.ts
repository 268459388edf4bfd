import { defineCommand } from 'citty';
import { EvalgateError } from '../../core/errors.ts';
import { parseKbArgs, runLocalServer } from '../../local/cli.ts';
import { GuardrailDefinitionError } from '../../local/guardrails/load.ts';
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
    kb: { type: 'string', description: 'serve a knowledge base: ID=DIR (a folder of .md/.txt), repeatable' },
    guardrails: {
      type: 'string',
      description: 'serve a guardrail from a definition file (YAML/JSON), repeatable',
    },
    endpoints: {
      type: 'string',
      description: 'serve SageMaker endpoints from a definitions file (YAML/JSON), repeatable',
    },
  },
  run: ({ args, rawArgs }) =>
    guard(async () => {
      let knowledgeBases: ReturnType<typeof parseKbArgs>;
      try {
        knowledgeBases = parseKbArgs(_repeated(rawArgs, 'kb'));
      } catch (err) {
        throw new EvalgateError('USAGE', (err as Error).message);
      }
      await runLocalServer({
        port: Number(args.port),
        faults: parseFaultsArg(args.faults),
        knowledgeBases,
        endpoints: _repeated(rawArgs, 'endpoints'),
        guardrails: _repeated(rawArgs, 'guardrails'),
      }).catch((err: unknown) => {
        if (err instanceof GuardrailDefinitionError)
          throw new EvalgateError('USAGE', `--guardrails: ${err.message}`);
        if (err instanceof Error && /knowledge base|front matter/.test(err.message)) {
          throw new EvalgateError('USAGE', `--kb: ${err.message}`);
        }
        if (err instanceof Error && /endpoints file|^[^:]+\.(ya?ml|json): /.test(err.message)) {
          throw new EvalgateError('USAGE', `--endpoints: ${err.message}`);
        }
        throw err;
      });
      return 0;
    }),
});

/** Every value of a repeatable `--name V` / `--name=V` option (citty keeps only the last one). */
function _repeated(rawArgs: readonly string[], name: string): string[] {
  const out: string[] = [];
  rawArgs.forEach((a, i) => {
    if (a === `--${name}` && rawArgs[i + 1] !== undefined) out.push(rawArgs[i + 1]!);
    else if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3));
  });
  return out;
}
