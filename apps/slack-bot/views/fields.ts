import type { ViewOutput } from '@slack/bolt';

/** A submitted input's text or selected option value; null when empty. */
export function field(view: ViewOutput, blockId: string): string | null {
  const input = view.state.values[blockId]?.[blockId];
  const value = input?.value ?? input?.selected_option?.value ?? null;
  return value === null || value.trim() === '' ? null : value.trim();
}

export function metadataOf(view: ViewOutput): { permalink?: string; channel?: string } {
  try {
    const parsed = JSON.parse(view.private_metadata || '{}') as Record<string, unknown>;
    return {
      ...(typeof parsed.permalink === 'string' && { permalink: parsed.permalink }),
      ...(typeof parsed.channel === 'string' && { channel: parsed.channel }),
    };
  } catch {
    return {};
  }
}

/** The modal stays open and shows the message under the field. */
export const fieldErrors = (errors: Record<string, string>) => ({
  response_action: 'errors' as const,
  errors,
});
