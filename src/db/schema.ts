import type { Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The one Database interface. Instants are epoch milliseconds (UTC) on both engines; calendar days
 * are 'YYYY-MM-DD' strings in Vietnam time (UTC+7), so periods are computed without time zones in SQL.
 */
export interface UnitTable {
  id: Generated<number>;
  code: string;
  parent_id: number | null;
  /** Materialised path of ids, '/1/4/9/': a subtree is `path LIKE '/1/4/%'`. */
  path: string;
  depth: number;
  name_vi: string;
  name_en: string;
  kind: 'department' | 'office' | 'team' | 'other';
  pilot_from: string | null;
  pilot_to: string | null;
  live_from: string | null;
  created_at: number;
  updated_at: number;
}

export interface OfficerTable {
  id: Generated<number>;
  code: string;
  full_name: string;
  created_at: number;
  updated_at: number;
}

export interface OfficerAssignmentTable {
  id: Generated<number>;
  officer_id: number;
  unit_id: number;
  /** First day, inclusive. */
  from_day: string;
  /** Last day, inclusive; null while current. */
  to_day: string | null;
}

export interface BusinessTable {
  id: Generated<number>;
  tax_code: string;
  name: string;
  address: string | null;
  email: string | null;
  phone: string | null;
  created_at: number;
  updated_at: number;
}

export interface DeclarationTable {
  id: Generated<number>;
  declaration_no: string;
  kind: 'import' | 'export' | 'dossier';
  type_code: string | null;
  office_id: number;
  declarant_id: number;
  declarant_name: string;
  registered_at: number;
  registered_day: string;
  cleared_at: number | null;
  cleared_day: string | null;
  channel: number | null;
  /** Hash of the normalised content: an import of the same row is "unchanged". */
  content_hash: string;
  created_at: number;
  updated_at: number;
}

export interface DeclarationHandlerTable {
  declaration_id: number;
  seq: number;
  step: string;
  officer_id: number;
  /** The officer's unit on the registration day (the team credited). */
  unit_id: number;
}

export interface ApiClientTable {
  id: Generated<number>;
  name: string;
  role: 'feed' | 'vendor';
  key_hash: string;
  created_at: number;
  revoked_at: number | null;
}

export type UserRole = 'admin' | 'inspector' | 'leader' | 'officer' | 'business';

export interface UserTable {
  id: Generated<number>;
  username: string;
  email: string | null;
  display_name: string;
  password_hash: string;
  role: UserRole;
  /** The unit a leader is bound to. */
  unit_id: number | null;
  /** The officer an officer account is bound to. */
  officer_id: number | null;
  failed_logins: Generated<number>;
  locked_until: number | null;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface UserBusinessTable {
  user_id: number;
  business_id: number;
  authorised_by: number | null;
  authorised_at: number;
}

export interface SessionTable {
  /** SHA-256 of the cookie's token: a stolen database yields no usable session. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: number;
  locked_until: number | null;
}

export interface PasswordResetTable {
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: number;
  updated_by: number | null;
}

/** A day that is not a working day (calendar/): a public holiday, a day in lieu, a swapped day. */
export interface HolidayTable {
  /** 'YYYY-MM-DD', a Vietnam calendar day. */
  day: string;
  name_vi: string;
  name_en: string;
  created_at: number;
  updated_at: number;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: number;
  actor_kind: 'user' | 'api_client' | 'system' | 'anonymous';
  actor_id: number | null;
  actor_name: string | null;
  ip: string | null;
  request_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
}

export type RatingChannel = 'software' | 'link' | 'portal';

export interface EvaluationTable {
  declaration_id: number;
  business_id: number;
  version: number;
  overall: number;
  /** JSON array of {type, code, level}. */
  targets_json: string;
  /** JSON array of reason codes. */
  reasons_json: string;
  comment: string | null;
  rating_channel: RatingChannel;
  first_submitted_at: number;
  submitted_at: number;
}

export interface EvaluationVersionTable {
  id: Generated<number>;
  declaration_id: number;
  version: number;
  business_id: number;
  overall: number;
  targets_json: string;
  reasons_json: string;
  comment: string | null;
  rating_channel: RatingChannel;
  submitted_at: number;
  /** 'api_client:3', 'user:5' or 'link'. */
  submitted_by: string;
  ip: string | null;
  /** Which of the 16 hash chains (declaration id mod 16) and the position in it, from 1. */
  chain: number;
  chain_seq: number;
  prev_hash: string;
  hash: string;
}

export interface EvaluationChainHeadTable {
  chain: number;
  seq: number;
  hash: string;
}

export interface ChainVerificationTable {
  id: Generated<number>;
  at: number;
  ok: number;
  records: number;
  problem: string | null;
}

export interface IdempotencyKeyTable {
  client_id: number;
  key: string;
  request_hash: string;
  status_code: number;
  response_json: string;
  created_at: number;
}

/** Roll-up counters; the column names are listed once in src/stats/rollup-columns.ts. */
export interface RollupCounters {
  eligible: number;
  l1_software: number; l2_software: number; l3_software: number; l4_software: number; l5_software: number;
  l1_link: number; l2_link: number; l3_link: number; l4_link: number; l5_link: number;
  l1_portal: number; l2_portal: number; l3_portal: number; l4_portal: number; l5_portal: number;
  r_attitude: number; r_delay: number; r_harassment: number; r_misconduct: number;
  r_professional_error: number; r_unclear_guidance: number; r_other: number;
}

/** Figures of one subject (a unit: officer_id 0; or an officer within a credited unit) per period. */
export interface StatRollupTable extends RollupCounters {
  officer_id: number;
  unit_id: number;
  /** 'd': period is a day 'YYYY-MM-DD'; 'm': a month 'YYYY-MM'. */
  grain: 'd' | 'm';
  period: string;
}

export interface StatRollupFineTable extends StatRollupTable {
  kind: string;
  /** '' when the declaration has none. */
  type_code: string;
  /** 0 when the declaration has none. */
  channel: number;
}

export type CaseStatus = 'opened' | 'acknowledged' | 'verifying' | 'concluded' | 'responded' | 'disputed' | 'closed';

export interface CaseTable {
  id: Generated<number>;
  declaration_id: number;
  business_id: number;
  status: CaseStatus;
  /** The lowest responsible unit when the case opened: the team of the lowest-rated officer, else the office. */
  origin_unit_id: number;
  /** Whose leaders act on it now: the origin, or an ancestor after an escalation or a dispute. */
  assigned_unit_id: number;
  lowest_level: number;
  opened_at: number;
  opened_day: string;
  acknowledge_due: string;
  conclude_due: string;
  acknowledged_at: number | null;
  acknowledged_day: string | null;
  concluded_at: number | null;
  concluded_day: string | null;
  /** Working days from opening to conclusion (the calendar of the day it was concluded); null until concluded. */
  conclude_working_days: number | null;
  /** Concluded, and not sent back by a dispute: kept by the database (migration 0012; 1/0 on SQLite, a boolean on PostgreSQL). */
  concluded_now: GeneratedAlways<number | boolean>;
  /** Of its declaration and its current rating (kept by the feed and the ratings), for the figures' filters. */
  kind: 'import' | 'export' | 'dossier' | null;
  type_code: string | null;
  channel: number | null;
  rating_channel: RatingChannel | null;
  finding: 'violation_confirmed' | 'not_confirmed' | 'partly' | null;
  categories_json: string | null;
  officers_json: string | null;
  action: 'none' | 'reminder' | 'criticism' | 'discipline' | null;
  action_details: string | null;
  response: string | null;
  responded_at: number | null;
  /** Last day the business may accept or dispute the response. */
  answer_due: string | null;
  business_answer: 'accepted' | 'disputed' | 'auto_accepted' | null;
  dispute_reason: string | null;
  closed_at: number | null;
  updated_at: number;
}

export interface CaseEventTable {
  id: Generated<number>;
  case_id: number;
  at: number;
  kind: string;
  actor_kind: 'user' | 'api_client' | 'system' | 'anonymous' | 'business';
  actor_id: number | null;
  actor_name: string | null;
  from_status: CaseStatus | null;
  to_status: CaseStatus | null;
  details_json: string | null;
}

export interface CaseEscalationTable {
  case_id: number;
  deadline: 'acknowledge' | 'conclude';
  due_day: string;
  from_unit_id: number;
  to_unit_id: number;
  at: number;
}

export interface WebhookEndpointTable {
  id: Generated<number>;
  api_client_id: number;
  url: string;
  created_at: number;
  disabled_at: number | null;
}

export interface OutboxTable {
  id: Generated<number>;
  channel: 'email' | 'webhook';
  /** An e-mail address or a webhook URL. */
  target: string;
  webhook_endpoint_id: number | null;
  subject: string | null;
  body: string;
  event: string;
  case_id: number | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: number;
  claimed_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface OutboxAttemptTable {
  id: Generated<number>;
  outbox_id: number;
  at: number;
  ok: number;
  status_code: number | null;
  error: string | null;
}

/** A version of the partnership agreement template (bản thỏa thuận hợp tác Hải quan – Doanh nghiệp). */
export interface AgreementTemplateTable {
  id: Generated<number>;
  code: string;
  /** The version label: templates are identified as `code/version` (e.g. HQHP-DN/2020). */
  version: string;
  effective_on: string;
  title_vi: string;
  title_en: string;
  created_at: number;
  updated_at: number;
}

/** One rule document of a template's appendix, in order; a link or a file under DATA_DIR. */
export interface AgreementAppendixItemTable {
  id: Generated<number>;
  template_id: number;
  position: number;
  title_vi: string;
  title_en: string;
  number: string | null;
  issued_on: string | null;
  link: string | null;
  /** Relative to DATA_DIR. */
  file_path: string | null;
  created_at: number;
}

export type AgreementStatus = 'active' | 'terminated';

export interface AgreementTable {
  id: Generated<number>;
  business_id: number;
  template_id: number;
  signed_on: string;
  signatory: string;
  status: AgreementStatus;
  /** The scanned PDF, relative to DATA_DIR (never in the database). */
  scan_path: string | null;
  scan_bytes: number | null;
  scan_uploaded_at: number | null;
  created_at: number;
  updated_at: number;
}

/** A business association with its coordination rule (quy chế phối hợp). */
export interface AssociationTable {
  id: Generated<number>;
  code: string;
  name: string;
  rule_signed_on: string | null;
  created_at: number;
  updated_at: number;
}

export interface AssociationMemberTable {
  association_id: number;
  business_id: number;
  created_at: number;
}

/** Declarations lodged by a business at an office: kept by the feed, read for the most frequent office. */
export interface BusinessOfficeTable {
  business_id: number;
  office_id: number;
  declarations: number;
}

/** Each business's most frequent office (most declarations; ties: the lower office id), kept by the feed. */
export interface BusinessMainOfficeTable {
  business_id: number;
  office_id: number;
  /** Its declarations there: an office that grows past it takes its place. */
  declarations: number;
}

export type ProblemTopic = 'classification' | 'valuation' | 'origin' | 'procedure' | 'it_system' | 'inspection' | 'other';
/** received → drafted (an answer awaits a leader's approval; a return sends it back) → answered (sent to the business). */
export type ProblemStatus = 'received' | 'drafted' | 'answered';

/** A problem or question (vướng mắc) a business raised, routed to a unit, answered within a deadline. */
export interface ProblemTable {
  id: Generated<number>;
  business_id: number;
  declaration_id: number | null;
  /** Set for a question collected before a dialogue conference. */
  conference_id: number | null;
  topic: ProblemTopic;
  question: string;
  channel: 'portal' | 'api' | 'conference';
  /** 'user:5' or 'api_client:3'. */
  submitted_by: string;
  /** The unit whose officers answer and whose leaders approve. */
  unit_id: number;
  /** Which rule chose the unit: the declaration's office, the business's most frequent office, or the department. */
  routing: 'declaration' | 'frequent_office' | 'department';
  status: ProblemStatus;
  received_at: number;
  received_day: string;
  /** Last working day to send the answer (answered on time when answered_day <= due_day). */
  due_day: string;
  /** The draft while drafted, the answer sent once answered. */
  answer: string | null;
  drafted_at: number | null;
  drafted_by: number | null;
  drafted_by_name: string | null;
  /** When a leader approved the answer and it was sent to the business. */
  answered_at: number | null;
  answered_day: string | null;
  approved_by: number | null;
  /** The business's rating of the answer, 1–5 (5 = rất hài lòng); the latest counts. */
  rating: number | null;
  rating_comment: string | null;
  rated_at: number | null;
  updated_at: number;
}

export interface ProblemEventTable {
  id: Generated<number>;
  problem_id: number;
  at: number;
  kind: string;
  actor_kind: 'user' | 'api_client' | 'system' | 'business';
  actor_id: number | null;
  actor_name: string | null;
  details_json: string | null;
}

/** An attachment's record; the file itself is DATA_DIR/problems/<problem_id>/<stored_name>. */
export interface ProblemAttachmentTable {
  id: Generated<number>;
  problem_id: number;
  file_name: string;
  /** As the content's first bytes say: application/pdf, image/png, image/jpeg, image/gif, image/webp. */
  media_type: string;
  size: number;
  sha256: string;
  stored_name: string;
  created_at: number;
}

/** An answered problem on the public Q&A page: anonymised texts, never a tax code, name or declaration number. */
export interface ProblemPublicationTable {
  problem_id: number;
  topic: ProblemTopic;
  question: string;
  answer: string;
  /** The texts folded (no diacritics, đ → d, lower case), words separated by single spaces, with a leading space. */
  search_text: string;
  published_at: number;
  published_by: number | null;
  updated_at: number;
}

/** A dialogue conference (hội nghị đối thoại) with businesses. */
export interface ConferenceTable {
  id: Generated<number>;
  title: string;
  /** 'YYYY-MM-DD'. */
  held_on: string;
  place: string;
  minutes: string | null;
  created_at: number;
  updated_at: number;
}

/** Who was invited: a business by tax code (business_id set), or an association by its code. */
export interface ConferenceInvitationTable {
  conference_id: number;
  invitee_kind: 'business' | 'association';
  invitee_code: string;
  business_id: number | null;
  invited_at: number;
}

export interface Database {
  agreement_templates: AgreementTemplateTable;
  agreement_appendix_items: AgreementAppendixItemTable;
  agreements: AgreementTable;
  associations: AssociationTable;
  association_members: AssociationMemberTable;
  business_offices: BusinessOfficeTable;
  business_main_offices: BusinessMainOfficeTable;
  cases: CaseTable;
  case_events: CaseEventTable;
  case_escalations: CaseEscalationTable;
  webhook_endpoints: WebhookEndpointTable;
  outbox: OutboxTable;
  outbox_attempts: OutboxAttemptTable;
  evaluations: EvaluationTable;
  evaluation_versions: EvaluationVersionTable;
  evaluation_chain_heads: EvaluationChainHeadTable;
  chain_verifications: ChainVerificationTable;
  idempotency_keys: IdempotencyKeyTable;
  stat_rollups: StatRollupTable;
  stat_rollups_fine: StatRollupFineTable;
  users: UserTable;
  user_businesses: UserBusinessTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  password_resets: PasswordResetTable;
  settings: SettingTable;
  audit_events: AuditEventTable;
  units: UnitTable;
  officers: OfficerTable;
  officer_assignments: OfficerAssignmentTable;
  businesses: BusinessTable;
  declarations: DeclarationTable;
  declaration_handlers: DeclarationHandlerTable;
  api_clients: ApiClientTable;
  holidays: HolidayTable;
  problems: ProblemTable;
  problem_events: ProblemEventTable;
  problem_attachments: ProblemAttachmentTable;
  problem_publications: ProblemPublicationTable;
  conferences: ConferenceTable;
  conference_invitations: ConferenceInvitationTable;
}

export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;
export type Officer = Selectable<OfficerTable>;
export type OfficerAssignment = Selectable<OfficerAssignmentTable>;
export type Business = Selectable<BusinessTable>;
export type NewBusiness = Insertable<BusinessTable>;
export type Declaration = Selectable<DeclarationTable>;
export type DeclarationHandler = Selectable<DeclarationHandlerTable>;
export type ApiClient = Selectable<ApiClientTable>;
export type User = Selectable<UserTable>;
export type Session = Selectable<SessionTable>;
export type AuditEvent = Selectable<AuditEventTable>;
export type Evaluation = Selectable<EvaluationTable>;
export type EvaluationVersion = Selectable<EvaluationVersionTable>;
export type Case = Selectable<CaseTable>;
export type CaseEvent = Selectable<CaseEventTable>;
export type AgreementTemplate = Selectable<AgreementTemplateTable>;
export type AgreementAppendixItem = Selectable<AgreementAppendixItemTable>;
export type Agreement = Selectable<AgreementTable>;
export type Association = Selectable<AssociationTable>;
export type Problem = Selectable<ProblemTable>;
export type ProblemEvent = Selectable<ProblemEventTable>;
export type ProblemAttachment = Selectable<ProblemAttachmentTable>;
export type ProblemPublication = Selectable<ProblemPublicationTable>;
export type Conference = Selectable<ConferenceTable>;
