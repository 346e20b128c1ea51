import { Matches } from 'class-validator';

/**
 * A catalog code (category, purpose, system, recipient, party…): UPPER_SNAKE, 2–64 characters,
 * the form the management ledger's tables use. The one pattern every input and check shares.
 */
export const CATALOG_CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

/** An item key of a category (the fields of a record): lowerCamelCase, 1–64 characters. */
export const ITEM_KEY = /^[a-z][A-Za-z0-9]{0,63}$/;

export const isCatalogCode = (value: unknown): value is string =>
  typeof value === 'string' && CATALOG_CODE.test(value);

export const isItemKey = (value: unknown): value is string =>
  typeof value === 'string' && ITEM_KEY.test(value);

/**
 * Validates a catalog code (or, with `each`, every element of an array); `name` is the field
 * the message names, e.g. `purposeCode must be a catalog code such as RECRUITMENT`.
 */
export const IsCatalogCode = (name = 'code', options: { each?: boolean; example?: string } = {}) =>
  Matches(CATALOG_CODE, {
    each: options.each,
    message: `${name} must be ${options.each ? 'catalog codes' : 'a catalog code'} (UPPER_SNAKE_CASE, 2–64 characters) such as ${options.example ?? 'RECRUITMENT'}`,
  });

/** Validates an item key (or, with `each`, every element of an array). */
export const IsItemKey = (name = 'key', options: { each?: boolean; example?: string } = {}) =>
  Matches(ITEM_KEY, {
    each: options.each,
    message: `${name} must be ${options.each ? 'item keys' : 'an item key'} (lowerCamelCase) such as ${options.example ?? 'dateOfBirth'}`,
  });
