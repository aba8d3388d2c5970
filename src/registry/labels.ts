/**
 * How labels are encoded for the network. Losses and metrics state which encodings they take;
 * data/ (the bottom layer) encodes labels into one of them and states the type.
 */
export type { LabelKind } from '../data/types.js';
