/**
 * The two kinds of stream entries, as flat field lists (what XADD takes and XREADGROUP returns).
 * Short field names: every request pays for them in Redis memory and on the wire.
 *
 * Request: `i` request id (absent on an event), `p` pattern, `d` JSON payload, `k` the caller's API
 * key, `r` reply stream, `x` deadline (epoch ms: past it the caller has given up, so the request
 * is dropped unexecuted), `c` correlation id carried into the handler's logs.
 * Reply: `i` request id, `o` JSON outcome `{ response }` or `{ err }`.
 */
export interface RequestFrame {
  id?: string;
  pattern: string;
  data: unknown;
  apiKey?: string;
  replyTo?: string;
  deadline?: number;
  correlationId?: string;
}

export interface ReplyFrame {
  id: string;
  outcome: ReplyOutcome;
}

export type ReplyOutcome = { response: unknown; err?: undefined } | { err: unknown; response?: undefined };

export function encodeRequest(frame: RequestFrame): string[] {
  const fields = ['p', frame.pattern, 'd', JSON.stringify(frame.data ?? null)];
  if (frame.id !== undefined) fields.push('i', frame.id);
  if (frame.apiKey !== undefined) fields.push('k', frame.apiKey);
  if (frame.replyTo !== undefined) fields.push('r', frame.replyTo);
  if (frame.deadline !== undefined) fields.push('x', String(frame.deadline));
  if (frame.correlationId !== undefined) fields.push('c', frame.correlationId);
  return fields;
}

/** A request that cannot be read: answered (when it says where) with a VALIDATION_FAILED error. */
export class MalformedFrameError extends Error {
  constructor(
    message: string,
    readonly partial: Partial<RequestFrame>,
  ) {
    super(message);
    this.name = 'MalformedFrameError';
  }
}

export function decodeRequest(fields: readonly string[]): RequestFrame {
  const frame: Partial<RequestFrame> = {};
  let payload: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const value = fields[i + 1];
    switch (fields[i]) {
      case 'p':
        frame.pattern = value;
        break;
      case 'd':
        payload = value;
        break;
      case 'i':
        frame.id = value;
        break;
      case 'k':
        frame.apiKey = value;
        break;
      case 'r':
        frame.replyTo = value;
        break;
      case 'x':
        frame.deadline = Number(value);
        break;
      case 'c':
        frame.correlationId = value;
        break;
    }
  }
  if (typeof frame.pattern !== 'string') throw new MalformedFrameError('the request names no pattern', frame);
  try {
    frame.data = payload === undefined ? undefined : JSON.parse(payload);
  } catch {
    throw new MalformedFrameError('the payload is not JSON', frame);
  }
  return frame as RequestFrame;
}

export function encodeReply(frame: ReplyFrame): string[] {
  return ['i', frame.id, 'o', JSON.stringify(frame.outcome)];
}

export function decodeReply(fields: readonly string[]): ReplyFrame | undefined {
  let id: string | undefined;
  let outcome: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'i') id = fields[i + 1];
    else if (fields[i] === 'o') outcome = fields[i + 1];
  }
  if (id === undefined || outcome === undefined) return undefined;
  try {
    return { id, outcome: JSON.parse(outcome) as ReplyOutcome };
  } catch {
    return undefined;
  }
}
