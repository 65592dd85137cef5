import { effectiveMembers, findUser } from '../../dataset/access';
import type { DatasetUser } from '../../dataset/types';
import type { SimulatorState } from '../../state';
import { dateOrNull, isoOrNull } from '../../time';
import { fakeSha, webBase, type Json } from './common';

const GHOST: DatasetUser = {
  id: 1,
  username: 'ghost',
  name: 'Ghost User',
  state: 'active',
};

/** GitLab's UserBasic entity (authors, approvers, members). */
export function userBasicJson(
  state: SimulatorState,
  user: DatasetUser | undefined,
): Json {
  const u = user ?? GHOST;
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    state: u.state ?? 'active',
    locked: false,
    avatar_url: `https://www.gravatar.com/avatar/${fakeSha(u.username).slice(
      0,
      32,
    )}?s=80&d=identicon`,
    web_url: `${webBase(state)}/${u.username}`,
  };
}

/** A user by id in the UserBasic shape, or null when the id is empty. */
export function userRefJson(
  state: SimulatorState,
  id: number | null | undefined,
): Json | null {
  if (id === null || id === undefined) {
    return null;
  }
  return userBasicJson(state, findUser(state.data, id));
}

/** The `GET /user` entity. */
export function currentUserJson(
  state: SimulatorState,
  user: DatasetUser,
): Json {
  return {
    ...userBasicJson(state, user),
    created_at: isoOrNull(user.createdAt) ?? '2020-01-01T00:00:00.000Z',
    bio: '',
    location: '',
    public_email: null,
    linkedin: '',
    twitter: '',
    discord: '',
    website_url: '',
    organization: '',
    job_title: '',
    pronouns: null,
    bot: user.bot ?? false,
    work_information: null,
    local_time: null,
    last_sign_in_at: null,
    confirmed_at: isoOrNull(user.createdAt) ?? '2020-01-01T00:00:00.000Z',
    last_activity_on: null,
    email: `${user.username.replace(/[^a-zA-Z0-9._-]/g, '')}@example.com`,
    theme_id: 1,
    color_scheme_id: 1,
    projects_limit: 100000,
    current_sign_in_at: null,
    identities: [],
    can_create_group: !user.bot,
    can_create_project: !user.bot,
    two_factor_enabled: false,
    external: false,
    private_profile: false,
    commit_email: null,
  };
}

/** A member entry of `/members/all`. */
export function memberJson(
  state: SimulatorState,
  member: ReturnType<typeof effectiveMembers>[number],
): Json {
  const user = findUser(state.data, member.userId);
  return {
    ...userBasicJson(state, user),
    created_at: isoOrNull(user?.createdAt) ?? '2020-01-01T00:00:00.000Z',
    created_by: null,
    expires_at: dateOrNull(member.expiresAt),
    access_level: member.accessLevel,
    group_saml_identity: null,
    membership_state: 'active',
    member_role: null,
  };
}
