/** Sends the browser to another site, such as GitLab's consent page. @internal */
export function leavePage(url: string): void {
  window.location.assign(url);
}
