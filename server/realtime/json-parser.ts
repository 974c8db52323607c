import { Decoder, Encoder, type Packet } from 'socket.io-parser';

/** The standard encoder's own text encoding, which its types keep private. */
type TextEncoding = { encodeAsString(packet: Packet): string };

/**
 * Socket.IO's parser without its search for binary data in every packet sent. Cue sends JSON
 * only, and the search walked every field of every payload before each send (a screen pop has
 * hundreds): about 1% of the live loop's thread at 50 calls a second, measured. The packets are
 * the standard parser's text packets, so clients keep the standard parser; a payload holding a
 * Buffer would go out as its JSON form, never as a binary attachment.
 */
class JsonOnlyEncoder extends Encoder {
  override encode(packet: Packet): string[] {
    return [(this as unknown as TextEncoding).encodeAsString(packet)];
  }
}

export const jsonOnlyParser = { Encoder: JsonOnlyEncoder, Decoder };
