import type { Lang } from '../errors.js';

/** Texts of the sign-in and password pages (feature-local catalogue; Vietnamese is the reference). */
const vi = {
  signInTitle: 'Đăng nhập',
  username: 'Tên đăng nhập hoặc thư điện tử',
  password: 'Mật khẩu',
  signIn: 'Đăng nhập',
  signOut: 'Đăng xuất',
  signedInAs: 'Đang đăng nhập:',
  forgot: 'Quên mật khẩu?',
  forgotTitle: 'Quên mật khẩu',
  forgotHelp: 'Nhập tên đăng nhập hoặc thư điện tử. Nếu tài khoản tồn tại, một liên kết đặt lại mật khẩu (hiệu lực 30 phút) sẽ được gửi đến thư điện tử của tài khoản.',
  send: 'Gửi liên kết',
  forgotSent: 'Nếu tài khoản tồn tại, liên kết đặt lại mật khẩu đã được gửi. Vui lòng kiểm tra hộp thư.',
  resetTitle: 'Đặt mật khẩu mới',
  newPassword: 'Mật khẩu mới (ít nhất 10 ký tự)',
  confirmPassword: 'Nhập lại mật khẩu mới',
  save: 'Lưu mật khẩu',
  resetDone: 'Đã đặt mật khẩu mới. Vui lòng đăng nhập.',
  signedOut: 'Bạn đã đăng xuất.',
};

const en: typeof vi = {
  signInTitle: 'Sign in',
  username: 'Username or e-mail',
  password: 'Password',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: 'Signed in as',
  forgot: 'Forgot your password?',
  forgotTitle: 'Forgot password',
  forgotHelp: 'Enter your username or e-mail. If the account exists, a password reset link (valid 30 minutes) is sent to its e-mail address.',
  send: 'Send the link',
  forgotSent: 'If the account exists, a password reset link has been sent. Please check your mailbox.',
  resetTitle: 'Choose a new password',
  newPassword: 'New password (at least 10 characters)',
  confirmPassword: 'New password again',
  save: 'Save the password',
  resetDone: 'Your new password is saved. Please sign in.',
  signedOut: 'You have signed out.',
};

export type AuthMessages = typeof vi;

export function authMessages(lang: Lang): AuthMessages {
  return lang === 'vi' ? vi : en;
}
