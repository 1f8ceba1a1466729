import type { MessageBody } from '../blocks/types.js';
import type { SlackBotDeps } from '../deps.js';
import { SlackApiError } from './web-api.js';

/**
 * Posts to a channel; a Slack error (not_in_channel, channel_not_found…) is logged with its fix by
 * the client and does not fail what the user asked for. Returns the message ts, or null.
 */
export async function postSafely(
  deps: Pick<SlackBotDeps, 'client' | 'log'>,
  channel: string,
  body: MessageBody,
): Promise<string | null> {
  try {
    const result = await deps.client.postMessage({
      channel,
      text: body.text,
      blocks: body.blocks,
      unfurl_links: false,
    });
    return typeof result.ts === 'string' ? result.ts : null;
  } catch (error) {
    if (error instanceof SlackApiError) return null;
    deps.log.error({ err: error, channel }, 'posting to Slack failed');
    return null;
  }
}
