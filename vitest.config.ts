import { defineConfig } from 'vitest/config';

// Two tiers. `npm test` (the fast loop) leaves out the files below (package.json "test": --exclude), each because its
// subject is inherently slow; `npm run test:all` (what .ci/run runs) and `npx vitest run` run everything.
//   serve-browser      a real chromium driving the live page
//   fuzz               hundreds of mutated experiments through validate and run
//   data-large         a 60000x785 (~168 MB) CSV under a memory bound
//   process-output     every command's output whole on a slow pipe (one process per command)
//   run-sigint         Ctrl-C / SIGTERM at chosen moments of real runs (signal timing)
//   watch-signals      SIGTERM to a watching process
//   watch              the long-running watch process, its file events and their debounce (waits for quiet)
//   predict-memory     ~70 MB predicted under a 64 MiB heap (memory bound on tens of MB)
//   package-pack       npm pack, then require() and import of the packed package in a fresh Node
//   optimizers-keras2-band  56 full trainings (7 optimizers x 8 seeds x 150 epochs) against Keras 2's distribution
//                      (each rule's steps stay in the fast tier: registry-optimizers)
//   load-large         a 64k-key file loads in linear time (validation's other bounds stay: load-bounds)
//   fused-end-to-end   the tutorial's two experiments, 150 epochs on the tfjs engine and on the fused one, and the
//                      digits-shaped conv net, 10 epochs of tfjs conv on cpu (the few-step parity of every activation,
//                      loss, optimizer and conv layer stays: fused-parity, fused-conv)
//   process-guard-training  exit 70 for failures mid-training (three processes that load tfjs and train until the
//                      injected failure lands); the guard itself, for the main thread's command, stays: process-guard
// Every area keeps tests in the fast tier (watch's core: watch-watcher.test.ts; predict, the CLI, show, serve ...).

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/per-file-setup.ts'],
    // Generous: the machine is often shared many times over, and a test that spawns the bin a few times then waits
    // minutes for the CPU. Tests assert behaviour, never time (speed lives in npm run bench).
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Two cores: more forks only fight over them.
    pool: 'forks',
    maxWorkers: 2,
    // Test files reuse their worker's module cache: tfjs, the registries and the schema load once per worker, not
    // once per file (half the suite's CPU time went to loading them again). Tests keep no module state of their own
    // (temporary folders are removed per file by test/per-file-setup.ts).
    isolate: false,
    // Transformed modules persist on disk (node_modules/.experimental-vitest-cache, keyed by file content), so a
    // second run, or one test file, skips the TypeScript transform of src/ (~1 s per worker).
    experimental: { fsModuleCache: true },
  },
});
