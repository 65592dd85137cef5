import type { DatasetOAuthApplication, DatasetUser } from '../dataset/types';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

/** Query parameters the consent form posts back. */
const FORWARDED = [
  'client_id',
  'redirect_uri',
  'response_type',
  'state',
  'scope',
  'code_challenge',
  'code_challenge_method',
];

/** A minimal consent page: pick who is signed in, then Authorize (or Deny). */
export function consentPage(
  app: DatasetOAuthApplication,
  users: DatasetUser[],
  selected: DatasetUser,
  query: Record<string, string>,
): string {
  const hidden = FORWARDED.filter(name => typeof query[name] === 'string')
    .map(
      name =>
        `<input type="hidden" name="${name}" value="${escape(query[name])}">`,
    )
    .join('\n      ');
  const options = users
    .map(
      u =>
        `<option value="${escape(u.username)}"${
          u.id === selected.id ? ' selected' : ''
        }>${escape(u.name)} (@${escape(u.username)})</option>`,
    )
    .join('');
  const scopes = escape(query.scope || 'api');
  return `<!DOCTYPE html>
<html lang="en">
  <head><meta charset="utf-8"><title>Authorize ${escape(
    app.name ?? app.clientId,
  )}</title></head>
  <body>
    <h1>Authorize ${escape(app.name ?? app.clientId)} to use your account?</h1>
    <p>It asks for the scopes: <code>${scopes}</code></p>
    <form method="post" action="/oauth/authorize">
      ${hidden}
      <label>Signed in as <select name="login">${options}</select></label>
      <button type="submit" name="decision" value="authorize">Authorize</button>
      <button type="submit" name="decision" value="deny">Deny</button>
    </form>
  </body>
</html>
`;
}

/** Doorkeeper's error page: the error and its description. */
export function errorPage(error: string, description: string): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head><meta charset="utf-8"><title>An error has occurred</title></head>
  <body>
    <h1>An error has occurred</h1>
    <p id="error" data-error="${escape(error)}">${escape(description)}</p>
  </body>
</html>
`;
}
