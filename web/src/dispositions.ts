/** The disposition codes the API accepts (chalicelib.tickets.rules.DISPOSITIONS; a test keeps
 * the two lists equal). */
export const DISPOSITIONS = [
  "resolved_first_contact",
  "follow_up_needed",
  "escalated",
  "transferred",
  "information_given",
  "wrong_number",
  "abusive_caller",
] as const;
