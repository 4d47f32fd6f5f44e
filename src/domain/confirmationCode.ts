/** Crockford's base32: no I, L, O or U, so a code read aloud or handwritten is not misread. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The 8-character confirmation code of a registration: Crockford base32 of the first 40 bits of
 * its UUID. A laptop offline and the server compute the same code from the same id.
 */
export function confirmationCode(registrationId: string): string {
  const hex = registrationId.replace(/-/g, '').slice(0, 10);
  if (!/^[0-9a-fA-F]{10}$/.test(hex)) throw new RangeError(`Not a UUID: ${registrationId}`);
  // 40 bits fit a double exactly
  let n = parseInt(hex, 16);
  let code = '';
  for (let i = 0; i < 8; i++) {
    code = CROCKFORD[n % 32]! + code;
    n = Math.floor(n / 32);
  }
  return code;
}

/** A code as a person typed it: upper case, with Crockford's look-alikes (O, I, L) read as digits. */
export function normalizeCode(typed: string): string {
  return typed.trim().toUpperCase().replace(/-/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}
