/**
 * The built-in stand-ins for external programs, by command name. A tool of the same name (from
 * ShellOptions.tools) takes precedence.
 */
import { AWK_UTILITIES } from './awk.js';
import type { Util } from './commands.js';
import { GREP_UTILITIES } from './grep.js';
import { SED_UTILITIES } from './sed.js';
import { FILE_UTILITIES } from './utils-files.js';
import { MISC_UTILITIES } from './utils-misc.js';
import { TEXT_UTILITIES } from './utils-text.js';

/** Every utility the shell provides itself. */
export const UTILITIES: Readonly<Record<string, Util>> = {
  ...TEXT_UTILITIES,
  ...MISC_UTILITIES,
  ...FILE_UTILITIES,
  ...GREP_UTILITIES,
  ...SED_UTILITIES,
  ...AWK_UTILITIES,
};
