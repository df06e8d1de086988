/**
 * Pure rules for declaration fields (Decision 1357/QĐ-TCHQ type codes, VNACCS numbers, channels,
 * handling steps). No I/O: the import validator and the API both call these.
 */
export const declarationKinds = ['import', 'export', 'dossier'] as const;
export type DeclarationKind = (typeof declarationKinds)[number];

export const importTypeCodes = [
  'A11', 'A12', 'A21', 'A31', 'A41', 'A42', 'A43', 'A44', 'E11', 'E13', 'E15', 'E21', 'E23', 'E31',
  'E33', 'E41', 'G11', 'G12', 'G13', 'G14', 'G51', 'C11', 'C21', 'H11',
] as const;
export const exportTypeCodes = [
  'B11', 'B12', 'B13', 'E42', 'E52', 'E54', 'E62', 'E82', 'G21', 'G22', 'G23', 'G24', 'G61', 'C12',
  'C22', 'H21',
] as const;

const typeCodesByKind: Record<'import' | 'export', ReadonlySet<string>> = {
  import: new Set(importTypeCodes),
  export: new Set(exportTypeCodes),
};

export const handlingSteps = ['reception', 'document_check', 'physical_inspection', 'supervision', 'other'] as const;
export type HandlingStep = (typeof handlingSteps)[number];

export const channels = { green: 1, yellow: 2, red: 3 } as const;
export type Channel = 1 | 2 | 3;

export function isDeclarationKind(value: string): value is DeclarationKind {
  return (declarationKinds as readonly string[]).includes(value);
}

export function isHandlingStep(value: string): value is HandlingStep {
  return (handlingSteps as readonly string[]).includes(value);
}

const vnaccsNumber = /^\d{12}$/;
const dossierNumber = /^[A-Z0-9/-]{1,30}$/;

/** VNACCS numbers are 12 digits; a dossier number is 1–30 of A–Z, 0–9, '/', '-'. */
export function isValidDeclarationNo(kind: DeclarationKind, value: string): boolean {
  return kind === 'dossier' ? dossierNumber.test(value) : vnaccsNumber.test(value);
}

/** Import and export type codes come from the 1357 list; a dossier has an optional free code. */
export function isValidTypeCode(kind: DeclarationKind, value: string): boolean {
  if (kind === 'dossier') return value === '' || /^[A-Z0-9]{1,10}$/.test(value);
  return typeCodesByKind[kind].has(value);
}

const channelWords: Record<string, Channel> = {
  '1': 1, '2': 2, '3': 3,
  green: 1, yellow: 2, red: 3,
  xanh: 1, 'vàng': 2, 'đỏ': 3,
};

/** '1|2|3', 'green|yellow|red' or 'xanh|vàng|đỏ' in any case; undefined when not a channel. */
export function parseChannel(value: string): Channel | undefined {
  return channelWords[value.trim().normalize('NFC').toLocaleLowerCase('vi')];
}
