/**
 * Decimal money and hours kept as whole hundredths, so sums are exact: 3 + 1.5 + 0.1 is 460
 * hundredths, 4.6, and never 4.6000000000000005.
 */

/** A validated two-place decimal (see `isTwoPlaceDecimal`) as hundredths. */
export const toHundredths = (value: number): number => Math.round(value * 100);

/** Hundredths back to the JSON number; division is correctly rounded, so 460 prints as 4.6. */
export const fromHundredths = (hundredths: number): number => hundredths / 100;

/** PostgreSQL's `numeric` text (`12.50`, `3`, `0.1`) as hundredths, digit by digit. */
export function hundredthsFromText(text: string): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`Not a decimal: "${text}"`);
  const fraction = (match[3] ?? '').padEnd(2, '0');
  if (/[1-9]/.test(fraction.slice(2))) throw new Error(`More than two decimal places: "${text}"`);
  const value = Number(match[2]) * 100 + Number(fraction.slice(0, 2));
  return match[1] === '-' ? -value : value;
}

/** Hundredths as `numeric` text for SQL parameters (`460` -> `4.60`). */
export function hundredthsToText(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
