/**
 * The one catalogue of errors a user or a client can cause. Each code is stable (clients match on
 * it), has an HTTP status and a message in Vietnamese and English. `{name}` placeholders are filled
 * from the error's params. `docs/errors.md` is generated from this table and a test keeps it complete.
 */
export interface ErrorDefinition {
  readonly status: number;
  readonly vi: string;
  readonly en: string;
}

export const errorCatalogue = {
  // — generic request errors —
  validation_failed: { status: 400, vi: 'Dữ liệu không hợp lệ: {detail}', en: 'Invalid input: {detail}' },
  invalid_json: { status: 400, vi: 'Nội dung JSON không đọc được', en: 'The JSON body cannot be parsed' },
  invalid_text: {
    status: 400, vi: 'Trường "{field}" chứa ký tự không lưu được (ký tự NUL hoặc UTF-16 lẻ cặp)',
    en: 'Field "{field}" holds a character that cannot be stored (NUL or an unpaired UTF-16 surrogate)',
  },
  invalid_multipart: { status: 400, vi: 'Nội dung multipart không đọc được (thiếu ranh giới hoặc bị cắt ngang)', en: 'The multipart body cannot be read (no boundary, or cut short)' },
  number_out_of_range: { status: 400, vi: 'Trường "{field}" có số ngoài phạm vi cho phép', en: 'Field "{field}" holds a number out of range' },
  payload_too_large: { status: 413, vi: 'Nội dung gửi lên quá lớn', en: 'The request body is too large' },
  unsupported_media_type: { status: 415, vi: 'Kiểu nội dung không được hỗ trợ', en: 'Unsupported content type' },
  not_found: { status: 404, vi: 'Không tìm thấy', en: 'Not found' },
  method_not_allowed: { status: 405, vi: 'Phương thức không được phép', en: 'Method not allowed' },
  unauthenticated: { status: 401, vi: 'Cần xác thực (khoá API hoặc đăng nhập)', en: 'Authentication required (API key or sign-in)' },
  invalid_api_key: { status: 401, vi: 'Khoá API không hợp lệ hoặc đã bị thu hồi', en: 'The API key is invalid or revoked' },
  forbidden: { status: 403, vi: 'Không có quyền thực hiện thao tác này', en: 'You are not allowed to do this' },
  too_many_items: { status: 400, vi: 'Tối đa {max} mục mỗi lần gửi', en: 'At most {max} items per request' },
  rate_limited: { status: 429, vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau', en: 'Too many requests, try again later' },
  internal_error: { status: 500, vi: 'Lỗi hệ thống, mã yêu cầu {requestId}', en: 'Internal error, request id {requestId}' },

  // — reference data —
  missing_field: { status: 400, vi: 'Thiếu trường bắt buộc "{field}"', en: 'Required field "{field}" is missing' },
  field_too_long: { status: 400, vi: 'Trường "{field}" dài quá {max} ký tự', en: 'Field "{field}" is longer than {max} characters' },
  invalid_unit_code: { status: 400, vi: 'Mã đơn vị "{value}" không hợp lệ', en: 'Invalid unit code "{value}"' },
  invalid_unit_kind: { status: 400, vi: 'Loại đơn vị "{value}" không hợp lệ (department, office, team, other)', en: 'Invalid unit kind "{value}" (department, office, team, other)' },
  unknown_parent_unit: { status: 400, vi: 'Không có đơn vị cấp trên "{value}"', en: 'Unknown parent unit "{value}"' },
  unit_cycle: { status: 400, vi: 'Đơn vị "{value}" tạo thành vòng lặp cấp trên', en: 'Unit "{value}" would make a parent cycle' },
  invalid_pilot_window: { status: 400, vi: 'Thời gian thí điểm không hợp lệ (từ ngày sau đến ngày)', en: 'Invalid pilot window (start after end)' },
  unknown_unit: { status: 400, vi: 'Không có đơn vị "{value}"', en: 'Unknown unit "{value}"' },
  invalid_officer_code: { status: 400, vi: 'Mã công chức "{value}" không hợp lệ', en: 'Invalid officer code "{value}"' },
  invalid_assignment_period: { status: 400, vi: 'Thời gian công tác không hợp lệ (từ ngày sau đến ngày)', en: 'Invalid assignment period (from after to)' },
  overlapping_assignment: { status: 409, vi: 'Công chức "{value}" đã có phân công trùng thời gian', en: 'Officer "{value}" already has an overlapping assignment' },
  invalid_tax_code: { status: 400, vi: 'Mã số thuế "{value}" không hợp lệ', en: 'Invalid tax code "{value}"' },
  invalid_email: { status: 400, vi: 'Địa chỉ thư điện tử "{value}" không hợp lệ', en: 'Invalid e-mail address "{value}"' },

  // — declarations —
  invalid_kind: { status: 400, vi: 'Loại tờ khai "{value}" không hợp lệ (import, export, dossier)', en: 'Invalid kind "{value}" (import, export, dossier)' },
  invalid_declaration_no: { status: 400, vi: 'Số tờ khai "{value}" không hợp lệ cho loại {kind}', en: 'Invalid declaration number "{value}" for kind {kind}' },
  invalid_type_code: { status: 400, vi: 'Mã loại hình "{value}" không hợp lệ cho loại {kind}', en: 'Invalid type code "{value}" for kind {kind}' },
  unknown_office: { status: 400, vi: 'Không có chi cục hải quan mã "{value}"', en: 'Unknown customs office "{value}"' },
  invalid_channel: { status: 400, vi: 'Luồng "{value}" không hợp lệ (1/2/3, xanh/vàng/đỏ)', en: 'Invalid channel "{value}" (1/2/3, green/yellow/red)' },
  invalid_datetime: { status: 400, vi: 'Thời gian "{value}" của trường "{field}" không hợp lệ', en: 'Invalid date-time "{value}" in field "{field}"' },
  invalid_date: { status: 400, vi: 'Ngày "{value}" của trường "{field}" không hợp lệ (YYYY-MM-DD)', en: 'Invalid date "{value}" in field "{field}" (YYYY-MM-DD)' },
  cleared_before_registered: { status: 400, vi: 'Thời điểm thông quan trước thời điểm đăng ký', en: 'Cleared before it was registered' },
  invalid_handlers: { status: 400, vi: 'Danh sách công chức xử lý "{value}" không đúng dạng bước:mã', en: 'Handlers "{value}" are not in step:code form' },
  unknown_step: { status: 400, vi: 'Khâu nghiệp vụ "{value}" không hợp lệ', en: 'Unknown handling step "{value}"' },
  unknown_officer: { status: 400, vi: 'Không có công chức mã "{value}"', en: 'Unknown officer "{value}"' },
  officer_not_assigned: { status: 400, vi: 'Công chức "{value}" không thuộc đơn vị nào vào ngày {day}', en: 'Officer "{value}" belongs to no unit on {day}' },
  duplicate_in_file: { status: 400, vi: 'Giá trị "{value}" đã có ở dòng {line} của cùng tệp', en: '"{value}" already appears at line {line} of the same file' },
  invalid_row: { status: 400, vi: 'Dòng không đọc được: {detail}', en: 'Unreadable row: {detail}' },

  // — accounts and sign-in —
  invalid_credentials: { status: 401, vi: 'Tên đăng nhập hoặc mật khẩu không đúng', en: 'Wrong username or password' },
  account_locked: { status: 429, vi: 'Tạm khoá do đăng nhập sai nhiều lần; thử lại sau {minutes} phút', en: 'Temporarily locked after repeated failed sign-ins; try again in {minutes} minutes' },
  csrf_failed: { status: 403, vi: 'Biểu mẫu đã hết hạn hoặc không hợp lệ; vui lòng tải lại trang và thử lại', en: 'The form has expired or is invalid; reload the page and try again' },
  session_expired: { status: 401, vi: 'Phiên làm việc đã hết hạn; vui lòng đăng nhập lại', en: 'Your session has expired; please sign in again' },
  weak_password: { status: 400, vi: 'Mật khẩu cần ít nhất {min} ký tự', en: 'The password needs at least {min} characters' },
  invalid_username: { status: 400, vi: 'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch (3–64 ký tự)', en: 'A username has 3–64 lowercase letters, digits, dots, dashes or underscores' },
  username_taken: { status: 409, vi: 'Tên đăng nhập hoặc thư điện tử "{value}" đã được dùng', en: 'Username or e-mail "{value}" is already taken' },
  role_needs_unit: { status: 400, vi: 'Vai trò lãnh đạo cần một đơn vị (--unit)', en: 'The leader role needs a unit (--unit)' },
  role_needs_officer: { status: 400, vi: 'Vai trò công chức cần mã công chức (--officer)', en: 'The officer role needs an officer code (--officer)' },
  role_needs_tax_code: { status: 400, vi: 'Vai trò doanh nghiệp cần ít nhất một mã số thuế (--tax-code)', en: 'The business role needs at least one tax code (--tax-code)' },
  unknown_business: { status: 400, vi: 'Không có doanh nghiệp mã số thuế "{value}"', en: 'No business with tax code "{value}"' },
  reset_link_invalid: { status: 400, vi: 'Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn', en: 'The password reset link is invalid or has expired' },
  passwords_differ: { status: 400, vi: 'Hai mật khẩu không khớp', en: 'The two passwords differ' },
  not_a_business_account: { status: 400, vi: 'Chỉ tài khoản doanh nghiệp mới được uỷ quyền cho doanh nghiệp', en: 'Only business accounts can be authorised for businesses' },
  user_not_found: { status: 404, vi: 'Không có người dùng "{value}"', en: 'No user "{value}"' },

  // — API clients —
  invalid_role: { status: 400, vi: 'Vai trò "{value}" không hợp lệ', en: 'Invalid role "{value}"' },
  api_client_not_found: { status: 404, vi: 'Không có khoá API "{value}"', en: 'No API client "{value}"' },

  // — webhooks —
  invalid_webhook_url: { status: 400, vi: 'Địa chỉ webhook "{value}" không hợp lệ (cần http:// hoặc https://, không kèm tên đăng nhập, mật khẩu hay #)', en: 'Invalid webhook URL "{value}" (http:// or https://, without user name, password or #fragment)' },
  webhook_client_not_vendor: { status: 409, vi: 'Chỉ khoá API của nhà cung cấp phần mềm (vendor) đang dùng mới đăng ký được webhook (khoá "{value}")', en: 'Only an active vendor API client can register webhooks (client "{value}")' },
  webhook_exists: { status: 409, vi: 'Webhook "{value}" đã được đăng ký', en: 'Webhook "{value}" is already registered' },
  webhook_not_found: { status: 404, vi: 'Không có webhook "{value}"', en: 'No webhook "{value}"' },

  // — evaluations —
  declaration_not_found: { status: 404, vi: 'Không có tờ khai "{value}"', en: 'No declaration "{value}"' },
  rating_token_invalid: { status: 404, vi: 'Liên kết đánh giá không hợp lệ hoặc không thuộc tờ khai này', en: 'The rating link is invalid or belongs to another declaration' },
  declaration_not_cleared: { status: 409, vi: 'Tờ khai chưa được thông quan nên chưa thể đánh giá', en: 'The declaration is not cleared yet, so it cannot be rated' },
  unit_not_rating: { status: 409, vi: 'Chi cục chưa áp dụng đánh giá vào ngày thông quan {day}', en: 'The office was not rating declarations on the clearance day {day}' },
  rating_window_closed: { status: 409, vi: 'Đã hết thời hạn đánh giá tờ khai (ngày {day})', en: 'The rating window of this declaration closed on {day}' },
  invalid_level: { status: 400, vi: 'Mức đánh giá của "{field}" phải là số nguyên từ 1 đến 5', en: 'The level of "{field}" must be a whole number from 1 to 5' },
  reasons_required: { status: 400, vi: 'Cần chọn ít nhất một lý do khi có mức đánh giá từ 3 trở xuống', en: 'Give at least one reason when any level is 3 or lower' },
  unknown_reason: { status: 400, vi: 'Lý do "{value}" không có trong danh sách', en: 'Unknown reason "{value}"' },
  comment_too_long: { status: 400, vi: 'Ý kiến dài quá {max} ký tự', en: 'The comment is longer than {max} characters' },
  target_not_in_declaration: { status: 400, vi: 'Đối tượng đánh giá {type} "{value}" không thuộc tờ khai này', en: 'The {type} "{value}" did not handle this declaration' },
  duplicate_target: { status: 400, vi: 'Đối tượng {type} "{value}" được đánh giá hai lần', en: 'The {type} "{value}" is rated twice' },
  idempotency_key_reused: { status: 422, vi: 'Khoá Idempotency-Key đã được dùng cho một yêu cầu khác', en: 'This Idempotency-Key was used for a different request' },

  // — cases —
  case_not_found: { status: 404, vi: 'Không có vụ việc "{value}"', en: 'No case "{value}"' },
  case_not_assignee: { status: 403, vi: 'Chỉ lãnh đạo đơn vị được giao hoặc thanh tra mới xử lý vụ việc này', en: 'Only the assigned unit\'s leaders or inspectors act on this case' },
  case_transition_not_allowed: { status: 409, vi: 'Không thể "{transition}" vụ việc đang ở trạng thái "{status}"', en: 'Cannot {transition} a case that is {status}' },
  finding_required: { status: 400, vi: 'Kết luận cần: kết quả xác minh, nhóm lý do, công chức liên quan và hình thức xử lý', en: 'A conclusion needs a finding, categories, the officers involved and the action taken' },
  action_details_required: { status: 400, vi: 'Cần ghi rõ nội dung xử lý "{action}"', en: 'Describe the action "{action}"' },
  response_required: { status: 400, vi: 'Cần nội dung trả lời doanh nghiệp', en: 'Write the response to the business' },
  dispute_reason_required: { status: 400, vi: 'Cần nêu lý do không đồng ý', en: 'Give the reason for disputing' },
  answer_window_closed: { status: 409, vi: 'Đã hết hạn phản hồi kết quả (ngày {day})', en: 'The time to answer this response ended on {day}' },

  // — partnership programme —
  invalid_template_code: { status: 400, vi: 'Mã hoặc phiên bản mẫu thỏa thuận "{value}" không hợp lệ', en: 'Invalid agreement template code or version "{value}"' },
  agreement_template_exists: { status: 409, vi: 'Mẫu thỏa thuận "{value}" đã có', en: 'Agreement template "{value}" already exists' },
  unknown_agreement_template: { status: 400, vi: 'Không có mẫu thỏa thuận "{value}" (mã/phiên bản)', en: 'No agreement template "{value}" (code/version)' },
  invalid_agreement_status: { status: 400, vi: 'Trạng thái thỏa thuận "{value}" không hợp lệ (active, terminated)', en: 'Invalid agreement status "{value}" (active, terminated)' },
  signed_before_template: { status: 400, vi: 'Ngày ký {day} trước ngày mẫu "{value}" có hiệu lực', en: 'Signed on {day}, before template "{value}" took effect' },
  appendix_location_required: { status: 400, vi: 'Văn bản phụ lục cần đúng một nơi lưu: một liên kết hoặc một đường dẫn tệp', en: 'An appendix document needs exactly one location: a link or a file path' },
  invalid_appendix_link: { status: 400, vi: 'Liên kết "{value}" không hợp lệ (cần http:// hoặc https://)', en: 'Invalid link "{value}" (http:// or https:// expected)' },
  invalid_appendix_path: { status: 400, vi: 'Không có tệp "{value}" trong thư mục văn bản DATA_DIR/rules', en: 'No file "{value}" in the rules folder DATA_DIR/rules' },
  scan_required: { status: 400, vi: 'Chưa chọn tệp PDF bản thỏa thuận', en: 'Choose the PDF of the signed agreement' },
  scan_not_pdf: { status: 415, vi: 'Tệp "{value}" không phải PDF (nội dung không bắt đầu bằng %PDF-)', en: 'The file "{value}" is not a PDF (its content does not start with %PDF-)' },
  scan_too_large: { status: 413, vi: 'Tệp PDF lớn quá {max} MB', en: 'The PDF is larger than {max} MB' },
  invalid_association_code: { status: 400, vi: 'Mã hiệp hội "{value}" không hợp lệ', en: 'Invalid association code "{value}"' },
  unknown_association: { status: 400, vi: 'Không có hiệp hội mã "{value}"', en: 'No association with code "{value}"' },

  // — figures —
  unit_not_found: { status: 404, vi: 'Không có đơn vị "{value}"', en: 'No unit "{value}"' },
  officer_not_found: { status: 404, vi: 'Không có công chức "{value}"', en: 'No officer "{value}"' },
  invalid_period: { status: 400, vi: 'Khoảng thời gian không hợp lệ: từ ngày {from} đến ngày {to}', en: 'Invalid period: from {from} to {to}' },
  invalid_group_by: { status: 400, vi: 'Không nhóm được theo "{value}"', en: 'Cannot group by "{value}"' },
  officer_figures_restricted: {
    status: 400,
    vi: 'Công chức chỉ xem kết quả của mình theo tháng, không lọc hay nhóm theo "{value}" (để không đánh giá nào bị nhận ra)',
    en: 'Officers see their own figures by month, without filtering or grouping by "{value}" (so that no single rating can be singled out)',
  },

  // — problems and questions (vướng mắc), dialogue conferences —
  problem_not_found: { status: 404, vi: 'Không có vướng mắc "{value}"', en: 'No problem "{value}"' },
  invalid_problem_topic: { status: 400, vi: 'Lĩnh vực "{value}" không hợp lệ (classification, valuation, origin, procedure, it_system, inspection, other)', en: 'Invalid topic "{value}" (classification, valuation, origin, procedure, it_system, inspection, other)' },
  business_required: { status: 400, vi: 'Tài khoản được uỷ quyền cho nhiều doanh nghiệp: cần chọn mã số thuế của doanh nghiệp nêu vướng mắc', en: 'The account acts for several businesses: choose the tax code of the business raising the problem' },
  attachment_type_not_allowed: { status: 415, vi: 'Tệp "{name}" không phải PDF hoặc ảnh (JPEG, PNG, GIF, WebP) theo nội dung của tệp', en: 'The file "{name}" is not a PDF or an image (JPEG, PNG, GIF, WebP) by its content' },
  attachment_too_large: { status: 413, vi: 'Tệp "{name}" lớn hơn {max} MB', en: 'The file "{name}" is larger than {max} MB' },
  too_many_attachments: { status: 400, vi: 'Tối đa {max} tệp đính kèm cho một vướng mắc', en: 'At most {max} attachments per problem' },
  attachment_not_found: { status: 404, vi: 'Không có tệp đính kèm "{value}"', en: 'No attachment "{value}"' },
  problem_not_assignee: { status: 403, vi: 'Chỉ công chức, lãnh đạo của đơn vị được giao mới trả lời được vướng mắc này', en: 'Only the officers and leaders of the assigned unit answer this problem' },
  problem_approver_required: { status: 403, vi: 'Chỉ lãnh đạo đơn vị được giao (hoặc cấp trên) mới duyệt được câu trả lời', en: 'Only a leader of the assigned unit (or above) approves the answer' },
  problem_transition_not_allowed: { status: 409, vi: 'Không thể "{transition}" vướng mắc đang ở trạng thái "{status}"', en: 'Cannot {transition} a problem that is {status}' },
  problem_answer_required: { status: 400, vi: 'Cần nội dung trả lời doanh nghiệp', en: 'Write the answer to the business' },
  problem_not_answered: { status: 409, vi: 'Vướng mắc chưa được trả lời', en: 'The problem has not been answered yet' },
  publication_not_found: { status: 404, vi: 'Không có hỏi đáp "{value}"', en: 'No published question "{value}"' },
  conference_not_found: { status: 404, vi: 'Không có hội nghị đối thoại "{value}"', en: 'No dialogue conference "{value}"' },
  not_invited: { status: 400, vi: 'Doanh nghiệp "{value}" không được mời dự hội nghị này', en: 'The business "{value}" is not invited to this conference' },

  // — working-day calendar —
  holiday_exists: { status: 409, vi: 'Ngày {value} đã có trong lịch ngày nghỉ', en: '{value} is already in the holiday calendar' },
  holiday_not_found: { status: 404, vi: 'Ngày {value} không có trong lịch ngày nghỉ', en: '{value} is not in the holiday calendar' },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof errorCatalogue;
export type ErrorParams = Record<string, string | number>;
export type Lang = 'vi' | 'en';

function fill(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function errorMessage(code: ErrorCode, lang: Lang, params: ErrorParams = {}): string {
  return fill(errorCatalogue[code][lang], params);
}

/** An error a user or client caused; carries a catalogue code, never a stack to the client. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
  ) {
    super(errorMessage(code, 'en', params));
    this.name = 'AppError';
    this.status = errorCatalogue[code].status;
  }

  messageIn(lang: Lang): string {
    return errorMessage(this.code, lang, this.params);
  }

  toJSON(requestId?: string) {
    return {
      error: {
        code: this.code,
        message: { vi: this.messageIn('vi'), en: this.messageIn('en') },
        ...(Object.keys(this.params).length > 0 ? { params: this.params } : {}),
        ...(requestId ? { requestId } : {}),
      },
    };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
