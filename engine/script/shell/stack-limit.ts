/**
 * Error.stackTraceLimit as the application had it. GopherJS (inside mvdan-sh) sets it to Infinity
 * when it loads; parser.ts imports this module first to put the application's value back, and
 * lends GopherJS its setting only while it parses (its panic/recover bookkeeping counts stack
 * frames).
 */
export const appStackTraceLimit: number | undefined = (Error as { stackTraceLimit?: number }).stackTraceLimit;
