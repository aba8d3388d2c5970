/**
 * The trainspec command line. The one place that prints issues and decides
 * exit codes: 0 success, 1 a run failed, 2 bad input or usage.
 */
import { Command, CommanderError, Option } from 'commander';
import { ansi, plain } from './print-issues.js';
import { validateCommand } from './validate.js';
import { schemaCommand } from './schema.js';
import { VERSION } from '../version.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export async function main(argv: string[]): Promise<number> {
  const style = process.stderr.isTTY && !process.env.NO_COLOR ? ansi : plain;
  let code = 0;
  const program = new Command('trainspec')
    .description('Declarative YAML experiments for TensorFlow.js: validate, run, sweep, watch, compare.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .showHelpAfterError('(run trainspec --help for usage)');

  program
    .command('validate')
    .description('check experiment files (default: experiments/); exit 0 when all are valid, 2 otherwise')
    .argument('[paths...]', 'files or folders')
    .option('--json', 'print the issues as JSON')
    .option('--set <path=value>', 'override a value (repeatable)', collect)
    .option('--allow-outside-data', 'let data paths leave the experiment\'s folder (absolute paths, ../)')
    .action((paths: string[], opts) => {
      code = validateCommand(paths, opts, style);
    });

  program
    .command('schema')
    .description('print the JSON Schema of experiment files')
    .option('--write [file]', 'write it to a file (default: schema/experiment.schema.json)')
    .action((opts) => {
      code = schemaCommand(opts);
    });

  program
    .command('list')
    .description('list the accepted names: layers, activations, losses, optimizers, metrics, generators')
    .argument('[kind]', 'one kind only')
    .action(async (kind?: string) => {
      const { namesText, REGISTRIES } = await import('../docs/names.js');
      if (kind && !REGISTRIES[kind]) {
        process.stderr.write(`trainspec list: unknown kind "${kind}" (one of: ${Object.keys(REGISTRIES).join(', ')})\n`);
        code = 2;
        return;
      }
      process.stdout.write(`${namesText(kind)}\n`);
    });

  program
    .command('compare')
    .description('compare final metrics: work tree vs a git revision (default HEAD), or two results folders')
    .argument('[rev-or-dirs...]', 'a git revision, or two results folders')
    .option('--all', 'show unchanged metrics too')
    .option('--md', 'print a Markdown table')
    .option('--json', 'print JSON')
    .option('--results <dir>', 'results folder in the work tree', 'results')
    .action(async (args: string[], flags) => {
      const { compareCommand } = await import('./compare-command.js');
      code = compareCommand(args, flags);
    });

  program
    .command('summarize')
    .description("rebuild a sweep's summary.md/json/svg from the point folders present")
    .argument('<dir>', 'results/NAME')
    .option('--rank-by <metric>', 'metric to rank by')
    .action(async (dir: string, flags) => {
      const { summarizeCommand } = await import('./summarize-command.js');
      code = await summarizeCommand(dir, flags);
    });

  program
    .command('watch')
    .description('bring experiments up to date, then rerun what each save changes (default: experiments/)')
    .argument('[paths...]', 'files or folders')
    .option('-o, --out <dir>', 'results folder', 'results')
    .option('--json', 'print one JSON event per line')
    .option('-q, --quiet', 'print only what finished, changed or failed (no progress)')
    .option('--set <path=value>', 'override a value in every experiment (repeatable)', collect)
    .option('--allow-outside-data', 'let data paths leave the experiment\'s folder (absolute paths, ../)')
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(['auto', 'tensorflow', 'cpu', 'wasm']).default('auto'))
    .addOption(new Option('--engine <name>', 'training loop: fused, tfjs, or auto (as for run)').choices(['auto', 'fused', 'tfjs']).default('auto'))
    .action(async (paths: string[], flags) => {
      const { watchCommand } = await import('./watch-command.js');
      code = await watchCommand(paths, flags, style);
    });

  const { registerRun } = await import('./run-command.js');
  registerRun(program, style, (c: number) => (code = c), collect, Option);

  const { registerPredict } = await import('./predict-command.js');
  registerPredict(program, (c: number) => (code = c));
  const { registerInit } = await import('./init-command.js');
  registerInit(program, (c: number) => (code = c));

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    }
    throw e;
  }
  return code;
}

export { deliverInterrupt } from './interrupt.js';
