/**
 * Keras 1 parameter names that Keras 2 renamed. A user copying an old
 * script gets "renamed to ..." instead of a bare "unknown key".
 */

/** Keras 1 name → Keras 2 name (as trainspec spells it). */
export const KERAS1_RENAMES: Readonly<Record<string, string>> = {
  nb_epoch: 'epochs',
  lr: 'learning_rate',
  output_dim: 'units',
  init: 'kernel_initializer',
  inner_init: 'recurrent_initializer',
  inner_activation: 'recurrent_activation',
  border_mode: 'padding',
  W_regularizer: 'kernel_regularizer',
  b_regularizer: 'bias_regularizer',
  U_regularizer: 'recurrent_regularizer',
  W_constraint: 'kernel_constraint',
  b_constraint: 'bias_constraint',
  bias: 'use_bias',
  subsample: 'strides',
  subsample_length: 'strides',
  nb_filter: 'filters',
  filter_length: 'kernel_size',
  nb_row: 'kernel_size',
  nb_col: 'kernel_size',
  pool_length: 'pool_size',
  stride: 'strides',
  dim_ordering: 'data_format',
  p: 'rate',
  dropout_W: 'dropout',
  dropout_U: 'recurrent_dropout',
};

/**
 * The hint for an unknown `key` that Keras 1 used, or undefined. `allowed`
 * are the keys valid where it was written: the hint says when the Keras 2
 * name is not one of them (trainspec does not take every Keras option).
 */
export function keras1Hint(key: string, allowed: readonly string[]): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(KERAS1_RENAMES, key)) return undefined;
  const now = KERAS1_RENAMES[key]!;
  const renamed = `\`${key}\` was renamed to \`${now}\` in Keras 2`;
  return allowed.includes(now) ? renamed : `${renamed}, which is not a key here`;
}
