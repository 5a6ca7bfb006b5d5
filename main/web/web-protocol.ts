// Messages of the web version's WebSocket (/api). Requests carry an id the reply echoes;
// events have no id. Payloads are the contract's (main/ipc-contract.ts).
import type { EventName, EventPayloads, RequestMethod, Result } from '../ipc-contract';

export interface ClientMessage {
  id: number;
  method: RequestMethod;
  arg?: unknown;
}

export type ServerMessage =
  | { id: number | null; result: Result<unknown> }
  | { [E in EventName]: { event: E; payload: EventPayloads[E] } }[EventName];
