/**
 * The xfs_io command table, sorted by name as libxcmd's add_command() keeps it (help prints it in
 * this order).
 */
import { adminCommands } from './admin.js';
import { attrCommands } from './attr.js';
import { bmapCommand } from './bmap.js';
import { fiemapCommand } from './fiemap.js';
import { fileCommands } from './file.js';
import { preadCommand } from './pread.js';
import { preallocCommands } from './prealloc.js';
import { pwriteCommand } from './pwrite.js';
import { reflinkCommands } from './reflink.js';
import type { IoCommand } from './state.js';
import { statCommands } from './stat.js';
import { syncCommands } from './sync.js';

/** Every command this xfs_io knows, by name (strcmp order). */
export const IO_COMMANDS: readonly IoCommand[] = [
  ...adminCommands,
  ...attrCommands,
  bmapCommand,
  fiemapCommand,
  ...fileCommands,
  preadCommand,
  ...preallocCommands,
  pwriteCommand,
  ...reflinkCommands,
  ...statCommands,
  ...syncCommands,
].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** find_command(): by name or alternative name. */
export function findCommand(name: string): IoCommand | undefined {
  return IO_COMMANDS.find((c) => c.name === name || c.altname === name);
}
