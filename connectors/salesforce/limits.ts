import { CasebridgeError } from '../../shared/errors.js';
import type { SalesforceClient } from './client.js';

/** The code a run ends with when it stops for the org's API quota; its checkpoints are kept. */
export const QUOTA_PAUSE_CODE = 'sync.paused';

/**
 * Stops the run once the org's rolling 24-hour API usage (from the last `Sforce-Limit-Info`) passes
 * the threshold, leaving the rest of the org's allocation to its other integrations. Called between
 * pages, after the runner has committed the last one, so the run resumes exactly there.
 * https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm
 */
export function assertQuota(client: SalesforceClient, thresholdPercent: number): void {
  const usage = client.apiUsage;
  if (!overQuota(client, thresholdPercent) || usage === null) return;
  const percent = (usage.used / usage.limit) * 100;
  throw new CasebridgeError(
    QUOTA_PAUSE_CODE,
    `paused: api quota — the Salesforce org has used ${usage.used} of its ${usage.limit} daily API requests ` +
      `(${percent.toFixed(1)}%, above the ${thresholdPercent}% threshold); everything read so far is saved`,
    {
      hint: 'the next run resumes from the checkpoint once usage drops (rolling 24 hours), or raise quotaThresholdPercent',
    },
  );
}

export function overQuota(client: SalesforceClient, thresholdPercent: number): boolean {
  const usage = client.apiUsage;
  return usage !== null && usage.limit > 0 && (usage.used / usage.limit) * 100 > thresholdPercent;
}
