/** A prediction that cannot be made from what was given: bad input rows, or a results folder that cannot be used. */
export class PredictError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly hint?: string;
  constructor(message: string, where: { file?: string; line?: number; hint?: string } = {}) {
    super(message);
    this.name = 'PredictError';
    if (where.file !== undefined) this.file = where.file;
    if (where.line !== undefined) this.line = where.line;
    if (where.hint !== undefined) this.hint = where.hint;
  }

  /** `file:line: message` (the position as far as it is known). */
  get located(): string {
    const at = this.file === undefined ? '' : this.line === undefined ? `${this.file}: ` : `${this.file}:${this.line}: `;
    return `${at}${this.message}`;
  }
}
