/**
 * User and group names of the simulated machine (a Debian box: /etc/passwd has root and nobody,
 * /etc/group has root and nogroup); every other id is numeric only.
 */

const USERS: Record<string, number> = { root: 0, nobody: 65534 };
const GROUPS: Record<string, number> = { root: 0, nogroup: 65534 };

/** getpwnam() or a decimal uid; undefined if neither. */
export function parseUser(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  return USERS[s];
}

/** getgrnam() or a decimal gid; undefined if neither. */
export function parseGroup(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  return GROUPS[s];
}

/** getpwuid()->pw_name, or undefined. */
export function userName(uid: number): string | undefined {
  return Object.keys(USERS).find((k) => USERS[k] === uid);
}

/** getgrgid()->gr_name, or undefined. */
export function groupName(gid: number): string | undefined {
  return Object.keys(GROUPS).find((k) => GROUPS[k] === gid);
}
