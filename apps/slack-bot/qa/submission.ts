import type { ViewResponseAction } from '@slack/bolt';
import type { z } from 'zod';
import { CasebridgeError } from '../../../shared/errors.js';
import type { ModalView } from '../blocks/types.js';

/** What a QA modal submission answers: the ack (errors, an updated view, or close) and work after it. */
export interface Submission {
  ack: ViewResponseAction | undefined;
  /** Runs after the ack (the DMs): Slack closes or updates the modal without waiting for it. */
  after?: () => Promise<void>;
}

/** Slack shows an error under its input; long ones are cut (casebridge's messages are short). */
const ERROR_MAX = 300;

export function errorsAt(errors: Record<string, string>): Submission {
  const cut = Object.fromEntries(
    Object.entries(errors).map(([block, text]) => [
      block,
      text.length > ERROR_MAX ? `${text.slice(0, ERROR_MAX - 1)}…` : text,
    ]),
  );
  return { ack: { response_action: 'errors', errors: cut } };
}

/** A refusal the service (or the bot) explained: shown under `block`. Anything else propagates. */
export function refusalAt(error: unknown, block: string): Submission {
  if (!(error instanceof CasebridgeError)) throw error;
  return errorsAt({ [block]: error.describe() });
}

export function updateTo(view: ModalView, after?: () => Promise<void>): Submission {
  // casebridge's ModalView is the subset of Bolt's View it builds.
  return { ack: { response_action: 'update', view: view as never }, ...(after !== undefined && { after }) };
}

/**
 * A modal's private_metadata, checked: a form casebridge did not build (or an older shape) is
 * null, and the submission answers that the form is out of date.
 */
export function metadataOf<T>(schema: z.ZodType<T>, raw: string, userId: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    const meta = parsed.data as T & { userId?: unknown };
    // The form was opened for one person: a submission by anyone else is not theirs to make.
    return meta.userId === userId ? parsed.data : null;
  } catch {
    return null;
  }
}

export const OUT_OF_DATE = 'This form is out of date or not yours: close it and open it again.';
