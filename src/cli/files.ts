/** PATH arguments to experiment files: the walk lives in load/ (show uses it too); cli modules keep importing it here. */
export { expandPaths, type Expanded } from '../load/files.js';
