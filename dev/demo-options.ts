import { parseArgs } from 'node:util';
import { z } from 'zod';
import { providerNames } from '../domain/providers';
import { sampleFlows, type SampleFlowName } from '../providers/registry';

/** The demo's exit codes: a script tells a failed onboarding from a typo from a port in use. */
export const demoExitCodes = { ok: 0, failed: 1, usage: 2, portTaken: 3 } as const;

/** A command line the demo cannot run: said in one sentence, with a pointer to --help. */
export class DemoUsageError extends Error {}

const flows = Object.keys(sampleFlows) as SampleFlowName[];
const port = (flag: string) =>
  z.coerce
    .number({ error: `${flag} must be a port number (1 to 65535)` })
    .int(`${flag} must be a port number (1 to 65535)`)
    .min(1, `${flag} must be a port number (1 to 65535)`)
    .max(65535, `${flag} must be a port number (1 to 65535)`);

const demoOptionsSchema = z.object({
  provider: z.enum(providerNames, { error: `--provider must be one of ${providerNames.join(', ')}` }),
  flow: z.enum(flows, { error: `--flow must be one of ${flows.join(', ')}` }).optional(),
  keep: z.boolean(),
  port: port('--port'),
  'ui-port': port('--ui-port'),
  'api-port': port('--api-port'),
  'codec-port': port('--codec-port'),
  help: z.boolean(),
});

export interface DemoOptions {
  help: boolean;
  /** The sample flow to run: --flow, else the first flow of --provider. */
  flow: SampleFlowName;
  keep: boolean;
  ports: { temporal: number; ui: number; api: number; codec: number };
}

/** One line per option, in the order --help prints them. */
const optionLines = [
  ['--provider <name>', `run the first sample flow of this provider (${providerNames.join(', ')}; default sovera)`],
  ['--flow <flow>', 'run this sample flow instead (for example sfox-corporation; an unknown name lists them)'],
  ['--keep', 'keep everything up after the onboarding and print an API key per role; Ctrl-C stops it all'],
  ['--port <port>', 'Temporal dev server (default 7233, or DEMO_TEMPORAL_PORT); its database is .data/temporal-<version>-dev-<port>.db'],
  ['--ui-port <port>', 'Temporal Web UI (default 8233, or DEMO_UI_PORT)'],
  ['--api-port <port>', 'HTTP API and support console (default 3000, or DEMO_API_PORT)'],
  ['--codec-port <port>', 'codec server for the Web UI (default 8081, or DEMO_CODEC_PORT)'],
  ['-h, --help', 'this text'],
] as const;

export const demoUsage = `npm run demo -- [options]: one onboarding on real parts (Temporal dev server, Web UI, HTTP API, sandbox, worker), with a live timeline

Options:
${optionLines.map(([flag, what]) => `  ${flag.padEnd(21)} ${what}`).join('\n')}

Exit codes: 0 done (or stopped with Ctrl-C), 1 the onboarding failed or a part did not start, 2 bad usage, 3 a port is taken.`;

/** The command line, checked in full; a bad one throws DemoUsageError naming the option. */
export function parseDemoOptions(argv: string[], env: NodeJS.ProcessEnv): DemoOptions {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        provider: { type: 'string', default: 'sovera' },
        flow: { type: 'string' },
        keep: { type: 'boolean', default: false },
        port: { type: 'string', default: env.DEMO_TEMPORAL_PORT ?? '7233' },
        'ui-port': { type: 'string', default: env.DEMO_UI_PORT ?? '8233' },
        'api-port': { type: 'string', default: env.DEMO_API_PORT ?? '3000' },
        'codec-port': { type: 'string', default: env.DEMO_CODEC_PORT ?? '8081' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    // Node's own wording is long and speaks of positionals; ours names the option and where to look.
    const option = /'([^']+)'/.exec((err as Error).message)?.[1];
    const code = (err as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new DemoUsageError(`unknown option ${option}: npm run demo -- --help lists the options`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new DemoUsageError(`unexpected argument ${option}: options start with --, npm run demo -- --help lists them`);
    throw new DemoUsageError(`${(err as Error).message.split('.')[0]}: npm run demo -- --help lists the options`);
  }
  const parsed = demoOptionsSchema.safeParse(values);
  if (!parsed.success) throw new DemoUsageError(`${parsed.error.issues.map((i) => i.message).join('; ')} (npm run demo -- --help)`);
  const options = parsed.data;
  const flow = options.flow ?? flows.find((f) => sampleFlows[f].provider === options.provider);
  if (!flow) throw new DemoUsageError(`--provider ${options.provider} has no sample flow; pass --flow (npm run demo -- --help)`);
  return {
    help: options.help,
    flow,
    keep: options.keep,
    ports: { temporal: options.port, ui: options['ui-port'], api: options['api-port'], codec: options['codec-port'] },
  };
}
