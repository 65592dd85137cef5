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
     * Seconds after a manual sync of an entity (or of everything) during which
     * another one is refused with a 429. Default 60; 0 turns the limit off.
     */
    syncCooldownSeconds?: number;
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
     * The key the OAuth tokens are stored with (AES-256-GCM): 32
     * random bytes in base64 (`openssl rand -base64 32`), or a passphrase of
     * at least 16 characters, which is stretched with scrypt. Every replica
     * needs the same value. Without it no refresh token is stored, an
     * OAuth instance stops working after a restart, and GitLab cannot be
     * connected from the admin page. A new key makes the stored tokens
     * unreadable; the configured one is used again.
     * @visibility secret
     */
    encryptionKey?: string;
    /**
     * Days the merge requests of a project no entity names any more are
     * kept before they are deleted; old sync runs and health records go
     * after as long. Default 30.
     */
    retentionDays?: number;
    /**
     * Projects one entity may name; more are left out with a warning on its
     * health tab. Default 50.
     */
    maxProjectsPerEntity?: number;
    /** The live health checks. */
    health?: {
      /**
       * Projects one run of the health task checks live at most; a check of
       * every project is queued and spread over runs a minute apart.
       * Default 50.
       */
      maxProjectsPerRun?: number;
    };
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
      /**
       * Set on a self-managed GitLab whose admin changed the issue closing
       * pattern. The sync then asks GitLab which issues each changed MR
       * closes (REST `closes_issues`, one request per changed MR) instead of
       * reading the description with GitLab's default pattern. Default false.
       */
      customClosingPattern?: boolean;
      /** Which of this host's projects the plugin may sync and show. */
      projects?: {
        /**
         * Path globs (`platform/**`, `team/service`; case is ignored) and
         * numeric project ids. A project outside the list is never requested,
         * and its entities show a warning. Without the list every project the
         * token can read is allowed; an empty list allows none.
         */
        allow?: Array<string | number>;
      };
      /**
       * An OAuth application to use instead of the integration's token.
       * With clientId and clientSecret alone, an admin connects GitLab from
       * the admin page (Connect GitLab); a connected token wins over a
       * configured refresh token and over the integration's token.
       */
      oauth?: {
        /** The application id ("Application ID" in GitLab). */
        clientId: string;
        /**
         * The application secret ("Secret" in GitLab).
         * @visibility secret
         */
        clientSecret: string;
        /**
         * A refresh token of the user the plugin acts as, for an instance
         * not connected from the admin page. GitLab rotates it on every use;
         * the plugin keeps the newest one in its database and starts from it
         * after a restart. A new value here replaces it.
         * @visibility secret
         */
        refreshToken?: string;
      };
    }>;
  };
}
