import { describe, expect, it } from 'vitest';
import { maskCardNumbers, maskCardNumbersDeep } from '../../shared/privacy/card-numbers.js';

describe('card number masking', () => {
  it.each([
    ['my card 4111 1111 1111 1111 was charged twice', 'my card **** **** **** 1111 was charged twice'],
    ['4111-1111-1111-1111', '****-****-****-1111'],
    ['Amex 378282246310005.', 'Amex ***********0005.'],
    ['19 digits 6011000990139424000? no: 4222222222222', '19 digits 6011000990139424000? no: *********2222'],
    ['order 1234567890123 is not a card (fails Luhn)', 'order 1234567890123 is not a card (fails Luhn)'],
    [
      'a 25-digit reference 4111111111111111111111111 stays',
      'a 25-digit reference 4111111111111111111111111 stays',
    ],
    ['phone +1 415 555 0100, short numbers 4111 stay', 'phone +1 415 555 0100, short numbers 4111 stay'],
  ])('%s', (input, expected) => {
    expect(maskCardNumbers(input)).toBe(expected);
  });

  it('masks every string inside JSON values and leaves other types alone', () => {
    expect(
      maskCardNumbersDeep({ a: ['5555555555554444'], n: 5555555555554444, b: { c: null, d: true } }),
    ).toEqual({
      a: ['************4444'],
      n: 5555555555554444,
      b: { c: null, d: true },
    });
  });
});
