import type { Interaction, AppendUtterance, StartInteraction } from '../../shared/interactions';
import type { IngestResult } from '../../shared/ingest';
import type { ErrorBody } from '../../shared/errors';
import type { ValidatedEvents } from '../timeline/validate-events';
import { AppError } from '../errors';
import { AwaitedReplies, batchedPost } from '../worker-threads';

/**
 * What the integration API asks of the domain, once a request is verified, parsed and
 * validated. The API's HTTP work runs on a thread of its own (integration-gateway.ts); these
 * calls run on the main thread, where the live loop's state and its sockets are.
 */
export interface IntegrationCalls {
  storeEvents(batch: ValidatedEvents): Promise<IngestResult[]>;
  startInteraction(input: StartInteraction): Promise<{ interactionId: string; customerId: string; created: boolean }>;
  appendUtterance(interactionId: string, input: AppendUtterance): Promise<{ seq: number; duplicate: boolean }>;
  endInteraction(interactionId: string): Promise<Interaction>;
}

export type IntegrationCallName = keyof IntegrationCalls;

/** Gateway thread → main thread, in batches (`{kind: 'calls'}`). */
export type CallMessage = {
  [Name in IntegrationCallName]: { id: number; name: Name; args: Parameters<IntegrationCalls[Name]> };
}[IntegrationCallName];

/** Main thread → gateway thread, in batches (`{kind: 'replies'}`). `error` is null for a failure that is not the caller's to know (logged on the main thread). */
export type ReplyMessage = { id: number; result: unknown } | { id: number; error: ErrorBody['error'] | null };

interface MessagePortLike {
  postMessage(message: unknown): void;
}

/** The main thread's side: runs the gateway's calls and posts their answers back, batched. */
export function callAnswerer(calls: IntegrationCalls, port: MessagePortLike, onUnexpected: (error: unknown) => void): (batch: CallMessage[]) => void {
  const reply = batchedPost<ReplyMessage>((replies) => port.postMessage({ kind: 'replies', replies }));
  const answer = (message: CallMessage) => {
    const run = calls[message.name] as (...args: unknown[]) => Promise<unknown>;
    run(...message.args).then(
      (result) => reply({ id: message.id, result }),
      (error: unknown) => {
        if (!(error instanceof AppError)) onUnexpected(error);
        reply({ id: message.id, error: error instanceof AppError ? error.toJSON().error : null });
      },
    );
  };
  return (batch) => batch.forEach(answer);
}

/** On the gateway thread: the calls, each a message to the main thread and a promise of its reply. */
export class RemoteCalls implements IntegrationCalls {
  private readonly replies = new AwaitedReplies<unknown>();
  private readonly send: (call: CallMessage) => void;

  constructor(port: MessagePortLike) {
    this.send = batchedPost<CallMessage>((calls) => port.postMessage({ kind: 'calls', calls }));
  }

  storeEvents: IntegrationCalls['storeEvents'] = (...args) => this.call('storeEvents', args);
  startInteraction: IntegrationCalls['startInteraction'] = (...args) => this.call('startInteraction', args);
  appendUtterance: IntegrationCalls['appendUtterance'] = (...args) => this.call('appendUtterance', args);
  endInteraction: IntegrationCalls['endInteraction'] = (...args) => this.call('endInteraction', args);

  settleAll(replies: ReplyMessage[]): void {
    replies.forEach((reply) => this.settle(reply));
  }

  /** Settles the call `reply` answers; an error the main thread kept to itself becomes a plain 500. */
  private settle(reply: ReplyMessage): void {
    if ('result' in reply) this.replies.settle(reply.id, { value: reply.result });
    else if (reply.error) this.replies.settle(reply.id, { error: new AppError(reply.error.code, reply.error.message, reply.error.field) });
    else this.replies.settle(reply.id, { error: new AppError('internal', 'internal error') });
  }

  private call<Name extends IntegrationCallName>(name: Name, args: Parameters<IntegrationCalls[Name]>): Promise<Awaited<ReturnType<IntegrationCalls[Name]>>> {
    const { id, reply } = this.replies.open();
    this.send({ id, name, args } as CallMessage);
    // The reply to call `name` is what that call returns on the main thread.
    return reply as Promise<Awaited<ReturnType<IntegrationCalls[Name]>>>;
  }
}
