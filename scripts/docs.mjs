// Regenerates the README's table of accepted names from the registries (npm run docs).
import { readFileSync, writeFileSync } from 'node:fs';
import { withNames } from '../dist/docs/names.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
writeFileSync(new URL('../README.md', import.meta.url), withNames(readme));
