import { errorMessage } from '../../shared/errors.js';

/** The one line a user would read for this failure (message and hint), or fails if nothing was thrown. */
export async function failureOf(work: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    return errorMessage(error);
  }
  throw new Error('expected a failure, but it succeeded');
}
