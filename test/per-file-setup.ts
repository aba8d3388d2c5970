/**
 * Runs before each test file (vitest.config.ts setupFiles): what every file needs around it, registered per file
 * because test files share a module cache within a worker (isolate: false).
 */
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dirs.js';

// A file's temporary folders go when its tests are done.
afterAll(removeTempDirs);
