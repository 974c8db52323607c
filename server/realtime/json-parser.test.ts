import { describe, expect, it } from 'vitest';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { jsonOnlyParser } from './json-parser';

const packets: Packet[] = [
  { type: PacketType.EVENT, nsp: '/', data: ['interaction:utterance', { seq: 3, text: 'I want to cancel — «now»', at: new Date(0), sentiment: null }] },
  { type: PacketType.EVENT, nsp: '/chat', data: ['chat:queue', { position: 2, agentName: null }] },
  { type: PacketType.ACK, nsp: '/', id: 17, data: [{ ok: false, error: { code: 'invalid_request', message: 'interactionId: required' } }] },
  { type: PacketType.CONNECT, nsp: '/', data: { sid: 'abc', pid: 'def' } },
];

describe('jsonOnlyParser', () => {
  it('encodes every packet Cue sends exactly as the standard parser does, without scanning for binary', () => {
    const standard = new Encoder();
    const jsonOnly = new jsonOnlyParser.Encoder();
    for (const packet of packets) expect(jsonOnly.encode(packet)).toEqual(standard.encode(packet));
  });

  it('round-trips through the standard decoder the clients use', () => {
    const encoded = new jsonOnlyParser.Encoder().encode(packets[0]!);
    const decoder = new Decoder();
    const decoded: Packet[] = [];
    decoder.on('decoded', (packet: Packet) => decoded.push(packet));
    for (const part of encoded) decoder.add(part);
    expect(decoded[0]?.data).toEqual(['interaction:utterance', { seq: 3, text: 'I want to cancel — «now»', at: new Date(0).toISOString(), sentiment: null }]);
  });

  it('sends a Buffer as its JSON form rather than as a binary attachment', () => {
    const [text, ...attachments] = new jsonOnlyParser.Encoder().encode({ type: PacketType.EVENT, nsp: '/', data: ['x', Buffer.from('hi')] });
    expect(attachments).toEqual([]);
    expect(text).toBe('2["x",{"type":"Buffer","data":[104,105]}]');
  });
});
