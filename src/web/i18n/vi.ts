/** Vietnamese: the reference catalogue. Every key here must exist in en.ts (the type checker enforces it). */
export const vi = {
  appName: 'Hài lòng Hải quan',
  appTagline: 'Đánh giá mức độ hài lòng của doanh nghiệp đối với cơ quan hải quan',
  skipToContent: 'Bỏ qua, đến nội dung chính',
  navHome: 'Trang chủ',
  navUnits: 'Đơn vị',
  navOfficers: 'Công chức',
  navDeclarations: 'Tờ khai',
  navApi: 'API',
  navMain: 'Điều hướng chính',
  switchLanguage: 'English',
  switchLanguageLabel: 'Switch to English',
  homeTitle: 'Tổng quan',
  countUnits: 'Đơn vị',
  countOfficers: 'Công chức',
  countBusinesses: 'Doanh nghiệp',
  countDeclarations: 'Tờ khai',
  errorTitle: 'Có lỗi xảy ra',
  errorBack: 'Về trang chủ',
  footer: 'Hệ thống đánh giá sự hài lòng của doanh nghiệp — mô phỏng theo Cục Hải quan Hải Phòng (2020).',
} as const;

export type MessageKey = keyof typeof vi;
