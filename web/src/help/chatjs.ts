/** amazon-connect-chatjs, in its own chunk: it defines the global ``connect.ChatSession``. */
import "amazon-connect-chatjs";

export function chatSessions(): typeof connect.ChatSession {
  return connect.ChatSession;
}
