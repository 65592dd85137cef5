import { isoTime, toMillis } from '../time';
import type { DatasetMergeRequest } from './types';

/** ThrottledTouch::TOUCH_INTERVAL (app/models/concerns/throttled_touch.rb). */
export const TOUCH_INTERVAL_MS = 60_000;

/**
 * `MergeRequest#touch`: MergeRequest includes ThrottledTouch, which only writes `updated_at`
 * when the last write is more than TOUCH_INTERVAL ago. Notes touch their noteable after save
 * (Note `after_save :touch_noteable`), and a label-only update touches instead of saving
 * (IssuableBaseService#assign_requested_labels calls `issuable.touch`).
 * Returns whether `updated_at` moved.
 */
export function throttledTouch(
  mr: DatasetMergeRequest,
  nowMs: number,
): boolean {
  if (nowMs - toMillis(mr.updatedAt) > TOUCH_INTERVAL_MS) {
    mr.updatedAt = isoTime(nowMs);
    return true;
  }
  return false;
}

/** A save that changes attributes (title, description, state) always stamps `updated_at`. */
export function stampUpdate(mr: DatasetMergeRequest, nowMs: number): void {
  mr.updatedAt = isoTime(nowMs);
}
