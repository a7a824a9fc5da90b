import { z } from 'zod';

/** Stokn's envelope around every successful answer. */
export function envelope<T extends z.ZodType>(data: T) {
  return z.object({ success: z.literal(true), data });
}

/** Stokn's envelope for errors: a numeric errorCode and a message. */
export const errorEnvelope = z.object({
  success: z.literal(false),
  errorCode: z.number(),
  errorMessage: z.string().nullish(),
});

/**
 * errorCode values of the sandbox *(ours; Stokn does not publish its codes)*; kept equal to
 * providers/stokn/emulator.ts. Only those the adapter acts on are listed.
 */
export const stoknCodes = {
  validation: 1000,
  unauthorized: 1001,
  tokenExpired: 1002,
  invalidCredentials: 1003,
  invalidRefreshToken: 1004,
  accountNotActive: 1010,
  noTradingPortfolio: 1011,
  notFound: 1040,
  duplicateEmail: 1090,
  duplicatePhone: 1091,
  duplicatePortfolio: 1092,
  otpWrongCode: 1200,
  otpExpired: 1201,
  otpAttemptsExceeded: 1202,
  unsupportedAsset: 1300,
} as const;

// ---- requests ----

export const signUpRequest = z.object({
  phoneNumber: z.string(),
  email: z.string(),
  password: z.string(),
  roles: z.array(z.string()).min(1),
});

export const loginRequest = z.object({ username: z.string(), password: z.string() });

export const otpRequest = z.object({
  sessionId: z.string(),
  username: z.string(),
  challengeType: z.literal('SMS_MFA'),
  code: z.string(),
});

export const refreshRequest = z.object({ username: z.string(), refreshToken: z.string() });

export const portfolioRequest = z.object({
  accountId: z.string(),
  name: z.string(),
  portfolioAccountType: z.literal('TRADING'),
});

// ---- responses (data of the envelope) ----

export const portfolio = z.object({
  portfolioId: z.string().min(1),
  name: z.string(),
  accountId: z.string(),
  portfolioAccountType: z.string(),
});

export const account = z.object({
  accountId: z.string().min(1),
  active: z.boolean(),
  portfolios: z
    .array(portfolio)
    .nullish()
    .transform((p) => p ?? []),
  tradingPortfolioId: z.string().nullish(),
});

export const user = z.object({
  userId: z.string().min(1),
  email: z.string().nullish(),
  phoneNumber: z.string().nullish(),
  accounts: z.array(account).min(1),
  userAccountStatus: z.string().nullish(),
});
export type StoknUser = z.infer<typeof user>;

/** POST /v1/user/login *(ours: the route and this answer; the docs show `data: {}`)*. */
export const loginData = z.object({
  sessionId: z.string().min(1),
  expiresIn: z.number().int().positive().optional(),
  codeDeliveryDestination: z.string().optional(),
});

/** POST /v1/user/otp and /v1/user/refresh *(ours: the docs show `data: {}`)*. */
export const tokenData = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresIn: z.number().int().positive(),
});

export const kycStartData = z.object({
  identificationUrl: z.url(),
  userId: z.string(),
  numberOfAttempts: z.number().int().nonnegative(),
  identificationId: z.string(),
});

export const depositData = z.object({
  coin: z.string().min(1),
  network: z.string().min(1),
  address: z.string().min(1),
});
