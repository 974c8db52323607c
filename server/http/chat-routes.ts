import express, { Router } from 'express';
import { startChatSchema, type StartChatResponse } from '../../shared/realtime';
import type { Config } from '../config';
import { issueVisitorToken } from '../auth/tokens';
import { AppError, parseOrThrow } from '../errors';
import type { InteractionService } from '../interactions/interactions';
import { perAddressLimit } from './rate-limit';

/** The chat widget's way in: a visitor starts a chat and gets the token for its socket. */
export function chatRoutes(config: Config, interactions: InteractionService): Router {
  const router = Router();
  // The chat widget is public: anyone may start a chat, so starting one is rate-limited per address.
  const chatLimit = perAddressLimit(10 * 60 * 1000, 20, 'too many chats started from this address, try again later');
  router.post('/chat/sessions', chatLimit, express.json({ limit: '16kb' }), async (req, res) => {
    const visitor = parseOrThrow(startChatSchema, req.body);
    const from = visitor.email ? { kind: 'email' as const, value: visitor.email } : { kind: 'phone' as const, value: visitor.phone! };
    const interaction = await interactions
      .startWebChat({ queue: config.chatQueue, from, name: visitor.name })
      .catch((error: unknown) => {
        // The visitor typed an email or a phone, not "from.value": name the field they know.
        if (error instanceof AppError && error.field === 'from.value') throw new AppError('invalid_request', `${from.kind}: ${error.message.replace('from.value: ', '')}`, from.kind);
        throw error;
      });
    const token = issueVisitorToken(interaction.id, config.jwtSecret, config.visitorTokenTtlSeconds);
    res.status(201).json({ token, interactionId: interaction.id } satisfies StartChatResponse);
  });
  return router;
}
