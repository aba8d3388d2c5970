/** Errors that mean "bad input or usage" (exit 2), as opposed to a failing run or a bug. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
