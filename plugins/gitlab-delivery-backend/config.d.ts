import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /**
   * Delivery Insights for GitLab. Credentials come from `integrations.gitlab`;
   * these are the plugin's own settings.
   */
  gitlabDelivery?: {
    /**
     * How often each project's merge requests sync (`frequency`), how long
     * one run of the sync task may hold its lock (`timeout`; a run stops
     * between pages before and the next resumes), and the delay after startup.
     * Default: every 15 minutes, 4 minutes timeout, 15 seconds initial delay.
     */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /**
     * Days of history pulled on the first sync of a project. Default 180.
     */
    backfillDays?: number;
    /**
     * Minutes before its cursor that a project's list starts again, for
     * changes GitLab stamps late (clock skew between its nodes). Default 5.
     */
    lookBackMinutes?: number;
    /**
     * Hours between two comparisons of a project's iids with GitLab's, which
     * remove merge requests deleted in GitLab. Default 24.
     */
    reconcileHours?: number;
    /**
     * Glob patterns of author usernames kept out of every metric (bots), for
     * example `['*[bot]', 'renovate-bot']`. Default `['*[bot]', '*-bot']`.
     * @visibility frontend
     */
    excludeAuthors?: string[];
    /**
     * Base URL of a Jira instance; Jira-style keys (ABC-123) found in merge
     * requests link to `<jiraBaseUrl>/browse/<KEY>`.
     */
    jiraBaseUrl?: string;
    /**
     * Seconds before a GitLab request is abandoned. Default 30.
     */
    requestTimeoutSeconds?: number;
    /**
     * Projects synced at the same time. Default 2.
     */
    concurrency?: number;
    /**
     * Per-host extras for instances listed in `integrations.gitlab`.
     */
    instances?: Array<{
      /** The host, as in `integrations.gitlab[].host`. */
      host: string;
      /** PEM file of the CA that signed the instance's TLS certificate. */
      caFile?: string;
      /** Requests per minute the plugin may send to this host. Default 300. */
      requestsPerMinute?: number;
      /** An OAuth application to use instead of the integration's token. */
      oauth?: {
        /** The application id. */
        clientId: string;
        /**
         * The application secret.
         * @visibility secret
         */
        clientSecret: string;
        /**
         * A refresh token of the user the plugin acts as. GitLab rotates it
         * on every use; the plugin keeps the newest one in its database and
         * starts from it after a restart. A new value here replaces it.
         * @visibility secret
         */
        refreshToken: string;
      };
    }>;
  };
}
