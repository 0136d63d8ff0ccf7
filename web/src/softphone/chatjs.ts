/** amazon-connect-chatjs for the agent's chats, in its own chunk: loaded after Streams, it gives
 * chat connections their media controller (``getMediaController``). */
import "amazon-connect-chatjs";

export const loaded = true;
