import argon2 from 'argon2';
import { AppError } from '../errors.js';

export const minPasswordLength = 10;
/** Longer inputs are refused before hashing: Argon2 on megabytes is a denial-of-service lever. */
export const maxPasswordLength = 200;

/** Argon2id with the library's defaults (m = 64 MiB, t = 3, p = 4). */
export function hashPassword(password: string): Promise<string> {
  checkPasswordPolicy(password);
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (password.length > maxPasswordLength) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export function checkPasswordPolicy(password: string): void {
  if (password.length < minPasswordLength || password.length > maxPasswordLength) {
    throw new AppError('weak_password', { min: minPasswordLength });
  }
}

/** A hash of a random password: compared against when the account does not exist, so timing reveals nothing. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= argon2.hash(`decoy-${Math.random()}`, { type: argon2.argon2id });
  return decoy;
}
