/**
 * The options of `run`, `predict` and `init`. Only commander and the option lists load when the program starts; each
 * command's module (and through it the loader, the registries, the engine, tfjs) loads when that command runs, so
 * `trainspec --help` or `trainspec validate` does not pay for training code.
 */
import { Option, type Command } from 'commander';
import { BACKENDS, ENGINES } from '../engine/choices.js';
import type { Style } from './print-issues.js';

/** A command's action reports its exit code through this. */
export type SetCode = (code: number) => void;

export const collect = (v: string, prev: string[] = []) => [...prev, v];

/** The --workers bound: a few per core, so a typo (--workers 100) cannot take gigabytes. */
export const WORKERS_PER_CORE = 4;

export function registerRun(program: Command, style: Style, setCode: SetCode): void {
  program
    .command('run')
    .description('train experiments (default: experiments/) and write results for git; skips those up to date')
    .argument('[paths...]', 'files or folders')
    .option('-o, --out <dir>', 'results folder', 'results')
    .option('-f, --force', 'rerun even when up to date')
    .option('-q, --quiet', 'print only the summary')
    .option('--json', 'print one JSON object per run on stdout, nothing else')
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(BACKENDS as string[]).default('auto'))
    .addOption(new Option('--engine <name>', 'training loop: fused (typed arrays, dense stacks), tfjs, or auto (fused where it applies)').choices(ENGINES as string[]).default('auto'))
    .option('--set <path=value>', 'override a value (repeatable)', collect)
    .option('-m, --multirun <path=v1,v2>', 'sweep a path over values, Hydra style (repeatable)', collect)
    .option('--dry-run', 'list the runs and sweep points; train nothing')
    .option('--allow-outside-data', 'let data paths leave the experiment\'s folder (absolute paths, ../)')
    .option('-w, --workers <n>', `sweep points run in parallel (default: the number of cores; at most ${WORKERS_PER_CORE} per core, and never more than the points to run)`)
    .option('--shard <i/n>', 'run only the sweep points whose index modulo n is i-1')
    .action(async (paths: string[], flags) => {
      // The training thread starts first: it loads tfjs and the engines while this thread loads the run command's modules.
      if (!flags.dryRun) (await import('../runner/warm.js')).prestartWorkers(1);
      const { runCommand } = await import('./run-command.js');
      setCode(await runCommand(paths, flags, style));
    });
}

export function registerPredict(program: Command, setCode: SetCode): void {
  program
    .command('predict')
    .description('predict new raw rows with a trained model: a results folder (results/NAME) or its experiment file')
    .argument('<results-or-experiment>', 'results/NAME, or experiments/NAME.yaml (then --results/NAME)')
    .requiredOption('-i, --input <file>', 'rows to predict: .csv or .json (array of objects); - reads CSV from stdin')
    .option('-o, --output <file>', 'write the predictions there (default: stdout)')
    .option('--json', 'JSON lines, then a {"summary": ...} line, instead of CSV')
    .option('--proba', 'add a p_<class> column per class')
    .option('--keep <column>', 'copy an input column to the output (repeatable)', collect)
    .option('--results <dir>', 'results folder, for an experiment file', 'results')
    .option('--backend <name>', 'tfjs backend: auto, tensorflow, cpu, wasm', 'auto')
    .action(async (source: string, flags) => {
      const { predictCommand } = await import('./predict-command.js');
      setCode(await predictCommand(source, flags));
    });
}

export function registerInit(program: Command, setCode: SetCode): void {
  program
    .command('init')
    .description('write a first experiment: from a data file (--data, --target), or the tutorial\'s')
    .argument('[file]', 'the experiment file to write (default: NAME.yaml from the data file)')
    .option('--data <file>', 'a CSV (or JSON) data file with a header row')
    .option('--target <column>', 'the column to predict')
    .option('-f, --force', 'overwrite the file if it exists')
    .action(async (file: string | undefined, flags) => {
      const { initCommand } = await import('./init-command.js');
      setCode(initCommand(file, flags));
    });
}

export function registerShow(program: Command, setCode: SetCode): void {
  program
    .command('show')
    .alias('ls')
    .description('list every experiment under the results folder: status, up to date with its YAML, final metrics, settings')
    .argument('[names...]', 'only these experiments (a sweep\'s name shows its points; NAME/POINT one point)')
    .option('-o, --out <dir>', 'results folder', 'results')
    .option('-e, --experiments <path>', 'experiment files or folders to compare with (repeatable; default: experiments/)', collect)
    .option('--json', 'print a JSON array (sorted keys)')
    .action(async (names: string[], flags) => {
      const { showCommand } = await import('./show-command.js');
      setCode(showCommand(names, flags));
    });
}
