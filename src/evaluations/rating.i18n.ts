import type { Lang } from '../errors.js';
import type { RatingChannel } from '../db/schema.js';
import { messages } from '../web/i18n/index.js';
import { evaluationReasons, ratingChannels, type EvaluationReason } from '../stats/rollup-columns.js';

/** Texts of the rating pages (feature-local catalogue; Vietnamese is the reference). */
const vi = {
  pageTitle: 'Đánh giá tờ khai {no}',
  handlersTitle: 'Công chức xử lý',
  handlerLine: '{step}: {officer}',
  quickTitle: 'Đánh giá chung cho cả tờ khai',
  quickHint: 'Chạm một mức để gửi ngay.',
  quickReviseHint: 'Chạm một mức để thay đánh giá hiện tại bằng một mức chung (các đánh giá chi tiết, lý do và ý kiến trước đó sẽ không giữ lại).',
  quickGroup: 'Mức hài lòng chung',
  detailSummary: 'Đánh giá chi tiết: chi cục, đội, khâu nghiệp vụ, từng công chức',
  detailLead: 'Các mục chi tiết không bắt buộc; mục nào bỏ qua sẽ lấy theo mức chung.',
  overallLegend: 'Mức hài lòng chung (bắt buộc)',
  scaleKey: 'Thang điểm: 5 Rất hài lòng · 4 Hài lòng · 3 Bình thường · 2 Không hài lòng · 1 Rất không hài lòng.',
  skip: 'Bỏ qua',
  officeLegend: 'Chi cục: {name}',
  teamLegend: 'Đội: {name}',
  stepLegend: 'Khâu: {name}',
  officerLegend: 'Công chức: {name}',
  reasonsLegend: 'Lý do (bắt buộc khi có mức từ 3 trở xuống)',
  commentLabel: 'Ý kiến của doanh nghiệp (không bắt buộc)',
  commentHint: 'Tối đa {max} ký tự.',
  submit: 'Gửi đánh giá',
  revisableUntil: 'Có thể gửi hoặc sửa đánh giá đến {at}.',
  saved: 'Cảm ơn! Đánh giá của doanh nghiệp đã được ghi nhận.',
  currentTitle: 'Đánh giá hiện tại',
  currentVersion: 'Lần gửi thứ {version}, lúc {at}, qua {channel}.',
  currentOverall: 'Mức chung',
  currentTargets: 'Đánh giá chi tiết',
  currentReasons: 'Lý do',
  currentComment: 'Ý kiến',
  reviseTitle: 'Sửa đánh giá',
  qrTitle: 'Mở trên điện thoại khác',
  qrAlt: 'Mã QR của liên kết đánh giá này',
  qrHint: 'Quét mã để mở trang đánh giá này trên điện thoại của đồng nghiệp.',
  target_office: 'Chi cục',
  target_team: 'Đội',
  target_step: 'Khâu',
  target_officer: 'Công chức',
  channel_software: 'phần mềm khai báo',
  channel_link: 'liên kết đánh giá',
  channel_portal: 'cổng thông tin',
  reason_attitude: 'Thái độ phục vụ',
  reason_delay: 'Chậm trễ',
  reason_harassment: 'Gây phiền hà, sách nhiễu',
  reason_misconduct: 'Tiêu cực, vi phạm',
  reason_professional_error: 'Sai sót nghiệp vụ',
  reason_unclear_guidance: 'Hướng dẫn không rõ ràng',
  reason_other: 'Lý do khác',
  // — the business's declaration list —
  filterUnrated: 'Chỉ tờ khai chưa đánh giá',
  listColumn: 'Đánh giá',
  listRate: 'Đánh giá',
  listRated: 'Đã đánh giá: {level}',
  listRevise: 'Xem, sửa',
  listView: 'Xem',
  listClosed: 'Hết hạn',
  listNotRating: 'Không áp dụng',
  rateLabel: 'Đánh giá tờ khai {no}',
};

const en: typeof vi = {
  pageTitle: 'Rate declaration {no}',
  handlersTitle: 'Officers who handled it',
  handlerLine: '{step}: {officer}',
  quickTitle: 'Rate the declaration as a whole',
  quickHint: 'Tap a level to send it at once.',
  quickReviseHint: 'Tap a level to replace the current rating with one overall level (earlier detailed levels, reasons and comment are not kept).',
  quickGroup: 'Overall satisfaction',
  detailSummary: 'Rate in detail: office, teams, steps, each officer',
  detailLead: 'Every detail is optional; whatever you skip takes the overall level.',
  overallLegend: 'Overall satisfaction (required)',
  scaleKey: 'Scale: 5 Very satisfied · 4 Satisfied · 3 Neutral · 2 Dissatisfied · 1 Very dissatisfied.',
  skip: 'Skip',
  officeLegend: 'Office: {name}',
  teamLegend: 'Team: {name}',
  stepLegend: 'Step: {name}',
  officerLegend: 'Officer: {name}',
  reasonsLegend: 'Reasons (required when any level is 3 or lower)',
  commentLabel: 'Your comment (optional)',
  commentHint: 'At most {max} characters.',
  submit: 'Send the rating',
  revisableUntil: 'You can send or revise the rating until {at}.',
  saved: 'Thank you! Your rating has been recorded.',
  currentTitle: 'Current rating',
  currentVersion: 'Version {version}, sent {at} through the {channel}.',
  currentOverall: 'Overall',
  currentTargets: 'In detail',
  currentReasons: 'Reasons',
  currentComment: 'Comment',
  reviseTitle: 'Revise the rating',
  qrTitle: 'Open on another phone',
  qrAlt: 'QR code of this rating link',
  qrHint: 'Scan the code to open this rating page on a colleague’s phone.',
  target_office: 'Office',
  target_team: 'Team',
  target_step: 'Step',
  target_officer: 'Officer',
  channel_software: 'declaration software',
  channel_link: 'rating link',
  channel_portal: 'portal',
  reason_attitude: 'Attitude',
  reason_delay: 'Delay',
  reason_harassment: 'Harassment',
  reason_misconduct: 'Misconduct',
  reason_professional_error: 'Professional error',
  reason_unclear_guidance: 'Unclear guidance',
  reason_other: 'Other',
  filterUnrated: 'Only declarations not yet rated',
  listColumn: 'Rating',
  listRate: 'Rate',
  listRated: 'Rated: {level}',
  listRevise: 'View, revise',
  listView: 'View',
  listClosed: 'Closed',
  listNotRating: 'Not applicable',
  rateLabel: 'Rate declaration {no}',
};

export type RatingMessages = typeof vi;

export function ratingMessages(lang: Lang): RatingMessages {
  return lang === 'vi' ? vi : en;
}

export type Level = 1 | 2 | 3 | 4 | 5;

/** A level's words (the five levels of the home page's catalogue): 5 → 'Rất hài lòng' / 'Very satisfied'. */
export function levelLabel(lang: Lang, level: number): string {
  return level >= 1 && level <= 5 && Number.isInteger(level) ? messages(lang)[`homeLevel${level as Level}`] : String(level);
}

/** A reason's words; a code outside the list (never stored by the rules) is shown as it is. */
export function reasonLabel(lang: Lang, reason: string): string {
  return (evaluationReasons as readonly string[]).includes(reason) ? ratingMessages(lang)[`reason_${reason as EvaluationReason}`] : reason;
}

export function channelLabel(lang: Lang, channel: string): string {
  return (ratingChannels as readonly string[]).includes(channel) ? ratingMessages(lang)[`channel_${channel as RatingChannel}`] : channel;
}
