/**
 * Calendar fields of a simulated timestamp (seconds since the Unix epoch, UTC — the simulated
 * machine runs with TZ unset), computed arithmetically: the engine never reads a wall clock.
 * Howard Hinnant's days-to-civil algorithm.
 */

/** Broken-down UTC time (struct tm), plus the nanoseconds of the timestamp. */
export interface Tm {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  min: number;
  sec: number;
  wday: number; // 0 = Sunday
  nsec: number;
}

/** gmtime() of `seconds` (fractional seconds become nsec). */
export function gmtime(seconds: number): Tm {
  const whole = Math.floor(seconds);
  const nsec = Math.min(999999999, Math.round((seconds - whole) * 1e9));
  const days = Math.floor(whole / 86400);
  const rem = whole - days * 86400;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {
    year, month, day,
    hour: Math.floor(rem / 3600), min: Math.floor((rem % 3600) / 60), sec: rem % 60,
    wday: (((days + 4) % 7) + 7) % 7, nsec,
  };
}

const p2 = (n: number): string => String(n).padStart(2, '0');

/** Abbreviated day and month names of the C locale. */
export const WDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** ctime(3): `Thu Jan  1 00:00:03 1970\n`. */
export function ctime(seconds: number): string {
  const t = gmtime(seconds);
  return `${WDAYS[t.wday]} ${MONTHS[t.month - 1]} ${String(t.day).padStart(2)} ${p2(t.hour)}:${p2(t.min)}:${p2(t.sec)} ${t.year}\n`;
}

/** coreutils' human_time(): `%Y-%m-%d %H:%M:%S.%N %z` → `1970-01-01 00:00:03.000000000 +0000`. */
export function humanTime(seconds: number): string {
  const t = gmtime(seconds);
  return `${t.year}-${p2(t.month)}-${p2(t.day)} ${p2(t.hour)}:${p2(t.min)}:${p2(t.sec)}.${String(t.nsec).padStart(9, '0')} +0000`;
}
