import { hash, verify } from '@node-rs/argon2';

// algorithm 2 = Argon2id (the package exports it as an ambient const enum).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (pw: string) => hash(pw, OPTIONS);

export async function verifyPassword(stored: string, pw: string): Promise<boolean> {
  try {
    return await verify(stored, pw);
  } catch {
    return false;
  }
}

// Verifying against this when the username is unknown keeps the timing of a
// failed sign-in the same whether or not the account exists.
let dummy: Promise<string> | undefined;
export async function burnVerify(pw: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password-' + Math.random());
  await verifyPassword(await dummy, pw);
}

export interface PasswordPolicy {
  minLength: number;
  complexity: boolean;
}

/** Returns a message in Chinese for what is wrong with the password, or null. */
export function passwordProblem(pw: string, policy: PasswordPolicy, username?: string): string | null {
  if (pw.length < policy.minLength) return `密码长度不能少于 ${policy.minLength} 位`;
  if (pw.length > 128) return '密码长度不能超过 128 位';
  if (username && pw.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  if (policy.complexity) {
    const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
    if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  }
  return null;
}
