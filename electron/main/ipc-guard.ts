import type { z } from 'zod';
import { INVOKE_AUDIENCE, INVOKE_PAYLOAD, type ChannelAudience, type InvokeChannel } from '../shared/ipc';
import { isTrustedSender, type RendererSource } from './security';

/**
 * Every `ipcMain.handle` goes through `guardedHandler`: the sender must be a top-level frame of
 * the app's own origin, in the window the channel is meant for, and the payload must parse with
 * the channel's zod schema. A rejection is an Error with a message that says which check failed.
 */

/** The parts of `IpcMainInvokeEvent` the guard reads (structural, so tests pass plain objects). */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export class IpcRejection extends Error {
  override name = 'IpcRejection';
}

export interface SenderContext {
  source: RendererSource;
  /** `webContents.id` of the window a channel of that audience must come from, if it exists */
  windowIdFor(audience: Exclude<ChannelAudience, 'any'>): number | undefined;
}

export function checkSender(channel: InvokeChannel, event: InvokeEventLike, context: SenderContext): void {
  const frame = event.senderFrame;
  if (!frame || !isTrustedSender(frame.url, context.source)) {
    throw new IpcRejection(`${channel}: rejected, the sender is not a page of the app`);
  }
  if (frame.parent !== null) {
    throw new IpcRejection(`${channel}: rejected, only a top-level frame may call it`);
  }
  const audience = INVOKE_AUDIENCE[channel];
  if (audience !== 'any' && context.windowIdFor(audience) !== event.sender.id) {
    throw new IpcRejection(`${channel}: rejected, only the ${audience} window may call it`);
  }
}

export function parsePayload<C extends InvokeChannel>(
  channel: C,
  payload: unknown,
): z.output<(typeof INVOKE_PAYLOAD)[C]> {
  const result = INVOKE_PAYLOAD[channel].safeParse(payload);
  if (!result.success) {
    const detail = result.error.issues
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(payload)'}: ${issue.message}`)
      .join('; ');
    throw new IpcRejection(`${channel}: invalid payload: ${detail}`);
  }
  return result.data as z.output<(typeof INVOKE_PAYLOAD)[C]>;
}

export type GuardedImplementation<C extends InvokeChannel, R> = (
  payload: z.output<(typeof INVOKE_PAYLOAD)[C]>,
  event: InvokeEventLike,
) => R | Promise<R>;

/** Wraps an implementation for `ipcMain.handle(channel, ...)`: sender check, then payload check. */
export function guardedHandler<C extends InvokeChannel, R>(
  channel: C,
  context: SenderContext,
  implementation: GuardedImplementation<C, R>,
): (event: InvokeEventLike, payload?: unknown) => Promise<R> {
  return async (event, payload) => {
    checkSender(channel, event, context);
    return implementation(parsePayload(channel, payload), event);
  };
}
