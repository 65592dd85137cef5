import type { DatasetProject } from '../../dataset/types';
import type { SimulatorState } from '../../state';

export type Json = Record<string, unknown>;

/** A deterministic fake SHA-1 for a seed string. */
export function fakeSha(seed: string): string {
  let out = '';
  let hash = 2166136261;
  for (let round = 0; out.length < 40; round++) {
    for (const char of `${seed}:${round}`) {
      hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    }
    out += hash.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

export function webBase(state: SimulatorState): string {
  return state.baseUrl.replace(/\/$/, '');
}

/** References of a merge request or issue: `!12`, `group/project!12`. */
export function referencesJson(
  project: DatasetProject,
  sigil: string,
  iid: number,
): Json {
  return {
    short: `${sigil}${iid}`,
    relative: `${sigil}${iid}`,
    full: `${project.path}${sigil}${iid}`,
  };
}
