/**
 * How labels are encoded for the network. Losses and metrics state which encodings they take,
 * and data/ encodes labels into one of them, so the type lives here, at the bottom, and data/
 * re-exports it under the same name.
 */
export type LabelKind = 'sign' | 'binary' | 'onehot' | 'index' | 'value';
