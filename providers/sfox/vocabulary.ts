import { usStateCodes } from '../../domain/inputs/regions';

/**
 * sFOX's documented enumerations (register-account page), shared by our input schema and the
 * sandbox's emulation of sFOX so the two cannot drift apart. Pure data, workflow-safe.
 */

export const sfoxIndividualPurposes = [
  'Trading',
  'Selling only',
  'Other',
  'Online purchases',
  'Online payments',
  'Investing',
  'Buying only',
  'Business',
] as const;

export const sfoxCorporationPurposes = [
  'Treasury Management',
  'Operating',
  'Liquidating Crypto Assets',
  'Investment Fund',
  'Cross Border Payments',
  'Arbitrage Trading',
  'Other',
] as const;

export const sfoxOrganizationTypes = ['Trust', 'Sole Proprietor', 'LLC', 'Partnership', 'Corporation', 'Other'] as const;

export const sfoxBusinessTypes = [
  'Hedge Fund',
  'Private Equity Fund',
  'Mutual Fund',
  'Proprietary Trading Firm',
  'Personal Investment Company',
  'Individual Retirement Account Holding Company',
  'Money Service Business (MSB)',
  'Financial Institution Brokerage',
  'Agency OTC Brokerage',
  'Principle OTC Brokerage',
  'Retail Brokerage, Robo-Advisor, or FX/CFD Provider',
  'Fund of Funds',
  'Pension Fund',
  'Endowment',
  'Exchange Traded Fund',
  'Fund Administrator',
  'Professional Service Provider (Accounting or Law Firm)',
  'Software Vendor',
  'Platform Provider',
  'Data Aggregator',
  'Charity Organization or Non-profit',
  'Crypto Exchange',
  'Digital Currency Mining Firm',
  'Merchant',
] as const;

/** U.S. state codes sFOX accepts: the 50 states, DC and the inhabited territories. */
export const sfoxUsStates = usStateCodes;
