/**
 * U.S. addresses: the state codes (the 50 states, DC and the inhabited territories) and ZIP codes.
 * Pure data, workflow-safe.
 */
export const usStateCodes: ReadonlySet<string> = new Set(
  (
    'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD ' +
    'TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP'
  ).split(' '),
);

/** Five digits, as sFOX requires; ZIP+4 is left to the providers that take it. */
export const usZip = /^\d{5}$/;

/** Elsewhere: 2 to 10 letters or digits, with inner spaces or hyphens ("SW1A 1AA", "1010-123"). */
export const postalCode = /^[A-Za-z0-9](?:[A-Za-z0-9 -]{0,8}[A-Za-z0-9])$/;
