import type { MessageKey } from './vi.js';

export const en: Record<MessageKey, string> = {
  appName: 'Customs Satisfaction',
  appTagline: 'How satisfied businesses are with the customs officers who served them',
  skipToContent: 'Skip to main content',
  navHome: 'Home',
  navUnits: 'Units',
  navOfficers: 'Officers',
  navDeclarations: 'Declarations',
  navApi: 'API',
  navMain: 'Main navigation',
  switchLanguage: 'Tiếng Việt',
  switchLanguageLabel: 'Chuyển sang tiếng Việt',
  homeTitle: 'Overview',
  countUnits: 'Units',
  countOfficers: 'Officers',
  countBusinesses: 'Businesses',
  countDeclarations: 'Declarations',
  errorTitle: 'Something went wrong',
  errorBack: 'Back to the home page',
  footer: 'Business satisfaction evaluation — modelled on Hai Phong Customs (2020).',
};
