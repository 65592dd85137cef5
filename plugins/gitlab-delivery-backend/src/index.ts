/**
 * The GitLab delivery backend plugin: syncs GitLab merge request metadata
 * into the Backstage database and serves delivery metrics.
 *
 * @packageDocumentation
 */
export { gitlabDeliveryPlugin as default } from './plugin';
