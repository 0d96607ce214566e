// The four people a developer logs in as after `npm run seed` / `npm run dev`: fixed phones registered as mock
// numbers with a fixed OTP, so no SMS outbox lookup is needed. The generator gives these users these names.
import type { UserRole } from "@chizze/schema";

export const DEMO_OTP = "123456";

export interface DemoLogin {
  role: UserRole;
  userId: string;
  name: string;
  phone: string;
  otp: string;
}

export const DEMO_LOGINS: readonly DemoLogin[] = [
  { role: "admin", userId: "usr_adm_00001", name: "Ananya Iyer", phone: "+919000000001", otp: DEMO_OTP },
  { role: "customer", userId: "usr_cus_00001", name: "Rahul Sharma", phone: "+919000000002", otp: DEMO_OTP },
  { role: "restaurant", userId: "usr_own_00001", name: "Suresh Hegde", phone: "+919000000003", otp: DEMO_OTP },
  { role: "partner", userId: "usr_prt_00001", name: "Manjunath Gowda", phone: "+919000000004", otp: DEMO_OTP },
];

export function demoLogin(role: UserRole): DemoLogin {
  const login = DEMO_LOGINS.find((l) => l.role === role);
  if (!login) throw new Error(`no demo login for ${role}`);
  return login;
}
