import { z } from 'zod';
import type { ErrorCode } from './errors';
import type { TimelineEvent } from './timeline';
import {
  AGENT_STATUSES,
  type ChurnRisk,
  type InteractionChannel,
  DISPOSITIONS,
  type AgentStatus,
  type Interaction,
  type InteractionInsight,
  type ScreenPop,
  type Utterance,
} from './interactions';
import type { Role } from './auth';
import type { ActionRespondRequest, RankedAction } from './nba';
import { offerSchema, type InteractionTransfer, type TakeOverRequest } from './retention';

/** The one ack shape of every client→server event. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: { code: ErrorCode; message: string } };
export type AckCallback<T extends object = object> = (response: Ack<T>) => void;

const clientRequestId = z.string().min(8).max(64);
const interactionId = z.uuid();

export const agentStatusSchema = z.object({ status: z.enum(AGENT_STATUSES).exclude(['offline', 'busy', 'wrap_up']) });
export const interactionRefSchema = z.object({ interactionId });
export const wrapupSchema = z.object({
  interactionId,
  disposition: z.enum(DISPOSITIONS),
  notes: z.string().trim().max(4000).optional(),
  saved: z.boolean().optional(),
  /** Retention wrap-ups: the offer made to keep the customer. */
  offer: offerSchema.optional(),
  clientRequestId,
});
export const chatSendSchema = z.object({ interactionId, text: z.string().trim().min(1).max(4000), clientRequestId });
export const chatTypingSchema = z.object({ interactionId, typing: z.boolean() });
export const resyncSchema = z.object({ interactionId, afterSeq: z.number().int().min(0) });
export const customerWatchSchema = z.object({ customerId: z.uuid() });

export type AgentStatusRequest = z.infer<typeof agentStatusSchema>;
export type WrapupRequest = z.infer<typeof wrapupSchema>;
export type ChatSendRequest = z.infer<typeof chatSendSchema>;
export type ChatTypingRequest = z.infer<typeof chatTypingSchema>;
export type ResyncRequest = z.infer<typeof resyncSchema>;
export type CustomerWatchRequest = z.infer<typeof customerWatchSchema>;
export type InteractionRef = z.infer<typeof interactionRefSchema>;

export interface AgentState {
  status: AgentStatus;
  /** The interactions this agent holds now (assigned, active or in wrap-up). */
  interactions: Interaction[];
}

/** A defection moment as the retention desk and the queue's supervisors see it, live. */
export interface DefectionAlert {
  id: string;
  kind: 'defection_moment';
  at: string;
  interactionId: string;
  channel: InteractionChannel;
  queue: string;
  startedAt: string;
  customerId: string;
  customerName: string | null;
  agentId: string | null;
  agentName: string | null;
  seq: number;
  /** The caller's words that triggered it (redacted text of the turn). */
  text: string;
  signals: { code: string; text: string }[];
  risk: ChurnRisk | null;
}

export interface Resync {
  interaction: Interaction;
  utterances: Utterance[];
  /** The live insight with the full actions list (a console that lost pushes starts again from it); null once closed. */
  insight: InteractionInsight | null;
}

// --- Agent console namespace "/" -------------------------------------------------------------

export interface ServerToClientEvents {
  'agent:state': (state: AgentState) => void;
  'interaction:assigned': (pop: ScreenPop) => void;
  'interaction:updated': (interaction: Interaction) => void;
  'interaction:utterance': (utterance: Utterance) => void;
  'interaction:insight': (insight: InteractionInsight) => void;
  'interaction:ended': (interaction: Interaction) => void;
  'interaction:typing': (event: { interactionId: string; typing: boolean }) => void;
  'timeline:event': (event: TimelineEvent) => void;
  alert: (alert: DefectionAlert) => void;
  'interaction:transferred': (transfer: InteractionTransfer) => void;
}

export interface ClientToServerEvents {
  'agent:status': (request: AgentStatusRequest, ack: AckCallback<{ state: AgentState }>) => void;
  'interaction:accept': (request: InteractionRef, ack: AckCallback<{ interaction: Interaction }>) => void;
  'interaction:wrapup': (request: WrapupRequest, ack: AckCallback<{ eventId: string }>) => void;
  'interaction:resync': (request: ResyncRequest, ack: AckCallback<Resync>) => void;
  'chat:send': (request: ChatSendRequest, ack: AckCallback<{ utterance: Utterance }>) => void;
  'chat:typing': (request: ChatTypingRequest) => void;
  'customer:watch': (request: CustomerWatchRequest, ack: AckCallback) => void;
  'customer:unwatch': (request: CustomerWatchRequest, ack: AckCallback) => void;
  'action:respond': (request: ActionRespondRequest, ack: AckCallback<{ action: RankedAction }>) => void;
  'interaction:transfer': (request: TakeOverRequest, ack: AckCallback<{ interaction: Interaction }>) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  userId: string;
  role: Role;
  queues: string[];
}

// --- Customer chat widget namespace "/chat" --------------------------------------------------

export const startChatSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.string().trim().max(320).optional(),
    phone: z.string().trim().max(40).optional(),
  })
  .refine((v) => Boolean(v.email || v.phone), { message: 'give an email or a phone number', path: ['email'] });
export type StartChatRequest = z.infer<typeof startChatSchema>;

export interface StartChatResponse {
  token: string;
  interactionId: string;
}

export const visitorSendSchema = z.object({ text: z.string().trim().min(1).max(4000), clientRequestId });
export const visitorTypingSchema = z.object({ typing: z.boolean() });
export const visitorHistorySchema = z.object({ afterSeq: z.number().int().min(0) });
/** The visitor ends the chat: nothing to say but that. */
export const visitorEndSchema = z.object({});

export interface VisitorMessage {
  seq: number;
  speaker: 'customer' | 'agent';
  text: string;
  at: string;
}

export interface VisitorServerToClientEvents {
  'chat:message': (message: VisitorMessage) => void;
  'chat:queue': (state: { position: number | null; agentName: string | null }) => void;
  'chat:typing': (state: { typing: boolean }) => void;
  'chat:ended': () => void;
}

export interface VisitorClientToServerEvents {
  'chat:send': (request: z.infer<typeof visitorSendSchema>, ack: AckCallback<{ message: VisitorMessage }>) => void;
  'chat:typing': (request: z.infer<typeof visitorTypingSchema>) => void;
  'chat:history': (request: z.infer<typeof visitorHistorySchema>, ack: AckCallback<{ messages: VisitorMessage[] }>) => void;
  'chat:end': (request: z.infer<typeof visitorEndSchema>, ack: AckCallback) => void;
}

export interface VisitorSocketData {
  interactionId: string;
}
