// Channel names of the IPC contract, kept free of the schemas so the sandboxed preload bundles
// nothing but these two functions.

/** IPC channel of a request (`lab:runScript`) or an event (`lab-event:runProgress`). */
export const requestChannel = (method: string): string => `lab:${method}`;
export const eventChannel = (event: string): string => `lab-event:${event}`;
