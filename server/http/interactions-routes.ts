import express, { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { appendUtteranceSchema, startInteractionSchema, type StartInteractionResponse } from '../../shared/interactions';
import { startChatSchema, type StartChatResponse } from '../../shared/realtime';
import type { Config } from '../config';
import { issueVisitorToken } from '../auth/tokens';
import { AppError, parseOrThrow } from '../errors';
import type { InteractionService } from '../interactions/interactions';
import { signedJsonBody } from './events-routes';

const interactionParams = z.object({ id: z.uuid('is not an interaction id') });

/** The telephony / chat platform's side of the live loop, signed like the events API. */
export function interactionsRoutes(config: Config, interactions: InteractionService): Router {
  const router = Router();

  router.post('/interactions', ...signedJsonBody(config), async (req, res) => {
    const input = parseOrThrow(startInteractionSchema, req.body);
    const { interaction, created } = await interactions.startInteraction(input);
    res.status(created ? 201 : 200).json({ interactionId: interaction.id, customerId: interaction.customerId } satisfies StartInteractionResponse);
  });

  router.post('/interactions/:id/utterances', ...signedJsonBody(config), async (req, res) => {
    const { id } = parseOrThrow(interactionParams, req.params);
    const input = parseOrThrow(appendUtteranceSchema, req.body);
    const { utterance, duplicate } = await interactions.appendUtterance(id, input);
    res.status(duplicate ? 200 : 201).json({ seq: utterance.seq, duplicate });
  });

  router.post('/interactions/:id/end', ...signedJsonBody(config), async (req, res) => {
    const { id } = parseOrThrow(interactionParams, req.params);
    res.json({ interaction: await interactions.endInteraction(id) });
  });

  // The chat widget is public: anyone may start a chat, so starting one is rate-limited per address.
  const chatLimit = rateLimit({
    windowMs: 10 * 60 * 1000,
    limit: 20,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: () => {
      throw new AppError('rate_limited', 'too many chats started from this address, try again later');
    },
  });
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
