import { defineConfig } from 'vitest/config';

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
