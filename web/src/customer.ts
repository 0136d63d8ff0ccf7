/** The customer 360 as the API answers it (GET /contacts/{id}/360). */
export interface TicketSummary {
  id: string;
  category: string;
  status: string;
  subject: string;
  assignee: string | null;
  created_at: string;
  channel: string;
  rating: number | null;
}

export interface RecentContact {
  contact_id?: string;
  ticket_id?: string;
  at: string | null;
  channel: string;
  outcome: string;
  rating: number | null;
}

export interface Customer360 {
  contact_id?: string;
  phone: string;
  known: boolean;
  name: string | null;
  language: string;
  tier: string;
  vip: boolean;
  warning: { flagged: boolean; note: string; added_by: string | null; added_at: string | null };
  open_tickets: TicketSummary[];
  recent_contacts: RecentContact[];
  pending_callback: { id: string; starts_at: string; reason: string; queue: string } | null;
  contact: {
    category: string | null;
    language: string | null;
    open_ticket_id: string | null;
    booking: { id: string; reference: string | null; reason: string } | null;
    campaign: { id: string; key_pressed: string | null; transferred: boolean } | null;
  };
}

export interface TicketHistoryEntry {
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface Ticket extends TicketSummary {
  description: string;
  history: TicketHistoryEntry[];
}
