/**
 * The trainspec command line. The one place that prints issues and decides
 * exit codes: 0 success, 1 a run failed, 2 bad input or usage.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ansi, plain, type Style } from './print-issues.js';
import { BACKENDS, ENGINES } from '../engine/choices.js';
import { collect, registerInit, registerPredict, registerRun, registerShow, type SetCode } from './register-commands.js';
import { VERSION } from '../version.js';

// Start-up loads commander and the option lists only: each action imports its command's module (and through it the
// loader, the registries, tfjs, vega) when it runs, so `--help` or `validate` does not load training code.
const port = (v: string) => {
  if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return Number(v);
};

function newProgram(): Command {
  return new Command('trainspec')
    .description('Declarative YAML experiments for TensorFlow.js: validate, run, sweep, watch, compare.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .showHelpAfterError('(run trainspec --help for usage)');
}

/** validate, schema and list: the commands that read experiments or the registries but train nothing. */
function registerChecks(program: Command, style: Style, setCode: SetCode): void {
  program
    .command('validate')
    .description('check experiment files (default: experiments/); exit 0 when all are valid, 2 otherwise')
    .argument('[paths...]', 'files or folders')
    .option('--json', 'print the issues as JSON')
    .option('--set <path=value>', 'override a value (repeatable)', collect)
    .option('--allow-outside-data', 'let data paths leave the experiment\'s folder (absolute paths, ../)')
    .action(async (paths: string[], opts) => {
      const { validateCommand } = await import('./validate.js');
      setCode(validateCommand(paths, opts, style));
    });

  program
    .command('schema')
    .description('print the JSON Schema of experiment files')
    .option('--write [file]', 'write it to a file (default: schema/experiment.schema.json)')
    .action(async (opts) => {
      const { schemaCommand } = await import('./schema.js');
      setCode(schemaCommand(opts));
    });

  program
    .command('list')
    .description('list the accepted names: layers, activations, losses, optimizers, metrics, generators')
    .argument('[kind]', 'one kind only')
    .action(async (kind?: string) => {
      const { namesText, REGISTRIES } = await import('../docs/names.js');
      if (kind && !REGISTRIES[kind]) {
        process.stderr.write(`trainspec list: unknown kind "${kind}" (one of: ${Object.keys(REGISTRIES).join(', ')})\n`);
        setCode(2);
        return;
      }
      process.stdout.write(`${namesText(kind)}\n`);
    });
}

/** compare and summarize: the commands that read results folders. */
function registerReports(program: Command, setCode: SetCode): void {
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
      setCode(compareCommand(args, flags));
    });

  program
    .command('summarize')
    .description("rebuild a sweep's summary.md/json/svg from the point folders present")
    .argument('<dir>', 'results/NAME')
    .option('--rank-by <metric>', 'metric to rank by')
    .action(async (dir: string, flags) => {
      const { summarizeCommand } = await import('./summarize-command.js');
      setCode(await summarizeCommand(dir, flags));
    });
}

function registerWatch(program: Command, style: Style, setCode: SetCode): void {
  program
    .command('watch')
    .description('bring experiments up to date, then rerun what each save changes (default: experiments/)')
    .argument('[paths...]', 'files or folders')
    .option('-o, --out <dir>', 'results folder', 'results')
    .option('--json', 'print one JSON event per line')
    .option('-q, --quiet', 'print only what finished, changed or failed (no progress)')
    .option('--set <path=value>', 'override a value in every experiment (repeatable)', collect)
    .option('--allow-outside-data', 'let data paths leave the experiment\'s folder (absolute paths, ../)')
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(BACKENDS as string[]).default('auto'))
    .addOption(new Option('--engine <name>', 'training loop: fused, tfjs, or auto (as for run)').choices(ENGINES as string[]).default('auto'))
    .option('--serve', 'also serve a live page of every experiment (http://127.0.0.1:8077/)')
    .option('--port <n>', 'port of the live page (0: any free port)', port)
    .option('--host <address>', 'address the live page listens on (default 127.0.0.1; others expose it)')
    .option('--open', 'open the live page in the browser')
    .action(async (paths: string[], flags) => {
      const { watchCommand } = await import('./watch-command.js');
      setCode(await watchCommand(paths, flags, style));
    });
}

function registerReport(program: Command, setCode: SetCode): void {
  program
    .command('report')
    .description('write every result as one self-contained HTML page (the live page\'s views)')
    .option('--results <dir>', 'results folder', 'results')
    .option('--out <file>', 'the HTML file (default: RESULTS/index.html)')
    .action(async (flags: { results: string; out?: string }) => {
      const { reportCommand } = await import('../serve/report.js');
      setCode(reportCommand(flags.results, flags.out));
    });
}

export async function main(argv: string[]): Promise<number> {
  const style = process.stderr.isTTY && !process.env.NO_COLOR ? ansi : plain;
  let code = 0;
  const setCode = (c: number) => void (code = c);
  const program = newProgram();
  registerChecks(program, style, setCode);
  registerReports(program, setCode);
  registerWatch(program, style, setCode);
  registerReport(program, setCode);
  registerRun(program, style, setCode);
  registerPredict(program, setCode);
  registerInit(program, setCode);
  registerShow(program, setCode);

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
